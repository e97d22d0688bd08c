"""Data of the loghubs app (filled in by its own issue)."""
