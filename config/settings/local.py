"""Development settings for `make run`: debug pages, console e-mail, a fixed dev secret."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "dev-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("DJANGO_DEBUG", "true")
os.environ.setdefault("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

from .base import *  # noqa: F403
