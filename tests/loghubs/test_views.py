"""LogHubs pages: other nations' objects are 404, roles are 403, the request form re-renders its errors, and an
acceptance that finds the capacity taken says so."""

from __future__ import annotations

import pytest
from django.urls import reverse

from loghubs import services
from loghubs.models import Booking, OfferState, RequestState, ServiceRequest
from tests.loghubs.factories import Network, day, routed, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def net():
    return Network()


def _request_post(net, **overrides) -> dict:
    data = {
        "nation": net.de.pk,
        "requesting_unit": "Logistics Battalion 161",
        "service_kind": "storage",
        "target_hub": net.hub.pk,
        "period_start": day(3, 6).strftime("%Y-%m-%dT%H:%M"),
        "period_end": day(5, 6).strftime("%Y-%m-%dT%H:%M"),
        "quantity": "5",
        "priority": "3",
        "mode_in": "rail",
        "mode_out": "road",
        "cargo-TOTAL_FORMS": "2",
        "cargo-INITIAL_FORMS": "0",
        "cargo-MIN_NUM_FORMS": "0",
        "cargo-MAX_NUM_FORMS": "50",
        "cargo-0-description": "Vehicle spare parts",
        "cargo-0-quantity": "10",
        "cargo-0-weight_kg": "8000",
        "cargo-0-classification_level": "unclassified",
        "cargo-1-classification_level": "unclassified",
    }  # the spare row as the browser sends it
    data.update(overrides)
    return data


def test_another_nations_request_page_is_404(client, net):
    request = submitted(net.de, net.de_nap, net.hub)
    client.force_login(net.pl_nap)
    assert client.get(reverse("loghubs:request-detail", args=[request.pk])).status_code == 404
    client.force_login(net.de_nap)
    assert client.get(reverse("loghubs:request-detail", args=[request.pk])).status_code == 200


def test_another_nations_offer_cannot_be_accepted(client, net):
    _request, offer = net.offered()
    client.force_login(net.pl_nap)
    assert client.post(reverse("loghubs:offer-accept", args=[offer.pk])).status_code == 404
    offer.refresh_from_db()
    assert offer.state == OfferState.OFFERED


def test_dashboard_is_for_jcc_coordinators_only(client, net):
    client.force_login(net.de_nap)
    assert client.get(reverse("loghubs:jcc-dashboard")).status_code == 403
    client.force_login(net.sme)
    assert client.get(reverse("loghubs:jcc-dashboard")).status_code == 403
    client.force_login(net.jcc)
    response = client.get(reverse("loghubs:jcc-dashboard"))
    assert response.status_code == 200
    assert b'id="hub-map"' in response.content
    assert b'id="hub-data"' in response.content


def test_login_is_required(client):
    response = client.get(reverse("loghubs:request-create"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_request_form_creates_and_submits(client, net):
    client.force_login(net.de_nap)
    response = client.post(reverse("loghubs:request-create"), _request_post(net))
    request = ServiceRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"/loghubs/requests/{request.pk}/")
    assert request.state == RequestState.SUBMITTED
    assert request.cargo_lines.count() == 1


def test_request_form_rerenders_a_reversed_period_and_creates_nothing(client, net):
    client.force_login(net.de_nap)
    response = client.post(
        reverse("loghubs:request-create"),
        _request_post(
            net, period_start=day(5, 6).strftime("%Y-%m-%dT%H:%M"), period_end=day(3, 6).strftime("%Y-%m-%dT%H:%M")
        ),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["period_end"] == ["The period ends before it starts."]
    assert "The period ends before it starts." in response.content.decode()
    assert not ServiceRequest.objects.exists()


def test_request_form_shows_a_service_refusal_on_the_cargo_line(client, net):
    client.force_login(net.de_nap)
    response = client.post(reverse("loghubs:request-create"), _request_post(net, **{"cargo-0-nsn": "12345"}))
    assert response.status_code == 200
    assert "13 digits" in response.content.decode()
    assert not ServiceRequest.objects.exists()


def test_acceptance_for_full_capacity_shows_the_refusal(client, net):
    _first, first_offer = net.offered(quantity=15)
    _second, second_offer = net.offered(quantity=10)
    services.offer_accept(offer=first_offer, by=net.de_nap)
    client.force_login(net.de_nap)
    response = client.post(reverse("loghubs:offer-accept", args=[second_offer.pk]), follow=True)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Capacity taken" in page
    assert "alert-danger" in page
    second_offer.refresh_from_db()
    assert second_offer.state == OfferState.OFFERED
    assert not Booking.objects.filter(offer=second_offer).exists()


def test_the_hub_nation_offers_and_the_requester_accepts(client, net):
    request = routed(net.de, net.de_nap, net.hub, net.jcc)
    client.force_login(net.pl_nap)
    assert client.get(reverse("loghubs:offer-create", args=[request.pk])).status_code == 404
    client.force_login(net.lt_nap)
    response = client.post(
        reverse("loghubs:offer-create", args=[request.pk]),
        {"service": net.storage.pk, "currency": "EUR", "price": "1200", "conditions": "Gate 3"},
    )
    assert response.status_code == 302
    offer = request.offers.get()
    client.force_login(net.de_nap)
    assert "Gate 3" in client.get(reverse("loghubs:offers")).content.decode()
    client.post(reverse("loghubs:offer-accept", args=[offer.pk]))
    request.refresh_from_db()
    assert request.state == RequestState.ACCEPTED
    assert Booking.objects.filter(offer=offer).count() == 3


def test_jcc_routes_from_the_dashboard(client, net):
    request = submitted(net.de, net.de_nap, None)
    client.force_login(net.jcc)
    response = client.post(
        reverse("loghubs:request-route", args=[request.pk]), {"hub": net.hub.pk, "reason": "Closest rail hub."}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.state == RequestState.COORDINATING
    assert request.routed_to == net.hub
    client.force_login(net.de_nap)
    assert (
        client.post(reverse("loghubs:request-route", args=[request.pk]), {"hub": net.hub.pk, "reason": "x"}).status_code
        == 403
    )


@pytest.mark.parametrize("who", ["de_nap", "lt_nap", "operator", "jcc"])
def test_index_and_pages_render_for_each_role(client, net, who):
    net.offered()
    client.force_login(getattr(net, who))
    response = client.get(reverse("loghubs:index"), follow=True)
    assert response.status_code == 200


def test_nap_pages_render(client, net):
    net.offered()
    client.force_login(net.de_nap)
    for name in ("loghubs:offers", "loghubs:bookings", "loghubs:request-create"):
        assert client.get(reverse(name)).status_code == 200
    client.force_login(net.operator)
    assert client.get(reverse("loghubs:hub")).status_code == 200
    assert client.get(reverse("loghubs:service-edit", args=[net.storage.pk])).status_code == 200
    client.force_login(net.sme)
    assert client.get(reverse("loghubs:index")).status_code == 403
