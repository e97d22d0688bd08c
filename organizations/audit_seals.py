"""Seals on the audit log: entries another app keeps hidden until a moment it decides (sealed bids until the
opening), applied in SQL by the one audit selector for the API, the /audit/ page and the Django admin.

The organizations app knows nothing of bids, so each app registers a seal: a function that, given the moment
of the read, returns the condition (a `Q` on `AuditEntry`) of the entries still sealed then. An entry under a
seal stays visible to the members of the organization it belongs to (the bidder sees its own bid's history).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.db.models import Q

AuditSeal = Callable[[datetime], Q]
_SEALS: list[AuditSeal] = []


def register_audit_seal(seal: AuditSeal) -> AuditSeal:
    """Register `seal(now) -> Q`: the audit entries that nobody outside their own organization may read yet."""
    _SEALS.append(seal)
    return seal


def sealed_entries(*, now: datetime) -> Q | None:
    """The entries under any seal at `now`, or None when no app registered one."""
    conditions = [seal(now) for seal in _SEALS]
    if not conditions:
        return None
    combined = conditions[0]
    for condition in conditions[1:]:
        combined |= condition
    return combined
