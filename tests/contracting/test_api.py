"""The contracting API's answers to bad input: each a clear 4xx in the one error shape with field messages, and
nothing half-written; the bulk endpoint stores each event once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from contracting.models import Delivery, Order, TrackingEvent
from tests.contracting.factories import deal

pytestmark = pytest.mark.django_db
C = "/api/v1/contracting/"


@pytest.fixture
def d(cpv, compliance_data):
    return deal()


def _line(contract, quantity="10", unit_price="100"):
    return {
        "description": "Storage",
        "quantity": quantity,
        "unit": "XPX",
        "unit_price": unit_price,
        "delivery_date": (contract.period_start + timedelta(days=3)).isoformat(),
        "delivery_place": "Bremerhaven",
    }


def test_order_above_the_ceiling_is_a_409_naming_the_lines(d, client_for):
    contract = d.signed(framework=True, max_value="1500")
    api = client_for(d.officer)
    assert (
        api.post(C + "orders/", {"contract": contract.pk, "lines": [_line(contract)]}, format="json").status_code == 201
    )
    response = api.post(C + "orders/", {"contract": contract.pk, "lines": [_line(contract, "6")]}, format="json")
    assert response.status_code == 409
    body = response.json()
    assert body["type"] == "ceiling_exceeded"
    assert "500" in body["errors"]["lines"][0]
    assert Order.objects.count() == 1
    bad = api.post(
        C + "orders/", {"contract": contract.pk, "lines": [{**_line(contract), "unit": "ZZZ"}]}, format="json"
    ).json()
    assert bad["type"] == "validation_error"
    assert "lines.0.unit" in bad["errors"]


def test_over_delivery_is_a_400_naming_the_line_and_writes_nothing(d, client_for):
    contract = d.signed()
    order = d.confirmed_order(contract, quantity="10")
    line = order.lines.get()
    api = client_for(d.supplier_member)
    response = api.post(
        C + "deliveries/", {"order": order.pk, "lines": [{"order_line": line.pk, "quantity": "11"}]}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["type"] == "over_delivery"
    assert "lines.0.quantity" in response.json()["errors"]
    assert not Delivery.objects.exists()
    line.refresh_from_db()
    assert line.shipped_quantity == 0


def test_bulk_events_stored_once_and_refused_whole_for_someone_elses_delivery(d, client_for):
    contract = d.signed()
    delivery = d.delivery(d.confirmed_order(contract))
    other = deal()
    theirs = other.delivery(other.confirmed_order(other.signed()))
    now = timezone.now()
    events = [
        {
            "delivery": delivery.pk,
            "external_id": f"tm-{n}",
            "kind": "in_transit",
            "occurred_at": (now - timedelta(minutes=n)).isoformat(),
        }
        for n in range(5)
    ]
    api = client_for(d.supplier_member)
    assert api.post(C + "events/bulk/", {"events": events}, format="json").json() == {
        "received": 5,
        "stored": 5,
        "duplicates": 0,
    }
    assert api.post(C + "events/bulk/", {"events": events}, format="json").json() == {
        "received": 5,
        "stored": 0,
        "duplicates": 5,
    }
    mixed = [*events, {"delivery": theirs.pk, "external_id": "x", "kind": "picked_up", "occurred_at": now.isoformat()}]
    response = api.post(C + "events/bulk/", {"events": mixed}, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["events.5.delivery"]
    assert TrackingEvent.objects.count() == 5
    listed = api.get(C + "events/", {"delivery": delivery.pk}).json()["results"]
    times = [event["occurred_at"] for event in listed]
    assert times == sorted(times)


def test_acceptance_by_the_supplier_and_signature_by_a_non_member(d, client_for):
    contract = d.signed()
    delivery = d.delivery(d.confirmed_order(contract))
    client_for(d.supplier_member).post(
        f"{C}deliveries/{delivery.pk}/events/", {"delivery": delivery.pk, "kind": "delivered"}, format="json"
    )
    response = client_for(d.supplier_admin).post(f"{C}deliveries/{delivery.pk}/accept/", {}, format="json")
    assert response.status_code == 403
    assert response.json()["type"] == "permission_denied"
    revision = contract.revisions.get()
    response = client_for(d.supplier_member).post(
        f"{C}contracts/{contract.pk}/sign/", {"revision": revision.number}, format="json"
    )
    assert response.status_code == 403
    assert "organization" in response.json()["errors"]
