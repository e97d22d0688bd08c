"""A delivery travelling through a LogHubs booking: the booking's nAP or the JCC links it (the supplier cannot pick
someone's booking), the buyer sees the hub stop on the delivery's timeline, and the JCC sees which contracts the
booking serves."""

import re

import pytest
from django.urls import reverse

from contracting import selectors, services
from core.api.errors import status_for
from core.errors import ApplicationError
from loghubs import services as hubs
from organizations.models import Membership
from tests.contracting.factories import deal
from tests.loghubs.factories import Network, offered

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked(cpv, compliance_data):
    d = deal()
    net = Network()
    _request, offer = net.offered()
    hubs.offer_accept(offer=offer, by=net.de_nap)
    booking = offer.bookings.first()
    delivery = d.delivery(d.confirmed_order(d.signed()))
    # Germany's nAP works in the buying office (a party); the JCC coordinator does too.
    Membership.objects.create(user=net.de_nap, organization=d.buyer, role="member")
    Membership.objects.create(user=net.jcc, organization=d.buyer, role="member")
    return d, net, booking, delivery


def test_only_a_party_who_is_the_bookings_nap_or_the_jcc_may_link_it(linked):
    d, net, booking, delivery = linked
    lt_nap_not_a_party = net.lt_nap
    for outsider in (d.supplier_admin, d.officer, net.pl_nap, lt_nap_not_a_party):
        with pytest.raises(ApplicationError) as error:
            services.delivery_link_booking(delivery=delivery, booking=booking, by=outsider)
        assert status_for(error.value.code) == 403
        assert "booking" in error.value.errors
    services.delivery_link_booking(delivery=delivery, booking=booking, by=net.de_nap)
    delivery.refresh_from_db()
    assert delivery.booking == booking


def test_buyer_sees_the_hub_stop_and_the_jcc_sees_the_contract(linked, client_for, client):
    d, net, booking, delivery = linked
    services.delivery_link_booking(delivery=delivery, booking=booking, by=net.jcc)
    services.tracking_record(delivery=delivery, by=d.supplier_member, kind="picked_up")
    delivery = selectors.delivery_list_visible_to(user=d.buyer_member).get(pk=delivery.pk)
    stops = [e for e in selectors.delivery_timeline(delivery=delivery) if e["kind"] == "hub_stop"]
    assert [stop["hub"] for stop in stops] == [net.hub.name]
    client.force_login(d.buyer_member)
    page = client.get(f"/contracting/deliveries/{delivery.pk}/")
    assert f"Hub stop at {net.hub.name}" in page.content.decode()
    contracts = selectors.contracts_served_by_booking(user=net.jcc, booking=booking)
    assert list(contracts) == [delivery.order.contract]
    assert not selectors.contracts_served_by_booking(user=d.supplier_admin, booking=booking).exists()
    rows = client_for(net.jcc).get("/api/v1/contracting/booking-links/").json()["results"]
    assert [(r["booking"], r["contract"]) for r in rows] == [(booking.pk, delivery.order.contract_id)]
    assert client_for(d.supplier_admin).get("/api/v1/contracting/booking-links/").json()["results"] == []
    client.force_login(net.jcc)
    assert client.get("/contracting/jcc/bookings/").status_code == 200
    client.force_login(d.supplier_admin)
    assert client.get("/contracting/jcc/bookings/").status_code == 403


def _pick(client, language="en", **params):
    return client.get(reverse("loghubs:booking-pick"), params, HTTP_ACCEPT_LANGUAGE=language)


def test_the_booking_picker_offers_only_bookings_the_user_may_see(linked, client):
    d, net, booking, _delivery = linked
    client.force_login(net.de_nap)
    results = _pick(client, q="klaipeda", format="json").json()["results"]
    assert booking.pk in [row["value"] for row in results]
    chosen = next(row for row in results if row["value"] == booking.pk)
    assert chosen["label"].startswith(f"LH-{booking.offer.request_id} · {net.hub.name} · ")
    assert "Logistics Battalion 161" in chosen["detail"]
    by_unit = _pick(client, q="battalion 161", format="json").json()["results"]
    assert booking.pk in [row["value"] for row in by_unit]
    by_number = _pick(client, q=f"LH-{booking.offer.request_id}", format="json").json()["results"]
    assert booking.pk in [row["value"] for row in by_number]
    page = _pick(client, q="test hub").content.decode()
    assert f'data-value="{booking.pk}"' in page
    german = _pick(client, "de", q="klaipeda", format="json").json()["results"]
    assert re.search(r" · \d\d\.\d\d\.\d{4}, \d\d:\d\d – ", german[0]["label"])  # the period as Germans write it
    for outsider in (net.pl_nap, d.supplier_admin):
        client.force_login(outsider)
        assert _pick(client, q="klaipeda", format="json").json()["results"] == []
        assert _pick(client, q=str(booking.pk), format="json").json()["results"] == []


def test_the_delivery_page_offers_the_booking_picker_not_a_number_field(linked, client):
    _d, net, _booking, delivery = linked
    client.force_login(net.de_nap)
    page = client.get(reverse("contracting:delivery-detail", args=[delivery.pk])).content.decode()
    assert "LogHubs booking number" not in page
    assert f'hx-get="{reverse("loghubs:booking-pick")}"' in page


def test_a_picked_booking_is_linked_and_named_in_the_message(linked, client):
    _d, net, booking, delivery = linked
    client.force_login(net.de_nap)
    url = reverse("contracting:delivery-booking", args=[delivery.pk])
    response = client.post(url, {"booking": booking.pk}, follow=True)
    assert response.status_code == 200
    assert f"travels through the booking LH-{booking.offer.request_id} · {net.hub.name}" in response.content.decode()
    delivery.refresh_from_db()
    assert delivery.booking == booking


def test_a_forged_booking_number_is_a_field_error_not_a_link(linked, client):
    _d, net, _booking, delivery = linked
    # Poland's nAP sees only Poland's bookings; a Polish request booked at the same hub is not Germany's to link.
    _pl_request, pl_offer = offered(net.pl, net.pl_nap, net.hub, net.jcc, net.lt_nap, quantity=1)
    hubs.offer_accept(offer=pl_offer, by=net.pl_nap)
    foreign = pl_offer.bookings.first()
    client.force_login(net.de_nap)
    url = reverse("contracting:delivery-booking", args=[delivery.pk])
    for forged in (foreign.pk, 999_999, "abc"):
        response = client.post(url, {"booking": forged})
        assert response.status_code == 200
        assert "Pick one of your bookings from the list." in response.content.decode()
    delivery.refresh_from_db()
    assert delivery.booking is None
