"""Abstract models every app may build on."""

from __future__ import annotations

from django.db import models


class TimeStamped(models.Model):
    """When a row was created and last changed, set by Django on save."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
