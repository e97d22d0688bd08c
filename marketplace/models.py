"""Data of the marketplace app (filled in by its own issue)."""
