"""The Celery application: JSON-only payloads, time limits and periodic tasks, configured from Django settings."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("alx")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Periodic tasks are declared here, in code, so every deployment runs the same schedule.
app.conf.beat_schedule = {}
