"""Offers: the hub nation's nAP proposes slots; the requesting nation accepts, which books the slots — never beyond
their capacity — or declines; offers past their validity expire (Celery beat)."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from core.formatting import format_datetime
from organizations.audit import audit_record
from organizations.models import User
from organizations.services import validate_model

from ..models import (
    Booking,
    HubService,
    Offer,
    OfferSlot,
    OfferState,
    RequestState,
    ServiceRequest,
    Slot,
)
from .cargo import cargo_problems, cargo_screen, ensure_hub_fits
from .common import ensure_nap, locked_request, refuse, required_reason, transition

OFFER_VALIDITY = timedelta(hours=72)


def _choose_service(request: ServiceRequest, fitting: list[HubService], service: HubService | None) -> HubService:
    if service is None:
        return fitting[0]
    if service.hub_id != request.routed_to_id or service.kind != request.service_kind:
        raise refuse(
            _("Choose a %(kind)s service of %(hub)s.")
            % {"kind": request.get_service_kind_display(), "hub": request.routed_to.name},
            field="service",
        )
    if service not in fitting:
        problems = cargo_problems(list(request.cargo_lines.all()), service)
        raise ApplicationError(
            problems[0] if problems else _("This service cannot take the request."),
            errors={"service": problems or [_("Not suitable.")]},
            code="cargo_not_accepted",
        )
    return service


def _slot_rows(
    request: ServiceRequest, service: HubService, slots: list[dict] | None, now: datetime
) -> list[tuple[Slot, int]]:
    """The slots an offer proposes, each checked against the period, the lead time and the free capacity."""
    if slots is None:
        chosen = list(
            Slot.objects.filter(
                service=service,
                start__lt=request.period_end,
                end__gt=request.period_start,
                start__gte=now + timedelta(hours=service.lead_time_hours),
            ).order_by("start")
        )
        if not chosen:
            raise refuse(
                _("%(service)s has no slots open in the requested period after its lead time of %(h)d hours.")
                % {"service": service, "h": service.lead_time_hours},
                field="slots",
            )
        rows, fields = [(slot, request.quantity) for slot in chosen], ["slots"] * len(chosen)
    else:
        if not slots:
            raise refuse(_("Offer at least one slot."), field="slots")
        ids = [int(item["slot"].pk if isinstance(item["slot"], Slot) else item["slot"]) for item in slots]
        if len(set(ids)) != len(ids):
            raise refuse(_("A slot appears twice."), field="slots")
        found = {slot.pk: slot for slot in Slot.objects.filter(pk__in=ids, service=service)}
        rows, fields = [], []
        for index, (slot_id, item) in enumerate(zip(ids, slots, strict=True)):
            if slot_id not in found:
                raise refuse(
                    _("Slot %(id)d is not a slot of %(service)s.") % {"id": slot_id, "service": service},
                    field=f"slots.{index}.slot",
                )
            rows.append((found[slot_id], int(item.get("quantity") or request.quantity)))
            fields.append(f"slots.{index}.quantity")
    for (slot, quantity), field in zip(rows, fields, strict=True):
        _check_slot(request, service, slot, quantity, field, now)
    return rows


def _check_slot(
    request: ServiceRequest, service: HubService, slot: Slot, quantity: int, field: str, now: datetime
) -> None:
    when = format_datetime(slot.start)
    if quantity <= 0:
        raise refuse(_("The quantity must be more than zero."), field=field)
    if slot.end <= request.period_start or slot.start >= request.period_end:
        raise refuse(
            _("The slot at %(when)s lies outside the requested period.") % {"when": when},
            field=field.replace("quantity", "slot"),
        )
    if slot.start < now + timedelta(hours=service.lead_time_hours):
        raise refuse(
            _("The slot at %(when)s starts within the service's lead time of %(h)d hours.")
            % {"when": when, "h": service.lead_time_hours},
            field=field.replace("quantity", "slot"),
        )
    if quantity > request.quantity:
        raise refuse(_("%(q)d is more than the %(r)d requested.") % {"q": quantity, "r": request.quantity}, field=field)
    if quantity > slot.capacity:
        raise refuse(
            _("%(q)d exceeds the slot's capacity of %(c)d (slot at %(when)s).")
            % {"q": quantity, "c": slot.capacity, "when": when},
            field=field,
            code="beyond_capacity",
        )
    if quantity > slot.free:
        raise refuse(
            _("Only %(f)d of %(c)d are free in the slot at %(when)s.")
            % {"f": slot.free, "c": slot.capacity, "when": when},
            field=field,
            code="insufficient_capacity",
        )


@transaction.atomic
def offer_create(
    *,
    request: ServiceRequest,
    by: User,
    service: HubService | None = None,
    slots: list[dict[str, Any]] | None = None,
    price: Decimal | None = None,
    currency: str = "EUR",
    cost_sharing_note: str = "",
    conditions: str = "",
    valid_until: datetime | None = None,
) -> Offer:
    """Answer a request routed to one of the nation's hubs with slots (nAP operators of the hub's nation only).

    Without `slots`, every slot of the service in the requested period (after the lead time) is offered for the
    requested quantity. An offer holds no capacity: acceptance books it, and may find it taken by then.
    """
    request = locked_request(request)
    hub = request.routed_to
    if hub is None or request.state != RequestState.COORDINATING:
        raise refuse(
            _("Offers answer requests the JCC has routed to a hub and that wait for an offer; this one is %(state)s.")
            % {"state": request.get_state_display().lower()},
            code="invalid_state",
        )
    ensure_nap(by, hub.nation_id, doing=_("make offers for %(hub)s") % {"hub": hub.name})
    lines = list(request.cargo_lines.all())
    service = _choose_service(request, ensure_hub_fits(request=request, hub=hub, lines=lines, field="service"), service)
    cargo_screen(request=request, hub=hub, lines=lines)
    now = timezone.now()
    rows = _slot_rows(request, service, slots, now)
    first_start = min(slot.start for slot, _quantity in rows)
    valid_until = valid_until or min(now + OFFER_VALIDITY, first_start)
    if valid_until <= now:
        raise refuse(_("The offer must stay valid for some time."), field="valid_until")
    if valid_until > first_start:
        raise refuse(
            _("The offer must expire before its first slot starts (%(when)s).")
            % {"when": format_datetime(first_start)},
            field="valid_until",
        )
    offer = Offer(
        request=request,
        hub=hub,
        service=service,
        price=price,
        currency=(currency or "EUR").upper()[:3],
        cost_sharing_note=cost_sharing_note.strip(),
        conditions=conditions.strip(),
        valid_until=valid_until,
        created_by=by,
    )
    validate_model(offer)
    offer.save()
    OfferSlot.objects.bulk_create([OfferSlot(offer=offer, slot=slot, quantity=q) for slot, q in rows])
    audit_record(
        actor=by,
        action="offer.created",
        target=offer,
        organization=hub.nation,
        changes={
            "request": [None, request.pk],
            "slots": [None, sorted(slot.pk for slot, _q in rows)],
            "valid_until": [None, valid_until.isoformat()],
        },
    )
    transition(request, to=RequestState.OFFERED, by=by, action="offered", changes={"offer": [None, offer.pk]})
    return offer


def _capacity_taken(row: OfferSlot) -> ApplicationError:
    slot = Slot.objects.select_related("service__hub").get(pk=row.slot_id)
    return ApplicationError(
        _(
            "Capacity taken: the %(service)s slot at %(when)s has %(free)d of %(cap)d %(unit)s free and %(q)d are "
            "needed. Another acceptance took it first; ask %(nation)s for a new offer."
        )
        % {
            "service": slot.service.name,
            "when": format_datetime(slot.start),
            "free": slot.free,
            "cap": slot.capacity,
            "unit": slot.service.get_unit_display(),
            "q": row.quantity,
            "nation": slot.service.hub.nation,
        },
        errors={"slots": [_("Capacity taken.")]},
        code="capacity_taken",
    )


@transaction.atomic
def offer_accept(*, offer: Offer, by: User) -> list[Booking]:
    """Accept an offer (the requesting nation's nAP): book every slot or none, never beyond capacity.

    Each slot is booked with one guarded `UPDATE … SET booked = booked + n WHERE booked + n <= capacity`, in slot-id
    order so concurrent acceptances cannot deadlock; PostgreSQL re-checks the condition after waiting for a
    competitor's row lock, and the CHECK constraint `booked <= capacity` stands behind it. The loser gets 409
    `capacity_taken` and nothing of its offer is booked.
    """
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    request = ServiceRequest.objects.select_for_update(of=("self",)).select_related("nation").get(pk=offer.request_id)
    ensure_nap(by, request.nation, doing=_("accept offers for this request"))
    if offer.state != OfferState.OFFERED:
        raise refuse(
            _("This offer is %(state)s; it can no longer be accepted.") % {"state": offer.get_state_display().lower()},
            code="offer_closed",
        )
    now = timezone.now()
    if offer.valid_until <= now:
        raise refuse(
            _("This offer expired at %(when)s; ask for a new one.") % {"when": format_datetime(offer.valid_until)},
            code="offer_expired",
        )
    rows = list(OfferSlot.objects.filter(offer=offer).order_by("slot_id"))
    for row in rows:
        try:
            taken = Slot.objects.filter(pk=row.slot_id, booked__lte=F("capacity") - row.quantity).update(
                booked=F("booked") + row.quantity
            )
        except IntegrityError as error:
            # The CHECK constraint caught what the guard should have; the transaction is aborted, so the answer
            # cannot look up the slot's figures.
            raise ApplicationError(
                _("Capacity taken: another acceptance took the slot first."), code="capacity_taken"
            ) from error
        if not taken:
            raise _capacity_taken(row)
    bookings = Booking.objects.bulk_create(
        [Booking(offer=offer, slot_id=row.slot_id, quantity=row.quantity) for row in rows]
    )
    offer.state, offer.decided_at, offer.decided_by = OfferState.ACCEPTED, now, by
    offer.save(update_fields=["state", "decided_at", "decided_by"])
    audit_record(
        actor=by,
        action="offer.accepted",
        target=offer,
        organization=request.nation,
        changes={"state": [OfferState.OFFERED, OfferState.ACCEPTED], "bookings": [None, [b.pk for b in bookings]]},
    )
    transition(request, to=RequestState.ACCEPTED, by=by, action="accepted", changes={"offer": [None, offer.pk]})
    return bookings


@transaction.atomic
def offer_decline(*, offer: Offer, by: User, reason: str) -> Offer:
    """The requesting nation turns an offer down; the hub's nation may offer again or the JCC route elsewhere."""
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    request = locked_request(offer.request)
    ensure_nap(by, request.nation_id, doing=_("decline offers for this request"))
    reason = required_reason(reason, what=_("declining the offer"))
    if offer.state != OfferState.OFFERED:
        raise refuse(
            _("This offer is %(state)s.") % {"state": offer.get_state_display().lower()},
            code="offer_closed",
        )
    offer.state, offer.decided_at, offer.decided_by, offer.decline_reason = (
        OfferState.DECLINED,
        timezone.now(),
        by,
        reason,
    )
    offer.save(update_fields=["state", "decided_at", "decided_by", "decline_reason"])
    audit_record(
        actor=by,
        action="offer.declined",
        target=offer,
        organization=request.nation,
        changes={"state": [OfferState.OFFERED, OfferState.DECLINED], "reason": [None, reason]},
    )
    transition(request, to=RequestState.COORDINATING, by=by, action="offer_declined", reason=reason)
    return offer


def offers_expire(*, now: datetime | None = None) -> int:
    """Open offers past their validity expire; their requests wait for a new offer (beat task)."""
    now = now or timezone.now()
    expired = 0
    with transaction.atomic():
        for offer in Offer.objects.select_for_update(skip_locked=True).filter(
            state=OfferState.OFFERED, valid_until__lte=now
        ):
            offer.state, offer.decided_at = OfferState.EXPIRED, now
            offer.save(update_fields=["state", "decided_at"])
            audit_record(
                actor=None,
                action="offer.expired",
                target=offer,
                organization=None,
                changes={"state": [OfferState.OFFERED, OfferState.EXPIRED]},
            )
            request = locked_request(offer.request)
            if request.state == RequestState.OFFERED:
                transition(
                    request,
                    to=RequestState.COORDINATING,
                    by=None,
                    action="offer_expired",
                    reason=_("The offer expired unanswered."),
                )
            expired += 1
    return expired


def requests_expire(*, now: datetime | None = None) -> int:
    """Requests whose period has begun without an accepted offer expire (beat task)."""
    now = now or timezone.now()
    states = [
        RequestState.DRAFT,
        RequestState.SUBMITTED,
        RequestState.COORDINATING,
        RequestState.OFFERED,
        RequestState.DECLINED,
    ]
    expired = 0
    with transaction.atomic():
        for request in ServiceRequest.objects.select_for_update(skip_locked=True).filter(
            state__in=states, period_start__lte=now
        ):
            request.offers.filter(state=OfferState.OFFERED).update(state=OfferState.EXPIRED, decided_at=now)
            transition(
                request,
                to=RequestState.EXPIRED,
                by=None,
                action="expired",
                reason=_("The period began without an accepted offer."),
            )
            expired += 1
    return expired
