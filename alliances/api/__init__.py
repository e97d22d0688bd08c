"""REST API of the alliances app under /api/v1/alliances/."""
