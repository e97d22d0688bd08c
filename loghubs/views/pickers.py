"""Picker answers for forms that name a hub (every active hub, known to every signed-in planner) or a booking
(only those the user may see, found by its number, its request's LH number, the hub or the requesting unit)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Q

from core.formatting import format_period, format_quantity
from organizations.pickers import LIMIT, Option, fold, folded, picker_answer

from .. import selectors
from ..models import HOLDING_BOOKING_STATES, Booking


@login_required
def hub_pick(request):
    words = fold(request.GET.get("q", "")).split()
    if not words:
        return picker_answer(request, [])
    hubs = selectors.hub_list().prefetch_related(None).annotate(folded_name=folded("name"), folded_city=folded("city"))
    for word in words:
        hubs = hubs.filter(Q(folded_name__contains=word) | Q(folded_city__contains=word))
    return picker_answer(
        request, (Option(hub.pk, hub.name, f"{hub.city} · {hub.nation.legal_name}") for hub in hubs[:LIMIT])
    )


def booking_option(booking: Booking) -> Option:
    """A booking as people know it: its request's LH number, the hub and the slot's period (in the reader's
    format and time zone), then the requesting unit, the quantity and the state."""
    service_request, slot = booking.offer.request, booking.slot
    return Option(
        booking.pk,
        f"LH-{service_request.pk} · {slot.service.hub.name} · {format_period(slot.start, slot.end)}",
        " · ".join(
            (
                service_request.requesting_unit,
                format_quantity(booking.quantity, slot.service.get_unit_display()),
                booking.get_state_display(),
            )
        ),
    )


def _bookings_matching(bookings, query: str):
    """A number ("17", "#17", "LH-17") names the booking or its request; words must each be found in the hub's
    name or city, the requesting unit or the service's name (diacritics folded)."""
    number = query.strip().upper().removeprefix("LH-").removeprefix("LH").lstrip("#").strip()
    if number.isdigit():
        return bookings.filter(Q(pk=int(number)) | Q(offer__request_id=int(number)))
    words = fold(query).split()
    if not words:
        return bookings.none()
    bookings = bookings.annotate(
        folded_hub=folded("slot__service__hub__name"),
        folded_city=folded("slot__service__hub__city"),
        folded_unit=folded("offer__request__requesting_unit"),
        folded_service=folded("slot__service__name"),
    )
    for word in words:
        bookings = bookings.filter(
            Q(folded_hub__contains=word)
            | Q(folded_city__contains=word)
            | Q(folded_unit__contains=word)
            | Q(folded_service__contains=word)
        )
    return bookings


@login_required
def booking_pick(request):
    """Live bookings (still holding their capacity) the user may see: a cancelled one is nothing to point at."""
    bookings = selectors.booking_list_visible_to(user=request.user).filter(state__in=HOLDING_BOOKING_STATES)
    found = _bookings_matching(bookings, request.GET.get("q", ""))
    return picker_answer(request, (booking_option(booking) for booking in found[:LIMIT]))
