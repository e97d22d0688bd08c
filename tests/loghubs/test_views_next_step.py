"""Who a request waits for, on the request page and the overviews: every viewer reads the same plain sentence
("Waiting for Lithuania's nAP to offer slots at Test Hub"), and the one it waits for also gets the button to the
page where the step is taken. The hub operator follows the routed request; the offer is its nation's nAP's."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.loghubs.factories import Network, routed, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def net():
    return Network()


def page_of(client, user, url) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def test_a_routed_request_says_it_waits_for_the_hub_nations_nap_and_gives_that_nap_the_offer_button(client, net):
    request = routed(net.de, net.de_nap, net.hub, net.jcc)
    url = reverse("loghubs:request-detail", args=[request.pk])
    waiting = f"Waiting for {net.lt}&#x27;s nAP to offer slots at {net.hub.name} (or to decline)."
    offer_url = reverse("loghubs:offer-create", args=[request.pk])

    hub_nap_page = page_of(client, net.lt_nap, url)
    assert waiting in hub_nap_page
    assert "Your turn." in hub_nap_page
    assert '<dd class="col-sm-9">5 TEU</dd>' in hub_nap_page  # the quantity in the unit of the hub's service
    assert f'id="next-step-action" href="{offer_url}"' in hub_nap_page
    for onlooker in (net.de_nap, net.jcc, net.operator):
        page = page_of(client, onlooker, url)
        assert waiting in page
        assert "Your turn." not in page
        assert f'href="{offer_url}"' not in page


def test_the_hub_operator_follows_requests_routed_to_its_hub(client, net):
    request = routed(net.de, net.de_nap, net.hub, net.jcc)
    page = page_of(client, net.operator, reverse("loghubs:hub"))
    assert reverse("loghubs:request-detail", args=[request.pk]) in page
    assert f"Waiting for {net.lt}&#x27;s nAP to offer slots at {net.hub.name}" in page
    assert "nation makes the offer from the slots you keep open" in page


def test_the_hub_operator_cannot_send_the_offer(client, net):
    request = routed(net.de, net.de_nap, net.hub, net.jcc)
    client.force_login(net.operator)
    assert client.get(reverse("loghubs:offer-create", args=[request.pk])).status_code == 403


def test_a_submitted_request_waits_for_the_jcc_which_gets_the_route_button(client, net):
    request = submitted(net.de, net.de_nap, net.hub)
    url = reverse("loghubs:request-detail", args=[request.pk])
    jcc_page = page_of(client, net.jcc, url)
    assert "Waiting for the JCC to route it to a hub." in jcc_page
    assert f'href="{url}#route"' in jcc_page
    own_list = page_of(client, net.de_nap, reverse("loghubs:index"))
    assert "Waiting for the JCC to route it to a hub." in own_list


def test_an_offer_waits_for_the_requesting_nap_which_is_sent_to_its_offers(client, net):
    request, _offer = net.offered()
    url = reverse("loghubs:request-detail", args=[request.pk])
    requester_page = page_of(client, net.de_nap, url)
    assert f"Waiting for {net.de}&#x27;s nAP to accept or decline the offer." in requester_page
    assert f'id="next-step-action" href="{reverse("loghubs:offers")}"' in requester_page
    assert "Your turn." not in page_of(client, net.lt_nap, url)
