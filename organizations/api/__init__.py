"""REST API of the organizations app under /api/v1/organizations/."""
