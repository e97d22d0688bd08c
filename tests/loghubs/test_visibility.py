"""Who may see a LogHubs request, offer or booking: one rule, read alike by the selector, the permission rule, the
page and the API (role × state → visible or not). A draft is not yet filed: only its own nation's nAP sees it."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from loghubs import selectors, services
from tests.loghubs.factories import Network, request_data

pytestmark = pytest.mark.django_db

ROLES = ["own_nap", "hub_nap", "other_nap", "jcc", "hub_operator", "sme"]
# state of the request → roles that see it
REQUEST_SEEN_BY = {
    "draft": {"own_nap"},
    "submitted": {"own_nap", "jcc"},
    "routed": {"own_nap", "hub_nap", "jcc", "hub_operator"},
    "booked": {"own_nap", "hub_nap", "jcc", "hub_operator"},
}
OFFER_SEEN_BY = {"own_nap", "hub_nap", "jcc"}
BOOKING_SEEN_BY = {"own_nap", "hub_nap", "jcc", "hub_operator"}


@pytest.fixture
def world():
    net = Network()
    booked, booked_offer = net.offered()
    services.offer_accept(offer=booked_offer, by=net.de_nap)
    _routed, open_offer = net.offered(requesting_unit="Second unit", quantity=2)
    routed_only = services.request_route(
        request=services.request_submit(
            request=services.request_create(
                nation=net.de, by=net.de_nap, **request_data(net.hub, quantity=1, requesting_unit="Third")
            ),
            by=net.de_nap,
        ),
        by=net.jcc,
        reason="ok",
    )
    submitted = services.request_submit(
        request=services.request_create(
            nation=net.de, by=net.de_nap, **request_data(net.hub, quantity=1, requesting_unit="Fourth")
        ),
        by=net.de_nap,
    )
    draft = services.request_create(nation=net.de, by=net.de_nap, **request_data(net.hub, requesting_unit="Draft"))
    requests = {"draft": draft, "submitted": submitted, "routed": routed_only, "booked": booked}
    users = {
        "own_nap": net.de_nap,
        "hub_nap": net.lt_nap,
        "other_nap": net.pl_nap,
        "jcc": net.jcc,
        "hub_operator": net.operator,
        "sme": net.sme,
    }
    nation_of = {"own_nap": net.de, "hub_nap": net.lt, "other_nap": net.pl, "jcc": net.de}
    return net, requests, open_offer, booked_offer.bookings.first(), users, nation_of


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", list(REQUEST_SEEN_BY))
def test_request_visibility_is_one_rule(world, client, state, role):
    _net, requests, _offer, _booking, users, nation_of = world
    user, service_request = users[role], requests[state]
    visible = role in REQUEST_SEEN_BY[state]

    assert (selectors.visible_request(user=user, pk=service_request.pk) is not None) is visible
    assert (service_request in selectors.request_list_for_jcc(user=user)) is (visible and role == "jcc")
    assert user.has_perm("loghubs.view_servicerequest", service_request) is visible

    client.force_login(user)
    page = client.get(reverse("loghubs:request-detail", args=[service_request.pk]))
    assert page.status_code == (200 if visible else 404)

    if role in nation_of:  # the nation-scoped API, for the nation the user acts for (the JCC: the filing nation)
        api = APIClient()
        api.force_authenticate(user)
        answer = api.get(f"/api/v1/loghubs/nap/{nation_of[role].pk}/requests/{service_request.pk}/")
        assert answer.status_code == (200 if visible else 404), answer.content[:200]


@pytest.mark.parametrize("role", ROLES)
def test_offer_and_booking_visibility_is_one_rule(world, role):
    _net, _requests, offer, booking, users, _nation_of = world
    user = users[role]
    assert (selectors.visible_offer(user=user, pk=offer.pk) is not None) is (role in OFFER_SEEN_BY)
    assert user.has_perm("loghubs.view_offer", offer) is (role in OFFER_SEEN_BY)
    assert (selectors.visible_booking(user=user, pk=booking.pk) is not None) is (role in BOOKING_SEEN_BY)
    assert user.has_perm("loghubs.view_booking", booking) is (role in BOOKING_SEEN_BY)


def test_the_jcc_sees_an_offer_but_may_not_accept_it(world, client):
    """Seeing is not acting: the JCC may look at every offer, so accepting one answers 403, not 404."""
    _net, _requests, offer, _booking, users, _nation_of = world
    client.force_login(users["jcc"])
    assert client.post(reverse("loghubs:offer-accept", args=[offer.pk])).status_code == 403
    client.force_login(users["other_nap"])
    assert client.post(reverse("loghubs:offer-accept", args=[offer.pk])).status_code == 404
