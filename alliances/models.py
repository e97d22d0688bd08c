"""Data of the alliances app (filled in by its own issue)."""
