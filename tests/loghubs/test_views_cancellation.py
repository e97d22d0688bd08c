"""A late cancellation on the request's page: the hub's side (its nation's nAP or its operators) agrees, which
frees the slots, or refuses with a reason; the requester sees it waiting; nobody else can decide."""

from __future__ import annotations

import pytest
from django.db.models import Sum
from django.urls import reverse

from loghubs import services
from loghubs.models import RequestState, Slot
from tests.loghubs.factories import Network

pytestmark = pytest.mark.django_db

AGREE = "Agree to the cancellation"


@pytest.fixture
def net():
    return Network()


def _booked(net) -> int:
    return Slot.objects.filter(service=net.storage).aggregate(total=Sum("booked"))["total"]


def _accepted(net):
    request, offer = net.offered()
    services.offer_accept(offer=offer, by=net.de_nap)  # three daily slots of 5 from day(3)
    net.storage.cancellation_cutoff_hours = 24 * 5  # the cut-off has passed
    net.storage.save()
    return request


def _late_cancellation(net):
    request = _accepted(net)
    services.request_cancel(request=request, by=net.de_nap, reason="Unit redeployed.")
    return request


def _detail(client, request) -> str:
    return client.get(reverse("loghubs:request-detail", args=[request.pk])).content.decode()


def _decide(client, request, **data):
    return client.post(reverse("loghubs:request-cancellation", args=[request.pk]), data, follow=True)


def test_the_hub_nation_finds_the_cancellation_and_agrees(client, net):
    request = _late_cancellation(net)
    client.force_login(net.lt_nap)
    overview = client.get(reverse("loghubs:hub")).content.decode()
    assert 'id="cancellations"' in overview
    assert f"LH-{request.pk}" in overview
    page = _detail(client, request)
    assert AGREE in page
    assert "Unit redeployed." in page
    response = _decide(client, request, decision="agree", reason="")
    page = response.content.decode()
    assert f"LH-{request.pk} was cancelled; its slots at Test Hub are free again." in page
    assert "Cancelled" in page
    assert AGREE not in page
    request.refresh_from_db()
    assert request.state == RequestState.CANCELLED
    assert _booked(net) == 0


def test_a_hub_operator_refuses_with_a_reason_and_the_booking_stands(client, net):
    request = _late_cancellation(net)
    client.force_login(net.operator)
    response = _decide(client, request, decision="refuse", reason="Handling already planned.")
    page = response.content.decode()
    assert f"The cancellation of LH-{request.pk} was refused; the booking stands." in page
    assert 'id="cancellation-pending"' not in page
    request.refresh_from_db()
    assert request.state == RequestState.ACCEPTED
    assert request.cancellation_requested_at is None
    assert _booked(net) == 15
    client.force_login(net.de_nap)  # the requesting nation learns why
    assert 'id="cancellation-refused">Handling already planned.' in _detail(client, request)
    services.request_cancel(request=request, by=net.de_nap, reason="Asking again.")
    assert 'id="cancellation-refused"' not in _detail(client, request)  # a new request, a new answer to wait for


def test_refusing_without_a_reason_comes_back_on_the_form(client, net):
    request = _late_cancellation(net)
    client.force_login(net.lt_nap)
    response = _decide(client, request, decision="refuse", reason="  ")
    assert response.status_code == 200
    assert not response.redirect_chain
    page = response.content.decode()
    assert (
        '<div class="invalid-feedback d-block">Give a reason for refusing the cancellation; it is recorded.</div>'
    ) in page
    assert AGREE in page
    response = _decide(client, request, reason="No button pressed.")
    assert "Choose whether to agree to the cancellation or refuse it." in response.content.decode()
    request.refresh_from_db()
    assert request.cancellation_requested_at is not None
    assert _booked(net) == 15


def test_the_requester_sees_it_waiting_but_cannot_decide(client, net):
    request = _late_cancellation(net)
    client.force_login(net.de_nap)
    page = _detail(client, request)
    assert 'id="cancellation-pending"' in page
    assert "Test Hub must agree or refuse" in page
    assert AGREE not in page
    assert "Cancel the request" not in page
    assert _decide(client, request, decision="agree").status_code == 403
    request.refresh_from_db()
    assert request.cancellation_requested_at is not None
    assert _booked(net) == 15


@pytest.mark.parametrize(("who", "status"), [("jcc", 403), ("pl_nap", 404), ("sme", 404)])
def test_others_cannot_decide(client, net, who, status):
    request = _late_cancellation(net)
    client.force_login(getattr(net, who))
    if who == "jcc":
        assert AGREE not in _detail(client, request)
    assert (
        client.post(reverse("loghubs:request-cancellation", args=[request.pk]), {"decision": "agree"}).status_code
        == status
    )
    request.refresh_from_db()
    assert request.state == RequestState.ACCEPTED
    assert request.cancellation_requested_at is not None


def test_without_a_waiting_cancellation_there_is_no_form_and_nothing_to_decide(client, net):
    request = _accepted(net)
    client.force_login(net.lt_nap)
    assert AGREE not in _detail(client, request)
    response = _decide(client, request, decision="agree")
    page = response.content.decode()
    assert "No cancellation is waiting for a decision." in page
    assert "alert-danger" in page
    request.refresh_from_db()
    assert request.state == RequestState.ACCEPTED
    assert _booked(net) == 15


def test_deciding_is_post_only(client, net):
    request = _late_cancellation(net)
    client.force_login(net.lt_nap)
    assert client.get(reverse("loghubs:request-cancellation", args=[request.pk])).status_code == 405
