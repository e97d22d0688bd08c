"""Alliances: partner search, consortia, joint ventures and ARGEs with contract templates and signed agreements."""
