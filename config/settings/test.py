"""Test settings: the real services of `make test`, a fast password hasher, e-mail kept in memory."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("DJANGO_DEBUG", "false")

from .base import *  # noqa: F403
from .base import env
from .mail import mail_settings

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
globals().update(mail_settings(backend="django.core.mail.backends.locmem.EmailBackend"))
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
CELERY_TASK_EAGER_PROPAGATES = True
# Tests run inside a transaction that other connections cannot see; the threaded path has its own test.
MATCHING_WORKERS = 1
CACHES["default"]["KEY_PREFIX"] = "alx-test"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
# Serve static files straight from the app folders, as in development (no collectstatic in tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
