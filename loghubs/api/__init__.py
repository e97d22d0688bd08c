"""REST API of the loghubs app under /api/v1/loghubs/."""
