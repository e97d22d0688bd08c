"""A delivery travelling through a LogHubs booking: the booking's nAP or the JCC links it (the supplier cannot pick
someone's booking), the buyer sees the hub stop on the delivery's timeline, and the JCC sees which contracts the
booking serves."""

import pytest

from contracting import selectors, services
from core.api.errors import status_for
from core.errors import ApplicationError
from loghubs import services as hubs
from organizations.models import Membership
from tests.contracting.factories import deal
from tests.loghubs.factories import Network

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
