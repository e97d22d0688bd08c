"""How a LogHubs booking is named and found wherever a form points at one (the booking picker, the delivery
form of contracting): one label, so the option a user picked reads the same in the confirmation."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from core.formatting import format_period, format_quantity
from organizations.pickers import Option, fold, folded

from .models import Booking


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


def bookings_matching(bookings: QuerySet[Booking], query: str) -> QuerySet[Booking]:
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
