"""Opening slots from a service's page: the hub side opens them and sees how far they now reach; other users find
no page; a bad period comes back on the form and opens nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from core.formatting import format_datetime
from loghubs.models import Slot
from tests.loghubs.factories import Network, day

pytestmark = pytest.mark.django_db

FORMAT = "%Y-%m-%dT%H:%M"


@pytest.fixture
def net():
    return Network()  # the storage service has six daily slots open from day(3)


def _period(start, end) -> dict:
    return {"start": start.strftime(FORMAT), "end": end.strftime(FORMAT)}


def _slots(net) -> int:
    return Slot.objects.filter(service=net.storage).count()


def test_the_hub_overview_leads_to_the_slot_form(client, net):
    client.force_login(net.operator)
    page = client.get(reverse("loghubs:hub")).content.decode()
    assert reverse("loghubs:service-edit", args=[net.storage.pk]) + "#slots" in page
    page = client.get(reverse("loghubs:service-edit", args=[net.storage.pk])).content.decode()
    assert 'id="slots-form"' in page
    assert f"6 slots open or running, from {format_datetime(day(3))} until {format_datetime(day(9))}." in page


@pytest.mark.parametrize("who", ["operator", "lt_nap"])
def test_the_hub_side_opens_slots_and_sees_how_far_they_reach(client, net, who):
    client.force_login(getattr(net, who))
    response = client.post(
        reverse("loghubs:service-slots-open", args=[net.storage.pk]), _period(day(9), day(12)), follow=True
    )
    assert response.redirect_chain == [(reverse("loghubs:service-edit", args=[net.storage.pk]), 302)]
    page = response.content.decode()
    assert "3 slots opened for storage 20." in page
    assert "alert-success" in page
    assert f"9 slots open or running, from {format_datetime(day(3))} until {format_datetime(day(12))}." in page
    assert _slots(net) == 9


def test_opening_an_open_period_again_says_nothing_was_new(client, net):
    client.force_login(net.operator)
    response = client.post(
        reverse("loghubs:service-slots-open", args=[net.storage.pk]), _period(day(3), day(5)), follow=True
    )
    assert "No new slots: every slot in this period was already open." in response.content.decode()
    assert _slots(net) == 6


@pytest.mark.parametrize("who", ["pl_nap", "de_nap", "jcc", "sme"])
def test_users_who_do_not_answer_for_the_hub_find_no_page_and_open_nothing(client, net, who):
    client.force_login(getattr(net, who))
    assert client.get(reverse("loghubs:service-edit", args=[net.storage.pk])).status_code == 404
    response = client.post(reverse("loghubs:service-slots-open", args=[net.storage.pk]), _period(day(9), day(12)))
    assert response.status_code == 404
    assert _slots(net) == 6


def test_slots_are_opened_only_by_post(client, net):
    client.force_login(net.operator)
    assert client.get(reverse("loghubs:service-slots-open", args=[net.storage.pk])).status_code == 405


@pytest.mark.parametrize(
    ("period", "message"),
    [
        (_period(day(12), day(9)), "The period ends before it starts."),
        (_period(day(9), day(9) + timedelta(days=6000)), "Open at most 5000 slots at a time."),
        ({"start": "next Monday", "end": day(12).strftime(FORMAT)}, "Enter a valid date/time."),
    ],
)
def test_a_bad_period_comes_back_on_the_form_and_opens_nothing(client, net, period, message):
    client.force_login(net.operator)
    response = client.post(reverse("loghubs:service-slots-open", args=[net.storage.pk]), period)
    assert response.status_code == 200
    form = response.context["slots_form"]
    assert message in [error for errors in form.errors.values() for error in errors]
    page = response.content.decode()
    assert f'<div class="invalid-feedback d-block">{message}</div>' in page
    assert 'id="slots-form"' in page
    assert "Capacity per slot" in page
    assert _slots(net) == 6
