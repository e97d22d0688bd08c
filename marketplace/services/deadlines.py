"""The moves the deadlines make (Celery beat): questions close, bids open, tenders without a valid bid end
unsuccessful; exactly once per tender, however often beat runs."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from ..integrity.triggers import flags_recompute_later
from ..models import OPEN_FOR_BIDS, LotState, Tender, TenderState
from .bids import bids_open
from .ocds import tender_release_publish
from .shared import tender_transition


def tenders_advance(*, now: datetime | None = None) -> dict[str, int]:
    """Move tenders whose deadlines passed: published → tendering → evaluation (or unsuccessful without bids).

    Each row is locked and re-checked, so two beat runs at once move each tender exactly once."""
    now = now or timezone.now()
    moved = {"tendering": 0, "evaluation": 0, "unsuccessful": 0}
    with transaction.atomic():
        for tender in Tender.objects.select_for_update(skip_locked=True).filter(
            state=TenderState.PUBLISHED, enquiry_deadline__lte=now, submission_deadline__gt=now
        ):
            tender_transition(tender, to=TenderState.TENDERING, by=None, action="tender.questions_closed")
            tender_release_publish(tender=tender)
            moved["tendering"] += 1
    with transaction.atomic():
        for tender in Tender.objects.select_for_update(skip_locked=True).filter(
            state__in=OPEN_FOR_BIDS, submission_deadline__lte=now
        ):
            valid = bids_open(tender=tender, at=tender.submission_deadline)
            tender.version += 1
            tender_transition(
                tender,
                to=TenderState.EVALUATION if valid else TenderState.UNSUCCESSFUL,
                by=None,
                action="tender.bids_opened" if valid else "tender.unsuccessful",
                fields=("version",),
                changes={"valid_bids": [None, valid]},
            )
            if not valid:
                tender.lots.filter(state=LotState.ACTIVE).update(state=LotState.UNSUCCESSFUL)
            tender_release_publish(tender=tender)
            moved[tender.state] += 1
            flags_recompute_later(tender_id=tender.pk)
    return moved
