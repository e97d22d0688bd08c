"""Service requests from a nation's nAP: draft, submit, cancel (after the cut-off only with the hub's agreement),
and the hub side's answers that are not offers: decline, schedule."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.audit import audit_record, diff, snapshot
from organizations.models import Organization, OrganizationKind, User
from organizations.services import validate_model

from ..models import Booking, BookingState, CargoLine, Hub, OfferState, RequestState, ServiceRequest
from .bookings import bookings_release
from .cargo import cargo_lines_build, cargo_screen, ensure_hub_fits
from .common import (
    ensure_future_period,
    ensure_hub_side,
    ensure_nap,
    locked_request,
    refuse,
    required_reason,
    transition,
)

REQUEST_FIELDS = [
    "requesting_unit",
    "service_kind",
    "target_hub",
    "period_start",
    "period_end",
    "quantity",
    "priority",
    "mode_in",
    "mode_out",
]
CANCELLABLE_DIRECTLY = {
    RequestState.DRAFT,
    RequestState.SUBMITTED,
    RequestState.COORDINATING,
    RequestState.OFFERED,
    RequestState.DECLINED,
}


def _apply(request: ServiceRequest, data: dict[str, Any]) -> None:
    unknown = set(data) - set(REQUEST_FIELDS)
    if unknown:
        raise refuse(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    for name, value in data.items():
        setattr(request, name, value.strip() if isinstance(value, str) and name == "requesting_unit" else value)


def _validate(request: ServiceRequest, lines: list[CargoLine]) -> None:
    """Everything a request must satisfy to be filed: a future period, sane numbers, and — when it names a hub —
    a hub that offers the service, takes the cargo, has slots large enough, and may receive the cargo."""
    if request.period_start and request.period_end:
        ensure_future_period(request.period_start, request.period_end)
    if request.quantity is not None and request.quantity <= 0:
        raise refuse(_("The quantity must be more than zero."), field="quantity")
    if request.priority not in range(1, 6):
        raise refuse(_("The priority runs from 1 (highest) to 5 (routine)."), field="priority")
    validate_model(request)
    hub: Hub | None = request.target_hub
    if hub is not None:
        if not hub.is_active:
            raise refuse(_("%(hub)s takes no requests at the moment.") % {"hub": hub.name}, field="target_hub")
        ensure_hub_fits(request=request, hub=hub, lines=lines, field="target_hub")
        cargo_screen(request=request, hub=hub, lines=lines)


def _save_lines(request: ServiceRequest, lines: list[CargoLine]) -> None:
    request.cargo_lines.all().delete()
    for line in lines:
        line.request = request
    CargoLine.objects.bulk_create(lines)


@transaction.atomic
def request_create(*, nation: Organization, by: User, cargo: list[dict] | None = None, **data: Any) -> ServiceRequest:
    """File a draft request for one of the nation's units (nAP operators of that nation only).

    Cargo lines are checked as typed; when the request names a hub, the hub must take the service, the cargo
    and the quantity, and export screening for the hub's nation must allow every line.
    """
    ensure_nap(by, nation, doing=_("file requests for this nation"))
    if nation.kind != OrganizationKind.NATION:
        raise refuse(_("Requests are filed for a nation."), field="nation")
    request = ServiceRequest(nation=nation, created_by=by)
    _apply(request, data)
    lines = cargo_lines_build(cargo or [])
    _validate(request, lines)
    request.save()
    _save_lines(request, lines)
    audit_record(
        actor=by,
        action="service_request.created",
        target=request,
        organization=nation,
        changes=diff({}, snapshot(request, REQUEST_FIELDS)),
    )
    return request


@transaction.atomic
def request_update(
    *, request: ServiceRequest, by: User, cargo: list[dict] | None = None, **data: Any
) -> ServiceRequest:
    """Change a draft; `cargo`, when given, replaces every cargo line."""
    request = locked_request(request)
    ensure_nap(by, request.nation_id, doing=_("change this request"))
    if request.state != RequestState.DRAFT:
        raise refuse(_("Only drafts can be changed; cancel and file a new request."), code="invalid_state")
    before = snapshot(request, REQUEST_FIELDS)
    _apply(request, data)
    lines = cargo_lines_build(cargo) if cargo is not None else list(request.cargo_lines.all())
    _validate(request, lines)
    request.save()
    if cargo is not None:
        _save_lines(request, lines)
    audit_record(
        actor=by,
        action="service_request.updated",
        target=request,
        organization=request.nation,
        changes=diff(before, snapshot(request, REQUEST_FIELDS)),
    )
    return request


@transaction.atomic
def request_submit(*, request: ServiceRequest, by: User) -> ServiceRequest:
    """Send a draft to the JCC. Everything is checked again: time has passed and hubs change."""
    request = locked_request(request)
    ensure_nap(by, request.nation_id, doing=_("submit this request"))
    lines = list(request.cargo_lines.all())
    if request.state != RequestState.DRAFT:
        raise refuse(_("This request was already submitted."), code="invalid_state")
    _validate(request, lines)
    CargoLine.objects.bulk_update(lines, ["screening_outcome", "screening_reasons"])
    request.submitted_at = timezone.now()
    return transition(request, to=RequestState.SUBMITTED, by=by, action="submitted", fields=("submitted_at",))


def _holding_bookings(request: ServiceRequest):
    return (
        Booking.objects.filter(offer__request=request, state=BookingState.CONFIRMED)
        .select_related("slot__service", "offer__request__nation")
        .order_by("slot_id")
    )


@transaction.atomic
def request_cancel(*, request: ServiceRequest, by: User, reason: str) -> ServiceRequest:
    """Cancel a request (its nation's nAP). Before anything is booked it ends at once; booked slots are freed
    at once until the earliest slot's cancellation cut-off, and after it only when the hub agrees — then the
    cancellation waits for `request_cancellation_decide`."""
    request = locked_request(request)
    ensure_nap(by, request.nation_id, doing=_("cancel this request"))
    reason = required_reason(reason, what=_("the cancellation"))
    if request.state in CANCELLABLE_DIRECTLY:
        request.offers.filter(state=OfferState.OFFERED).update(
            state=OfferState.DECLINED, decided_at=timezone.now(), decided_by=by, decline_reason=reason
        )
        request.cancellation_reason = reason
        return transition(
            request,
            to=RequestState.CANCELLED,
            by=by,
            action="cancelled",
            reason=reason,
            fields=("cancellation_reason",),
        )
    if request.state not in (RequestState.ACCEPTED, RequestState.SCHEDULED):
        raise refuse(
            _("A request that is %(state)s can no longer be cancelled.")
            % {"state": request.get_state_display().lower()},
            code="invalid_state",
        )
    bookings = list(_holding_bookings(request))
    now = timezone.now()
    cutoff = min(
        (b.slot.start - timedelta(hours=b.slot.service.cancellation_cutoff_hours) for b in bookings),
        default=now + timedelta(days=1),
    )
    if now < cutoff:
        bookings_release(bookings, state=BookingState.CANCELLED, by=by, reason=reason)
        request.cancellation_reason = reason
        return transition(
            request,
            to=RequestState.CANCELLED,
            by=by,
            action="cancelled",
            reason=reason,
            fields=("cancellation_reason",),
        )
    if request.cancellation_requested_at is not None:
        raise refuse(_("A cancellation is already waiting for the hub's agreement."), code="cancellation_pending")
    request.cancellation_requested_at = now
    request.cancellation_reason = reason
    request.cancellation_refusal = ""
    request.save(
        update_fields=["cancellation_requested_at", "cancellation_reason", "cancellation_refusal", "updated_at"]
    )
    audit_record(
        actor=by,
        action="service_request.cancellation_requested",
        target=request,
        organization=request.nation,
        changes={"reason": [None, reason], "cut_off": [None, cutoff.isoformat()]},
    )
    return request


@transaction.atomic
def request_cancellation_decide(*, request: ServiceRequest, by: User, agree: bool, reason: str = "") -> ServiceRequest:
    """The hub's answer to a cancellation requested after the cut-off: agree (slots freed) or refuse (with why)."""
    request = locked_request(request)
    hub = request.routed_to
    if hub is None or request.cancellation_requested_at is None:
        raise refuse(_("No cancellation is waiting for a decision."), code="invalid_state")
    ensure_hub_side(by, hub, doing=_("decide on this cancellation"))
    if agree:
        bookings_release(
            list(_holding_bookings(request)), state=BookingState.CANCELLED, by=by, reason=request.cancellation_reason
        )
        request.cancellation_requested_at = None
        return transition(
            request,
            to=RequestState.CANCELLED,
            by=by,
            action="cancellation_agreed",
            reason=reason.strip() or request.cancellation_reason,
            fields=("cancellation_requested_at",),
        )
    reason = required_reason(reason, what=_("refusing the cancellation"))
    request.cancellation_requested_at = None
    request.cancellation_refusal = reason
    request.save(update_fields=["cancellation_requested_at", "cancellation_refusal", "updated_at"])
    audit_record(
        actor=by,
        action="service_request.cancellation_refused",
        target=request,
        organization=request.nation,
        changes={"reason": [None, reason]},
    )
    return request


@transaction.atomic
def request_decline(*, request: ServiceRequest, by: User, reason: str) -> ServiceRequest:
    """The hub nation's nAP declines a request routed to its hub; the JCC may route it elsewhere."""
    request = locked_request(request)
    hub = request.routed_to
    if hub is None:
        raise refuse(_("This request is not routed to a hub yet."), code="invalid_state")
    ensure_nap(by, hub.nation_id, doing=_("answer requests for %(hub)s") % {"hub": hub.name})
    if request.state != RequestState.COORDINATING:
        raise refuse(_("Only a request waiting for an offer can be declined."), code="invalid_state")
    request.decline_reason = required_reason(reason, what=_("declining"))
    return transition(
        request,
        to=RequestState.DECLINED,
        by=by,
        action="declined",
        reason=request.decline_reason,
        fields=("decline_reason",),
    )


@transaction.atomic
def request_schedule(*, request: ServiceRequest, by: User, note: str = "") -> ServiceRequest:
    """The hub confirms its handling plan for an accepted request (arrival windows, docks, tracks)."""
    request = locked_request(request)
    if request.routed_to is None or request.state != RequestState.ACCEPTED:
        raise refuse(_("Only an accepted request can be scheduled."), code="invalid_state")
    ensure_hub_side(by, request.routed_to, doing=_("schedule this request"))
    return transition(request, to=RequestState.SCHEDULED, by=by, action="scheduled", reason=note.strip())
