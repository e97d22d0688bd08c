"""Conflicts on the JCC dashboard: the coordinator decides between requests competing for a hub's capacity, by
priority or an own ranking, with a reason, and sees the outcome among the past decisions; nobody else can."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from loghubs import services
from loghubs.models import ConflictDecision, RequestState
from tests.loghubs.factories import Network, day, hub, nap_of, nation, service, submitted

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("loghubs:jcc-dashboard")
RESOLVE = reverse("loghubs:conflict-resolve")


@pytest.fixture
def net():
    return Network(capacity=20)


@pytest.fixture
def competing(net):
    """30 asked of 20 free at the hub: Poland P4 (12), Germany P1 (10), France P2 (8)."""
    fr = nation("FR")
    low = submitted(net.pl, net.pl_nap, net.hub, quantity=12, priority=4, requesting_unit="Low priority")
    high = submitted(net.de, net.de_nap, net.hub, quantity=10, priority=1, requesting_unit="High priority")
    mid = submitted(fr, nap_of(fr), net.hub, quantity=8, priority=2, requesting_unit="Middle priority")
    return low, high, mid


def _as_rendered(client) -> tuple[object, dict]:
    """The conflict's form and what the browser would send for it untouched."""
    form = client.get(DASHBOARD).context["conflicts"][0]["form"]
    data = {"conflict": form.prefix}
    for name in form.fields:
        value = form[name].value()
        data[form.add_prefix(name)] = "" if value is None else value
    return form, data


def _states(*requests) -> list[tuple]:
    for request in requests:
        request.refresh_from_db()
    return [(r.state, r.routed_to_id) for r in requests]


def test_the_jcc_decides_by_priority_and_sees_the_outcome(client, net, competing):
    low, high, mid = competing
    client.force_login(net.jcc)
    page = client.get(DASHBOARD).content.decode()
    conflicts = page[page.index('id="conflicts"') : page.index('id="decisions"')]
    assert 'class="conflict-form"' in conflicts
    assert re.findall(r">LH-(\d+)</a>", conflicts) == [str(high.pk), str(mid.pk), str(low.pk)]  # by priority
    form, data = _as_rendered(client)
    data[form.add_prefix("reason")] = "Priority 1 and 2 first; Poland's unit can wait."
    response = client.post(RESOLVE, data, follow=True)
    assert response.redirect_chain == [(DASHBOARD + "#decisions", 302)]
    page = response.content.decode()
    assert "Decision recorded for Test Hub: 2 routed there, 0 rerouted, 1 deferred." in page
    # Decided: Poland's deferred request waits among the open requests for a hub with room.
    assert 'class="conflict-form"' not in page[page.index('id="conflicts"') : page.index('id="decisions"')]
    assert f'id="open-request-{low.pk}"' in page
    decisions = page[page.index('id="decisions"') :]
    assert "Priority 1 and 2 first; Poland&#x27;s unit can wait." in decisions
    assert f"LH-{low.pk}</a> (Poland, P4, 12): deferred, back to the JCC for routing" in decisions
    assert f"LH-{high.pk}</a> (Germany, P1, 10): routed to Test Hub" in decisions
    routed = (RequestState.COORDINATING, net.hub.pk)
    assert _states(high, mid, low) == [routed, routed, (RequestState.SUBMITTED, None)]


def test_a_decided_conflict_that_comes_back_says_so(client, net, competing):
    client.force_login(net.jcc)
    form, data = _as_rendered(client)
    data[form.add_prefix("reason")] = "By priority."
    client.post(RESOLVE, data)
    services.hub_service_update(service=net.storage, by=net.lt_nap, capacity_per_slot=15)  # 18 routed there
    conflicts = client.get(DASHBOARD).content.decode()
    conflicts = conflicts[conflicts.index('id="conflicts"') : conflicts.index('id="decisions"')]
    assert 'class="conflict-form"' in conflicts
    assert "The JCC already decided on these requests on" in conflicts


def test_an_own_ranking_and_a_reroute_are_followed(client, net, competing):
    low, high, mid = competing
    spare = hub(net.pl, name="Gdańsk Hub", city="Gdańsk")
    service(spare, capacity=40)
    client.force_login(net.jcc)
    form, data = _as_rendered(client)
    reroute_choices = [choice for choice, _label in form.fields[f"reroute_{high.pk}"].choices if choice]
    assert [int(str(choice)) for choice in reroute_choices] == [spare.pk]  # not the hub in conflict
    data.update(
        {
            form.add_prefix("order"): "ranking",
            form.add_prefix(f"rank_{low.pk}"): "1",
            form.add_prefix(f"rank_{mid.pk}"): "2",
            form.add_prefix(f"rank_{high.pk}"): "3",
            form.add_prefix(f"reroute_{high.pk}"): str(spare.pk),
            form.add_prefix("reason"): "Poland's unit is already on the road.",
        }
    )
    response = client.post(RESOLVE, data, follow=True)
    assert "Decision recorded for Test Hub: 2 routed there, 1 rerouted, 0 deferred." in response.content.decode()
    assert "(Germany, P1, 10): rerouted to Gdańsk Hub" in response.content.decode()
    routed = (RequestState.COORDINATING, net.hub.pk)
    assert _states(low, mid, high) == [routed, routed, (RequestState.COORDINATING, spare.pk)]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"reason": ""}, "Give a reason for the decision; it is recorded."),
        ({"order": "ranking", "rank_same": "1"}, "Give every request its own rank from 1 to 3."),
    ],
)
def test_a_bad_decision_comes_back_on_the_form_and_changes_nothing(client, net, competing, change, message):
    low, high, mid = competing
    client.force_login(net.jcc)
    form, data = _as_rendered(client)
    data[form.add_prefix("reason")] = "By priority."
    for name, value in change.items():
        if name == "rank_same":
            for request in competing:
                data[form.add_prefix(f"rank_{request.pk}")] = value
        else:
            data[form.add_prefix(name)] = value
    response = client.post(RESOLVE, data)
    assert response.status_code == 200
    page = response.content.decode()
    card = page[page.index(f'id="{form.prefix}"') : page.index('id="decisions"')]
    assert message in card
    assert 'class="conflict-form"' in card
    assert not ConflictDecision.objects.exists()
    assert {state for state, _hub in _states(low, high, mid)} == {RequestState.SUBMITTED}


def test_a_conflict_that_changed_since_the_page_loaded_is_not_decided_blind(client, net, competing):
    client.force_login(net.jcc)
    form, data = _as_rendered(client)
    late = submitted(
        net.de,
        net.de_nap,
        net.hub,
        quantity=4,
        priority=1,
        period_start=day(4, 6),
        period_end=day(5, 6),
        requesting_unit="Joined later",
    )
    data[form.add_prefix("reason")] = "By priority."
    response = client.post(RESOLVE, data)
    assert response.status_code == 200
    assert "The competing requests have changed since the page was loaded" in response.content.decode()
    assert f"LH-{late.pk}</a> Joined later" in response.content.decode()  # now shown to decide on
    assert not ConflictDecision.objects.exists()


def test_a_conflict_that_was_settled_cannot_be_decided_again(client, net, competing):
    low, _high, _mid = competing
    spare = hub(net.pl, name="Gdańsk Hub", city="Gdańsk")
    service(spare, capacity=40)
    client.force_login(net.jcc)
    form, data = _as_rendered(client)
    data.update(
        {
            form.add_prefix("reason"): "By priority; Gdańsk has room.",
            form.add_prefix(f"reroute_{low.pk}"): str(spare.pk),
        }
    )
    page = client.post(RESOLVE, data, follow=True).content.decode()
    assert "No requests compete for the same capacity." in page
    response = client.post(RESOLVE, data, follow=True)  # e.g. sent again from a second tab
    assert "This conflict was decided meanwhile or has changed; look at it again." in response.content.decode()
    assert ConflictDecision.objects.count() == 1


@pytest.mark.parametrize("who", ["de_nap", "lt_nap", "operator"])
def test_only_the_jcc_decides(client, net, competing, who):
    client.force_login(net.jcc)
    form, data = _as_rendered(client)
    data[form.add_prefix("reason")] = "By priority."
    client.force_login(getattr(net, who))
    assert client.post(RESOLVE, data).status_code == 403
    assert client.get(DASHBOARD).status_code == 403
    assert not ConflictDecision.objects.exists()
    assert {state for state, _hub in _states(*competing)} == {RequestState.SUBMITTED}


def test_deciding_is_post_only(client, net):
    client.force_login(net.jcc)
    assert client.get(RESOLVE).status_code == 405
