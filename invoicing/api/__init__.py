"""REST API of the invoicing app under /api/v1/invoicing/."""
