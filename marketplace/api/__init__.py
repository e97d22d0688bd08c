"""REST API of the marketplace app under /api/v1/marketplace/."""
