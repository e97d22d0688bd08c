"""The contracting REST API under /api/v1/contracting/."""
