"""Cancelling a tender or one of its lots, with the reason told to every bidder concerned; a lot cancelled
last settles the tender (as an award would)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from organizations.lifecycle import transition
from organizations.models import User
from organizations.notifications import Body, notify_organizations

from ..models import LOT_TRANSITIONS, Bid, BidState, Lot, LotState, Tender, TenderState
from .evaluation import tender_settle
from .ocds import tender_release_publish
from .shared import ensure_officer_of, tender_link, tender_locked, tender_transition


@transaction.atomic
def tender_cancel(*, tender: Tender, reason: str, by: User) -> Tender:
    tender = tender_locked(tender, None)
    ensure_officer_of(user=by, buyer=tender.buyer)
    if not reason.strip():
        raise ApplicationError(_("Give the reason for the cancellation."), errors={"reason": [_("Required.")]})
    if not tender.can_be_cancelled:
        raise ApplicationError(_("This tender can no longer be cancelled."), code="invalid_state")
    tender.state_reason = reason.strip()
    tender.version += 1
    tender_transition(
        tender,
        to=TenderState.CANCELLED,
        by=by,
        action="tender.cancelled",
        reason=reason.strip(),
        fields=("state_reason", "version"),
    )
    tender.lots.exclude(state=LotState.AWARDED).update(state=LotState.CANCELLED, state_reason=reason.strip())
    _notify_bidders(tender, lambda: _("Tender cancelled: %(t)s") % {"t": tender.title}, reason.strip())
    tender_release_publish(tender=tender)
    return tender


@transaction.atomic
def lot_cancel(*, lot: Lot, reason: str, by: User) -> Lot:
    lot = Lot.objects.select_for_update().select_related("tender__buyer").get(pk=lot.pk)
    ensure_officer_of(user=by, buyer=lot.tender.buyer)
    if not reason.strip():
        raise ApplicationError(_("Give the reason for the cancellation."), errors={"reason": [_("Required.")]})
    if not lot.is_open:
        raise ApplicationError(_("This lot is no longer active."), code="invalid_state")
    lot.state_reason = reason.strip()
    transition(
        lot,
        table=LOT_TRANSITIONS,
        states=LotState,
        to=LotState.CANCELLED,
        by=by,
        action="lot.cancelled",
        organization=lot.tender.buyer,
        reason=reason.strip(),
        fields=("state_reason", "updated_at"),
        refusal=_("A lot that is %(state)s cannot become %(to)s."),
    )
    Tender.objects.filter(pk=lot.tender_id).update(version=F("version") + 1, updated_at=timezone.now())
    _notify_bidders(
        lot.tender,
        lambda: _("Lot %(n)d of %(t)s cancelled") % {"n": lot.number, "t": lot.tender.title},
        reason.strip(),
        lot=lot,
    )
    tender_settle(tender=lot.tender)
    tender_release_publish(tender=lot.tender)
    return lot


def _notify_bidders(tender: Tender, subject: Body, body: Body, lot: Lot | None = None) -> None:
    bids = Bid.objects.filter(tender=tender).exclude(state__in=[BidState.DRAFT, BidState.WITHDRAWN])
    if lot is not None:
        bids = bids.filter(lot_offers__lot=lot)
    notify_organizations(
        organizations=[b.bidder for b in bids.select_related("bidder")],
        subject=subject,
        body=body,
        link=tender_link(tender),
    )
