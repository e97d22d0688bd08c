"""REST API of the compliance app under /api/v1/compliance/."""
