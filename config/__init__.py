"""Project wiring for ALX: settings, URL routing, the Celery app and the embedded dev services."""

from .celery_app import app as celery_app

__all__ = ["celery_app"]
