"""The award's guard for abnormally low tenders: no award passes a flagged offer until its explanation
procedure is closed, and an offer rejected as abnormally low is passed over. Called by the marketplace's
award services (`services.evaluation`), so this module needs only models and the flag computation."""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.errors import ApplicationError

from ..models import Lot
from .compute import flags_recompute
from .models import ALT_OPEN_STATES, AltCase, AltState


def ensure_alt_closed(*, lot: Lot) -> None:
    """Recompute the tender's flags now (the task queued at the opening may not have run yet), then refuse
    while any offer of the lot is in an open abnormally-low procedure."""
    flags_recompute(tender_ids=[lot.tender_id])
    open_cases = AltCase.objects.filter(lot_id=lot.pk, state__in=ALT_OPEN_STATES).count()
    if open_cases:
        message = _(
            "Lot %(n)d has %(count)d offer(s) flagged as possibly abnormally low. Ask the bidder to "
            "explain and record your decision (Directive 2014/24/EU Art. 69, 2009/81/EC Art. 49) "
            "before the award."
        ) % {"n": lot.number, "count": open_cases}
        raise ApplicationError(message, code="alt_procedure_open", errors={"lot": [message]})


def alt_rejected_offer_ids(*, lot: Lot) -> set[int]:
    return set(AltCase.objects.filter(lot_id=lot.pk, state=AltState.REJECTED).values_list("offer_id", flat=True))
