"""Offers and bookings: only the hub's nation offers, slots within capacity, acceptance books without overbooking,
expired offers, check-in and completion by hub operators, no-shows freeing capacity."""

from datetime import timedelta

import pytest
from django.db.models import Sum
from django.utils import timezone

from core.api.errors import status_for
from core.errors import ApplicationError
from loghubs import services
from loghubs.models import Booking, BookingState, Offer, OfferState, RequestState, ServiceRequest, Slot
from organizations.models import AuditEntry
from tests.loghubs.factories import Network, hub, request_data, routed, service

pytestmark = pytest.mark.django_db


@pytest.fixture
def net():
    return Network()


def _refusal(call) -> ApplicationError:
    with pytest.raises(ApplicationError) as caught:
        call()
    return caught.value


def _booked(svc) -> int:
    return Slot.objects.filter(service=svc).aggregate(total=Sum("booked"))["total"]


def test_offer_covers_the_requested_period_by_default(net):
    request, offer = net.offered()
    assert request.state == RequestState.OFFERED
    rows = list(offer.slot_rows.select_related("slot").order_by("slot__start"))
    assert len(rows) == 3
    assert {row.quantity for row in rows} == {5}
    assert offer.valid_until <= rows[0].slot.start


def test_offers_on_another_nations_hub_are_refused(net):
    request = routed(net.de, net.de_nap, net.hub, net.jcc)
    error = _refusal(lambda: services.offer_create(request=request, by=net.pl_nap))
    assert status_for(error.code) == 403
    assert "Lithuania" in error.message
    error = _refusal(lambda: services.offer_create(request=request, by=net.de_nap))  # the requester, not the hub
    assert status_for(error.code) == 403


def test_offer_needs_a_routed_request(net):
    request = services.request_create(nation=net.de, by=net.de_nap, **request_data(net.hub))
    assert status_for(_refusal(lambda: services.offer_create(request=request, by=net.lt_nap)).code) == 409


def test_offer_quantity_beyond_a_slots_capacity_is_refused(net):
    request = routed(net.de, net.de_nap, net.hub, net.jcc, quantity=20)
    slot = Slot.objects.filter(service=net.storage).order_by("start")[1]
    error = _refusal(
        lambda: services.offer_create(request=request, by=net.lt_nap, slots=[{"slot": slot.pk, "quantity": 25}])
    )
    assert "slots.0.quantity" in error.errors  # more than requested
    Slot.objects.filter(pk=slot.pk).update(capacity=10)
    error = _refusal(
        lambda: services.offer_create(request=request, by=net.lt_nap, slots=[{"slot": slot.pk, "quantity": 15}])
    )
    assert error.code == "beyond_capacity"
    assert "capacity of 10" in error.message
    Slot.objects.filter(pk=slot.pk).update(capacity=20, booked=18)
    error = _refusal(
        lambda: services.offer_create(request=request, by=net.lt_nap, slots=[{"slot": slot.pk, "quantity": 5}])
    )
    assert error.code == "insufficient_capacity"
    assert "Only 2 of 20" in error.message


def test_offer_slots_must_belong_to_the_service_and_period(net):
    request = routed(net.de, net.de_nap, net.hub, net.jcc)
    other = service(hub(net.lt, name="Other hub"), capacity=50)
    foreign = Slot.objects.filter(service=other).first()
    error = _refusal(lambda: services.offer_create(request=request, by=net.lt_nap, slots=[{"slot": foreign.pk}]))
    assert "slots.0.slot" in error.errors
    late = Slot.objects.filter(service=net.storage).order_by("-start").first()
    error = _refusal(lambda: services.offer_create(request=request, by=net.lt_nap, slots=[{"slot": late.pk}]))
    assert "outside the requested period" in error.message


def test_acceptance_books_every_slot_and_audits(net):
    request, offer = net.offered()
    bookings = services.offer_accept(offer=offer, by=net.de_nap)
    assert len(bookings) == 3
    assert {b.state for b in bookings} == {BookingState.CONFIRMED}
    assert _booked(net.storage) == 15
    request.refresh_from_db()
    offer.refresh_from_db()
    assert request.state == RequestState.ACCEPTED
    assert offer.state == OfferState.ACCEPTED
    assert AuditEntry.objects.filter(action="offer.accepted", actor=net.de_nap).exists()


def test_only_the_requesting_nation_accepts(net):
    _request, offer = net.offered()
    assert status_for(_refusal(lambda: services.offer_accept(offer=offer, by=net.lt_nap)).code) == 403
    assert status_for(_refusal(lambda: services.offer_accept(offer=offer, by=net.jcc)).code) == 403


def test_accepting_an_expired_offer_is_refused(net):
    _request, offer = net.offered()
    Offer.objects.filter(pk=offer.pk).update(valid_until=timezone.now() - timedelta(minutes=1))
    error = _refusal(lambda: services.offer_accept(offer=offer, by=net.de_nap))
    assert error.code == "offer_expired"
    assert status_for(error.code) == 409
    assert _booked(net.storage) == 0
    assert not Booking.objects.exists()


def test_the_second_acceptance_for_the_last_capacity_gets_capacity_taken(net):
    _first, first_offer = net.offered(quantity=15)
    second, second_offer = net.offered(quantity=10, requesting_unit="Another unit")
    services.offer_accept(offer=first_offer, by=net.de_nap)
    error = _refusal(lambda: services.offer_accept(offer=second_offer, by=net.de_nap))
    assert error.code == "capacity_taken"
    assert status_for(error.code) == 409
    assert "5 of 20" in error.message
    assert _booked(net.storage) == 45  # 3 slots × 15, nothing of the loser
    second.refresh_from_db()
    assert second.state == RequestState.OFFERED


def test_declining_an_offer_returns_the_request_to_the_hub(net):
    request, offer = net.offered()
    assert "reason" in _refusal(lambda: services.offer_decline(offer=offer, by=net.de_nap, reason=" ")).errors
    services.offer_decline(offer=offer, by=net.de_nap, reason="Too expensive.")
    request.refresh_from_db()
    assert request.state == RequestState.COORDINATING
    assert services.offer_create(request=request, by=net.lt_nap).state == OfferState.OFFERED


def test_unanswered_offers_and_stale_requests_expire(net):
    request, offer = net.offered()
    Offer.objects.filter(pk=offer.pk).update(valid_until=timezone.now() - timedelta(seconds=1))
    assert services.offers_expire() == 1
    request.refresh_from_db()
    assert request.state == RequestState.COORDINATING
    assert services.requests_expire(now=request.period_start + timedelta(minutes=1)) == 1
    request.refresh_from_db()
    assert request.state == RequestState.EXPIRED


def _current(net, **overrides):
    """An accepted request whose first slot starts now (check-in is open)."""
    request, offer = net.offered(**overrides)
    services.offer_accept(offer=offer, by=net.de_nap)
    slots = Slot.objects.filter(pk__in=offer.bookings.values("slot_id")).order_by("start")
    shift = slots[0].start - (timezone.now() - timedelta(hours=1))
    for slot in Slot.objects.filter(service=net.storage).order_by("start"):
        Slot.objects.filter(pk=slot.pk).update(start=slot.start - shift, end=slot.end - shift)
    return request, offer


def test_check_in_and_completion_by_hub_operators(net):
    request, offer = _current(net)
    first = offer.bookings.order_by("slot__start").first()
    assert status_for(_refusal(lambda: services.booking_check_in(booking=first, by=net.de_nap)).code) == 403
    assert status_for(_refusal(lambda: services.booking_check_in(booking=first, by=net.lt_nap)).code) == 403
    checked = services.booking_check_in(booking=first, by=net.operator)
    assert len(checked) == 3
    assert {b.state for b in checked} == {BookingState.CHECKED_IN}
    request.refresh_from_db()
    assert request.state == RequestState.IN_EXECUTION
    last = offer.bookings.order_by("-slot__start").first()
    services.booking_complete(booking=last, by=net.operator)
    request.refresh_from_db()
    assert request.state == RequestState.COMPLETED
    assert set(offer.bookings.values_list("state", flat=True)) == {BookingState.COMPLETED}


def test_hub_schedules_an_accepted_request(net):
    request, offer = net.offered()
    services.offer_accept(offer=offer, by=net.de_nap)
    assert status_for(_refusal(lambda: services.request_schedule(request=request, by=net.pl_nap)).code) == 403
    assert services.request_schedule(request=request, by=net.operator, note="Track 4").state == "scheduled"


def test_no_show_frees_capacity(net):
    request, offer = _current(net)
    assert _booked(net.storage) == 15
    assert services.bookings_mark_no_show(now=timezone.now() + timedelta(hours=2)) == 0  # still within the grace
    assert services.bookings_mark_no_show(now=timezone.now() + timedelta(hours=4)) == 3
    assert _booked(net.storage) == 0
    assert set(offer.bookings.values_list("state", flat=True)) == {BookingState.NO_SHOW}
    request.refresh_from_db()
    assert request.state == RequestState.EXPIRED
    assert AuditEntry.objects.filter(action="service_request.no_show", actor=None).exists()
    assert services.bookings_mark_no_show(now=timezone.now() + timedelta(days=5)) == 0


def test_checked_in_bookings_are_never_no_shows(net):
    _request, offer = _current(net)
    services.booking_check_in(booking=offer.bookings.order_by("slot__start").first(), by=net.operator)
    assert services.bookings_mark_no_show(now=timezone.now() + timedelta(days=3)) == 0
    assert _booked(net.storage) == 15
    assert ServiceRequest.objects.get(pk=_request.pk).state == RequestState.IN_EXECUTION
