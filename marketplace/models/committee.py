"""A tender's evaluation committee: officers named per tender who alone open and score its bids, stored as
django-guardian per-object grants of `marketplace.evaluate_tender` in a direct foreign-key table."""

from __future__ import annotations

from django.db import models
from guardian.models import UserObjectPermissionBase

EVALUATE_TENDER = "evaluate_tender"


class TenderUserObjectPermission(UserObjectPermissionBase):
    """Per-person grants on one tender (today: membership of its evaluation committee); indexed, dies with it."""

    content_object = models.ForeignKey("marketplace.Tender", on_delete=models.CASCADE, related_name="user_grants")

    class Meta(UserObjectPermissionBase.Meta):
        abstract = False
        verbose_name = "tender grant"
