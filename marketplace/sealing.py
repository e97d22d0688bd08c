"""Sealed bids where other apps would show them: the audit log's seal on a bid's history until the opening."""

from __future__ import annotations

from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q
from django.db.models.functions import Cast

from organizations.audit_seals import register_audit_seal

from .models import Bid, bids_opened_condition


@register_audit_seal
def sealed_bid_entries(now: datetime) -> Q:
    """Every audit entry about a bid (created, updated, document added, submitted, withdrawn, …) whose tender's
    bids are not opened yet: titled with the bidder's name, it would tell the platform admin (and through the
    entries' count, anyone reading them) who bids and how many do. In SQL: the bids still sealed, as a subquery."""
    sealed = (
        Bid.objects.exclude(bids_opened_condition(now=now, prefix="tender__"))
        .order_by()
        .values_list(Cast("pk", output_field=CharField()), flat=True)
    )
    return Q(content_type=ContentType.objects.get_for_model(Bid), object_id__in=sealed)
