"""The LogHubs API end to end: an nAP requests storage, the JCC routes it, the hub's nAP offers, the requester accepts
and the JCC sees the booking; the one error format for bad input; query counts constant in page size."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from loghubs import services
from loghubs.models import Offer, Slot
from marketplace.models import CapacityListing
from tests.loghubs.factories import PARTS, Network, day, hub, hub_operator_of, request_data, submitted

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def net():
    return Network()


def _request_body(net, **overrides):
    body = {
        **request_data(net.hub),
        "target_hub": net.hub.pk,
        "period_start": day(3, 6).isoformat(),
        "period_end": day(5, 6).isoformat(),
    }
    body.update(overrides)
    return body


def test_request_to_booking_journey(net):
    base = "/api/v1/loghubs"
    de, lt = net.de.pk, net.lt.pk
    created = api(net.de_nap).post(f"{base}/nap/{de}/requests/", _request_body(net), format="json")
    assert created.status_code == 201, created.content
    request_id = created.json()["id"]
    assert created.json()["state"] == "draft"
    assert created.json()["cargo"][0]["description"] == "Vehicle spare parts"
    assert api(net.de_nap).post(f"{base}/nap/{de}/requests/{request_id}/submit/").json()["state"] == "submitted"

    jcc = api(net.jcc)
    assert [r["id"] for r in jcc.get(f"{base}/jcc/requests/", {"state": "submitted"}).json()["results"]] == [request_id]
    routed = jcc.post(
        f"{base}/jcc/requests/{request_id}/route/", {"reason": "Released to the requested hub."}, format="json"
    )
    assert routed.status_code == 200
    assert routed.json()["routed_to"] == net.hub.pk

    incoming = api(net.lt_nap).get(f"{base}/nap/{lt}/requests/", {"direction": "incoming"}).json()["results"]
    assert [r["id"] for r in incoming] == [request_id]
    offer = api(net.lt_nap).post(
        f"{base}/nap/{lt}/offers/",
        {"request": request_id, "price": "1200.00", "conditions": "Gate-in 06–18."},
        format="json",
    )
    assert offer.status_code == 201, offer.content
    assert len(offer.json()["slots"]) == 3

    accepted = api(net.de_nap).post(f"{base}/nap/{de}/offers/{offer.json()['id']}/accept/")
    assert accepted.status_code == 201, accepted.content
    assert accepted.json()["offer"]["state"] == "accepted"
    assert len(accepted.json()["bookings"]) == 3

    assert api(net.de_nap).get(f"{base}/nap/{de}/requests/{request_id}/").json()["state"] == "accepted"
    assert len(api(net.de_nap).get(f"{base}/nap/{de}/bookings/").json()["results"]) == 3
    calendar = jcc.get(f"{base}/nap/{lt}/hubs/{net.hub.pk}/calendar/", {"start": day(3).isoformat()}).json()
    assert calendar[0]["booked"] == 5
    assert calendar[0]["bookings"][0]["nation_name"] == "Germany"
    weeks = jcc.get(f"{base}/jcc/utilisation/", {"hub": net.hub.pk, "start": day(0).isoformat()}).json()
    assert sum(row["booked"] for row in weeks) == 15
    assert sum(row["capacity"] for row in weeks) == 120


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"period_start": (timezone.now() - timedelta(days=1)).isoformat()}, "period_start"),
        ({"period_end": day(2).isoformat()}, "period_end"),
        ({"quantity": 0}, "quantity"),
        ({"quantity": 50}, "quantity"),
        ({"cargo": [{**PARTS, "hazardous_class": "1.1", "ammunition_group": "D"}]}, "cargo"),
    ],
)
def test_bad_input_answers_the_one_error_format(net, overrides, field):
    response = api(net.de_nap).post(
        f"/api/v1/loghubs/nap/{net.de.pk}/requests/", _request_body(net, **overrides), format="json"
    )
    assert response.status_code == 400, response.content
    body = response.json()
    assert set(body) == {"type", "detail", "errors"}, body
    assert field in body["errors"], body


def test_nap_request_list_filters_by_direction_and_state_and_refuses_unknown_values(net):
    base = f"/api/v1/loghubs/nap/{net.de.pk}/requests/"
    client = api(net.de_nap)
    created = client.post(base, _request_body(net), format="json").json()["id"]
    assert [r["id"] for r in client.get(base, {"direction": "outgoing", "state": "draft"}).json()["results"]] == [
        created
    ]
    assert client.get(base, {"direction": "incoming"}).json()["results"] == []
    for parameter in ("direction", "state"):
        refused = client.get(base, {parameter: "sideways"})
        assert refused.status_code == 400, refused.content
        assert parameter in refused.json()["errors"]


def test_nap_acting_for_another_nation_gets_404(net):
    response = api(net.pl_nap).post(f"/api/v1/loghubs/nap/{net.de.pk}/requests/", _request_body(net), format="json")
    assert response.status_code == 404
    assert response.json()["type"] == "not_found"


def test_offer_on_another_nations_request_is_a_clear_validation_error(net):
    request = submitted(net.de, net.de_nap, net.hub)
    api(net.jcc).post(f"/api/v1/loghubs/jcc/requests/{request.pk}/route/", {"reason": "ok"}, format="json")
    response = api(net.pl_nap).post(f"/api/v1/loghubs/nap/{net.pl.pk}/offers/", {"request": request.pk}, format="json")
    assert response.status_code == 400
    assert "routed to one of this nation's hubs" in response.json()["errors"]["request"][0]


def test_expired_offer_and_taken_capacity_answer_409(net):
    _first, first_offer = net.offered(quantity=15)
    _second, second_offer = net.offered(quantity=10, requesting_unit="Other")
    Offer.objects.filter(pk=first_offer.pk).update(valid_until=timezone.now() - timedelta(minutes=1))
    url = "/api/v1/loghubs/nap/{}/offers/{}/accept/"
    expired = api(net.de_nap).post(url.format(net.de.pk, first_offer.pk))
    assert expired.status_code == 409
    assert expired.json()["type"] == "offer_expired"
    Slot.objects.filter(service=net.storage).update(booked=15)
    taken = api(net.de_nap).post(url.format(net.de.pk, second_offer.pk))
    assert taken.status_code == 409
    assert taken.json()["type"] == "capacity_taken"
    assert "Capacity taken" in taken.json()["detail"]


def test_availability_suggests_civilian_capacity_when_full(net):
    Slot.objects.filter(service=net.storage).update(booked=20)
    today = timezone.localdate()
    listing = CapacityListing.objects.create(
        provider=net.sme.memberships.first().organization,
        kind="storage",
        title="Bonded warehouse by the port",
        country="LT",
        latitude=net.hub.latitude,
        longitude=net.hub.longitude,
        available_from=today,
        available_until=today + timedelta(days=60),
        quantity=500,
        unit="m2",
        state="published",
    )
    response = api(net.pl_nap).get(
        f"/api/v1/loghubs/hubs/{net.hub.pk}/availability/",
        {"start": day(3).isoformat(), "end": day(5).isoformat(), "quantity": 1},
    )
    assert response.status_code == 200
    entry = response.json()["services"][0]
    assert entry["full"] is True
    assert [s["free"] for s in entry["slots"]] == [0, 0]
    assert entry["suggestions"][0]["listing"] == listing.pk
    assert entry["suggestions"][0]["distance_km"] == 0.0


def test_planner_endpoint_validates_and_answers(net):
    response = api(net.sme).post(
        "/api/v1/loghubs/planner/route/",
        {
            "origin": net.hub.pk,
            "destination": net.hub.pk,
            "period_start": day(3).isoformat(),
            "period_end": day(4).isoformat(),
            "quantity": 1,
        },
        format="json",
    )
    assert response.status_code == 400
    assert "destination" in response.json()["errors"]


def _count(client, url, size):
    client.get(url, {"page_size": 1})
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {"page_size": size})
    assert response.status_code == 200, response.content
    return len(captured.captured_queries)


def test_list_endpoints_use_a_constant_number_of_queries(net):
    for index in range(4):
        _request, offer = net.offered(quantity=1, requesting_unit=f"Unit {index}")
        if index % 2:
            services.offer_accept(offer=offer, by=net.de_nap)
    de = net.de.pk
    for user, url in [
        (net.de_nap, f"/api/v1/loghubs/nap/{de}/requests/"),
        (net.de_nap, f"/api/v1/loghubs/nap/{de}/offers/"),
        (net.de_nap, f"/api/v1/loghubs/nap/{de}/bookings/"),
        (net.jcc, "/api/v1/loghubs/jcc/requests/"),
        (net.operator, "/api/v1/loghubs/operator/bookings/"),
        (net.sme, "/api/v1/loghubs/hubs/"),
    ]:
        client = api(user)
        assert _count(client, url, 2) == _count(client, url, 50), url


def test_slots_are_opened_from_now_on_only(net):
    opened = api(net.operator).post(
        f"/api/v1/loghubs/operator/services/{net.storage.pk}/open-slots/",
        {"start": day(-3).isoformat(), "end": day(-1).isoformat()},
        format="json",
    )
    assert opened.status_code == 400
    assert "end" in opened.json()["errors"]
    before = Slot.objects.filter(service=net.storage).count()
    created = services.slots_open(service=net.storage, start=day(-2), end=day(1), by=None)
    assert created == 1  # today's day slot; the two days gone are not opened
    assert not Slot.objects.filter(service=net.storage, end__lte=timezone.now()).exists()
    assert Slot.objects.filter(service=net.storage).count() == before + 1


def test_hub_operator_edits_capacity_checks_in_and_completes(net):
    base = "/api/v1/loghubs/operator"
    operator = api(net.operator)
    assert [s["id"] for s in operator.get(f"{base}/services/").json()["results"]] == [net.storage.pk]
    assert api(net.sme).get(f"{base}/services/{net.storage.pk}/").status_code == 403  # hub operators only
    other_operator = hub_operator_of(hub(net.pl, name="Other hub", city="Gdansk"))
    assert api(other_operator).get(f"{base}/services/{net.storage.pk}/").status_code == 404  # not its hub
    changed = operator.patch(f"{base}/services/{net.storage.pk}/", {"capacity_per_slot": 30}, format="json")
    assert changed.status_code == 200
    assert changed.json()["capacity_per_slot"] == 30
    assert set(Slot.objects.filter(service=net.storage).values_list("capacity", flat=True)) == {30}
    opened = operator.post(
        f"{base}/services/{net.storage.pk}/open-slots/",
        {"start": day(9).isoformat(), "end": day(11).isoformat()},
        format="json",
    )
    assert opened.status_code == 201
    assert opened.json() == {"created": 2}

    request, offer = net.offered()
    services.offer_accept(offer=offer, by=net.de_nap)
    scheduled = operator.post(f"{base}/requests/{request.pk}/schedule/", {"note": "Quay 3"}, format="json")
    assert scheduled.status_code == 200
    assert scheduled.json()["state"] == "scheduled"
    first = offer.bookings.order_by("slot__start").first()
    Slot.objects.filter(pk=first.slot_id).update(
        start=timezone.now() - timedelta(hours=1), end=timezone.now() + timedelta(hours=23)
    )
    checked = operator.post(f"{base}/bookings/{first.pk}/check-in/")
    assert checked.status_code == 200
    assert {b["state"] for b in checked.json()} == {"checked_in"}
    last = offer.bookings.order_by("-slot__start").first()
    done = operator.post(f"{base}/bookings/{last.pk}/complete/")
    assert done.status_code == 200
    assert api(net.de_nap).get(f"/api/v1/loghubs/nap/{net.de.pk}/requests/{request.pk}/").json()["state"] == (
        "completed"
    )
    assert api(net.de_nap).post(f"{base}/bookings/{first.pk}/check-in/").status_code == 403
