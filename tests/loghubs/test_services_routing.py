"""The JCC: routing requests to hubs with the reason recorded, and deciding conflicts by priority."""

import pytest

from core.api.errors import status_for
from core.errors import ApplicationError
from loghubs import selectors, services
from loghubs.models import ConflictDecision, RequestState
from organizations.models import AuditEntry
from tests.loghubs.factories import Network, hub, nap_of, nation, service, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def net():
    return Network(capacity=20)


def _refusal(call) -> ApplicationError:
    with pytest.raises(ApplicationError) as caught:
        call()
    return caught.value


def test_only_the_jcc_routes_and_must_say_why(net):
    request = submitted(net.de, net.de_nap, net.hub)
    assert status_for(_refusal(lambda: services.request_route(request=request, by=net.de_nap, reason="x")).code) == 403
    assert "reason" in _refusal(lambda: services.request_route(request=request, by=net.jcc, reason="")).errors
    routed = services.request_route(request=request, by=net.jcc, reason="Closest free hub.")
    assert routed.state == RequestState.COORDINATING
    assert routed.routed_to == net.hub
    entry = AuditEntry.objects.get(action="service_request.routed", object_id=str(request.pk))
    assert entry.actor == net.jcc
    assert entry.changes["reason"] == [None, "Closest free hub."]


def test_any_suitable_hub_needs_the_jcc_to_name_one(net):
    request = submitted(net.de, net.de_nap, None)
    error = _refusal(lambda: services.request_route(request=request, by=net.jcc, reason="x"))
    assert "hub" in error.errors
    no_storage = hub(net.pl, name="Rail yard")
    service(no_storage, kind="transshipment")
    error = _refusal(lambda: services.request_route(request=request, by=net.jcc, hub=no_storage, reason="x"))
    assert error.code == "service_not_offered"
    assert services.request_route(request=request, by=net.jcc, hub=net.hub, reason="x").routed_to == net.hub


def _competitors(net):
    fr = nation("FR")
    fr_nap = nap_of(fr)
    low = submitted(net.pl, net.pl_nap, net.hub, quantity=12, priority=4, requesting_unit="Low priority")
    high = submitted(net.de, net.de_nap, net.hub, quantity=10, priority=1, requesting_unit="High priority")
    mid = submitted(fr, fr_nap, net.hub, quantity=8, priority=2, requesting_unit="Middle priority")
    return low, high, mid


def test_conflicts_are_found_and_ranked_by_priority(net):
    low, high, mid = _competitors(net)
    conflicts = selectors.conflicts_open()
    assert len(conflicts) == 1
    conflict = conflicts[0]
    assert [r.pk for r in conflict.requests] == [high.pk, mid.pk, low.pk]
    assert conflict.peak_demand == 30
    assert conflict.peak_free == 20
    assert selectors.conflicts_open(hub_id=hub(net.lt, name="Elsewhere").pk) == []


def test_conflict_decision_routes_by_priority_defers_or_reroutes_the_rest(net):
    low, high, mid = _competitors(net)
    spare = hub(net.pl, name="Gdańsk", city="Gdańsk")
    service(spare, capacity=40)
    assert (
        status_for(
            _refusal(
                lambda: services.conflict_resolve(hub=net.hub, requests=[low, high, mid], by=net.lt_nap, reason="x")
            ).code
        )
        == 403
    )
    decision = services.conflict_resolve(
        hub=net.hub,
        requests=[low, high, mid],
        by=net.jcc,
        reason="Priority 1 first; Gdańsk has room.",
        reroute={low.pk: spare},
    )
    outcomes = {entry["request"]: (entry["rank"], entry["outcome"], entry["hub"]) for entry in decision.ranking}
    assert outcomes == {
        high.pk: (1, "routed", net.hub.pk),
        mid.pk: (2, "routed", net.hub.pk),
        low.pk: (3, "rerouted", spare.pk),
    }
    for request in (low, high, mid):
        request.refresh_from_db()
        assert request.state == RequestState.COORDINATING
        assert f"JCC decision {decision.pk}" in request.jcc_reason
    assert low.routed_to == spare
    assert ConflictDecision.objects.get().requests.count() == 3
    assert selectors.conflicts_open() == []


def test_a_request_that_no_longer_fits_is_deferred(net):
    low, high, mid = _competitors(net)
    services.conflict_resolve(hub=net.hub, requests=[low, high, mid], by=net.jcc, reason="By priority.")
    low.refresh_from_db()
    assert low.state == RequestState.SUBMITTED
    assert low.routed_to is None
    assert "rank 3 of 3" in low.jcc_reason
    assert selectors.conflicts_open() == []  # decided: the deferred request waits to be routed elsewhere
    spare = hub(net.pl, name="Gdańsk", city="Gdańsk")
    service(spare, capacity=40)
    services.request_route(request=low, by=net.jcc, hub=spare, reason="Gdańsk has room.")
    assert selectors.conflicts_open() == []


def test_an_explicit_ranking_is_kept(net):
    low, high, mid = _competitors(net)
    decision = services.conflict_resolve(
        hub=net.hub,
        requests=[low, mid, high],
        by=net.jcc,
        ranked=True,
        reason="Low-priority unit is already on the road.",
    )
    assert [(e["request"], e["outcome"]) for e in decision.ranking] == [
        (low.pk, "routed"),
        (mid.pk, "routed"),
        (high.pk, "deferred"),
    ]
