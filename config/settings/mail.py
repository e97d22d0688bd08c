"""The default mailer's settings for the Django version in use: MAILERS from Django 6.1, EMAIL_* before it."""

from __future__ import annotations

from typing import Any

import django

# Django 6.1 replaced the EMAIL_* settings with MAILERS and warns about the old names (an error in the tests);
# 5.2 LTS, the default, knows only the old names. Settings modules call this instead of naming either.
_LEGACY_NAMES = {
    "host": "EMAIL_HOST",
    "port": "EMAIL_PORT",
    "username": "EMAIL_HOST_USER",
    "password": "EMAIL_HOST_PASSWORD",
    "use_tls": "EMAIL_USE_TLS",
}


def mail_settings(*, backend: str, **options: Any) -> dict[str, Any]:
    """Settings that make `backend` (with SMTP `options` named as the backend takes them) the default mailer."""
    unknown = set(options) - set(_LEGACY_NAMES)
    if unknown:
        raise ValueError(f"unknown mail options: {sorted(unknown)}")
    if django.VERSION >= (6, 1):
        return {"MAILERS": {"default": {"BACKEND": backend, "OPTIONS": options}}}
    return {"EMAIL_BACKEND": backend} | {_LEGACY_NAMES[name]: value for name, value in options.items()}
