"""API plumbing shared by every app: error format, pagination, throttling, idempotency, base ViewSet."""
