"""Picker answers for forms that name a hub (every active hub, known to every signed-in planner) or a booking
(only those the user may see, found by its number, its request's LH number, the hub or the requesting unit)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Q

from organizations.pickers import LIMIT, Option, fold, folded, picker_answer

from .. import selectors
from ..models import HOLDING_BOOKING_STATES
from ..pickers import booking_option, bookings_matching


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


@login_required
def booking_pick(request):
    """Live bookings (still holding their capacity) the user may see: a cancelled one is nothing to point at."""
    bookings = selectors.booking_list_visible_to(user=request.user).filter(state__in=HOLDING_BOOKING_STATES)
    found = bookings_matching(bookings, request.GET.get("q", ""))
    return picker_answer(request, (booking_option(booking) for booking in found[:LIMIT]))
