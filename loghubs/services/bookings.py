"""Bookings at the hub: check-in and completion by hub operators, no-shows freeing capacity (Celery beat),
and the one place that gives capacity back to slots."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import DateTimeField, DurationField, ExpressionWrapper, F, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from core.formatting import format_datetime
from organizations.audit import audit_record
from organizations.models import User

from ..models import BOOKED_REQUEST_STATES, Booking, BookingState, RequestState, ServiceRequest, Slot
from .common import ensure_hub_operator, refuse, transition

EARLY_CHECK_IN = timedelta(hours=24)
_TIMESTAMP = {BookingState.CANCELLED: "cancelled_at", BookingState.NO_SHOW: "no_show_at"}


def bookings_release(bookings: list[Booking], *, state: str, by: User | None, reason: str) -> None:
    """Give the bookings' capacity back to their slots and end them as cancelled or no-show.

    Slots are updated in id order, the same order acceptance locks them in, so the two never deadlock.
    """
    now = timezone.now()
    for booking in sorted(bookings, key=lambda b: b.slot_id):
        Slot.objects.filter(pk=booking.slot_id).update(booked=F("booked") - booking.quantity)
        before = booking.state
        booking.state = state
        setattr(booking, _TIMESTAMP[state], now)
        booking.updated_at = now
        audit_record(
            actor=by,
            action=f"booking.{state}",
            target=booking,
            organization=booking.offer.request.nation,
            changes={"state": [before, state], "reason": [None, reason]},
        )
    Booking.objects.bulk_update(bookings, ["state", "cancelled_at", "no_show_at", "updated_at"])


def _locked_booking(booking: Booking) -> Booking:
    return (
        Booking.objects.select_for_update(of=("self",))
        .select_related("slot__service__hub", "offer__request__nation")
        .get(pk=booking.pk)
    )


@transaction.atomic
def booking_check_in(*, booking: Booking, by: User) -> list[Booking]:
    """The cargo has arrived: check in this booking and the later slots of the same offer (the goods stay for the
    whole booked stay). The request is then in execution. Check-in opens 24 hours before the slot."""
    booking = _locked_booking(booking)
    hub = booking.slot.service.hub
    ensure_hub_operator(by, hub, doing=_("check cargo in"))
    if booking.state != BookingState.CONFIRMED:
        raise refuse(
            _("This booking is %(state)s; only confirmed bookings can be checked in.")
            % {"state": booking.get_state_display().lower()},
            code="invalid_state",
        )
    now = timezone.now()
    if now < booking.slot.start - EARLY_CHECK_IN:
        raise refuse(
            _("Check-in opens 24 hours before the slot (%(start)s).") % {"start": format_datetime(booking.slot.start)},
            code="too_early",
        )
    if now >= booking.slot.end:
        raise refuse(_("This slot has ended; check in a later slot of the booking."), code="slot_ended")
    group = list(
        Booking.objects.select_for_update().filter(
            offer_id=booking.offer_id, state=BookingState.CONFIRMED, slot__start__gte=booking.slot.start
        )
    )
    for item in group:
        item.state, item.checked_in_at, item.updated_at = BookingState.CHECKED_IN, now, now
    Booking.objects.bulk_update(group, ["state", "checked_in_at", "updated_at"])
    audit_record(
        actor=by,
        action="booking.checked_in",
        target=booking,
        organization=booking.offer.request.nation,
        changes={
            "state": [BookingState.CONFIRMED, BookingState.CHECKED_IN],
            "bookings": [None, sorted(item.pk for item in group)],
        },
    )
    request = ServiceRequest.objects.select_for_update().get(pk=booking.offer.request_id)
    if request.state in (RequestState.ACCEPTED, RequestState.SCHEDULED):
        transition(request, to=RequestState.IN_EXECUTION, by=by, action="checked_in")
    return group


@transaction.atomic
def booking_complete(*, booking: Booking, by: User) -> list[Booking]:
    """The service is done: complete this booking and the earlier checked-in slots of the same offer. When no
    slot of the request is left open, the request is completed."""
    booking = _locked_booking(booking)
    ensure_hub_operator(by, booking.slot.service.hub, doing=_("complete bookings"))
    if booking.state != BookingState.CHECKED_IN:
        raise refuse(_("Only checked-in bookings can be completed."), code="invalid_state")
    now = timezone.now()
    group = list(
        Booking.objects.select_for_update().filter(
            offer_id=booking.offer_id, state=BookingState.CHECKED_IN, slot__start__lte=booking.slot.start
        )
    )
    for item in group:
        item.state, item.completed_at, item.updated_at = BookingState.COMPLETED, now, now
    Booking.objects.bulk_update(group, ["state", "completed_at", "updated_at"])
    audit_record(
        actor=by,
        action="booking.completed",
        target=booking,
        organization=booking.offer.request.nation,
        changes={
            "state": [BookingState.CHECKED_IN, BookingState.COMPLETED],
            "bookings": [None, sorted(item.pk for item in group)],
        },
    )
    request = ServiceRequest.objects.select_for_update().get(pk=booking.offer.request_id)
    still_open = Booking.objects.filter(
        offer__request=request, state__in=[BookingState.CONFIRMED, BookingState.CHECKED_IN]
    ).exists()
    if not still_open and request.state == RequestState.IN_EXECUTION:
        transition(request, to=RequestState.COMPLETED, by=by, action="completed")
    return group


def _grace_deadline():
    grace = ExpressionWrapper(
        F("slot__service__no_show_grace_hours") * Value(timedelta(hours=1)), output_field=DurationField()
    )
    return ExpressionWrapper(F("slot__start") + grace, output_field=DateTimeField())


def bookings_mark_no_show(*, now: datetime | None = None) -> int:
    """Bookings whose cargo never arrived: when the first slot of an accepted offer passes its grace time without a
    check-in, every confirmed booking of that offer becomes a no-show and its capacity is free again (beat task).

    Each offer is handled in its own short transaction, skipping rows another worker holds.
    """
    now = now or timezone.now()
    arrived = Booking.objects.filter(state__in=[BookingState.CHECKED_IN, BookingState.COMPLETED]).values("offer_id")
    late_offers = list(
        Booking.objects.filter(state=BookingState.CONFIRMED)
        .annotate(deadline=_grace_deadline())
        .filter(deadline__lt=now)
        .exclude(offer_id__in=arrived)
        .values_list("offer_id", flat=True)
        .distinct()
    )
    marked = 0
    for offer_id in late_offers:
        with transaction.atomic():
            bookings = list(
                Booking.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("offer__request__nation")
                .filter(offer_id=offer_id, state=BookingState.CONFIRMED)
                .order_by("slot_id")
            )
            if (
                not bookings
                or Booking.objects.filter(
                    offer_id=offer_id, state__in=[BookingState.CHECKED_IN, BookingState.COMPLETED]
                ).exists()
            ):
                continue
            reason = _("Not checked in within the grace time.")
            bookings_release(bookings, state=BookingState.NO_SHOW, by=None, reason=reason)
            marked += len(bookings)
            request = ServiceRequest.objects.select_for_update().get(pk=bookings[0].offer.request_id)
            if request.state in BOOKED_REQUEST_STATES and request.state != RequestState.IN_EXECUTION:
                transition(request, to=RequestState.EXPIRED, by=None, action="no_show", reason=reason)
    return marked
