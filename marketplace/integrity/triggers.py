"""What the marketplace services call when a fact behind the flags changed (opening, award, amendment,
decision on an abnormally low tender): the recompute is queued once the change is committed."""

from __future__ import annotations

from core.queueing import enqueue_on_commit

from .tasks import recompute_tender_flags


def flags_recompute_later(*, tender_id: int) -> None:
    enqueue_on_commit(recompute_tender_flags, tender_id)
