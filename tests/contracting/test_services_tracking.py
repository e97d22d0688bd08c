"""Tracking events: an event sent twice is stored once, events out of order keep their real time, a batch with
one event for someone else's delivery is refused whole, and the state only moves forward."""

from datetime import timedelta

import pytest
from django.utils import timezone

from contracting import services
from contracting.models import DeliveryState, TrackingEvent
from contracting.selectors import delivery_timeline
from core.errors import ApplicationError
from tests.contracting.factories import deal

pytestmark = pytest.mark.django_db


@pytest.fixture
def shipped(cpv, compliance_data):
    d = deal()
    contract = d.signed()
    order = d.confirmed_order(contract)
    return d, d.delivery(order)


def _event(delivery, external_id, kind, hours_ago, **extra):
    return {
        "delivery": delivery.pk,
        "external_id": external_id,
        "kind": kind,
        "occurred_at": (timezone.now() - timedelta(hours=hours_ago)).isoformat(),
        **extra,
    }


def test_an_event_sent_twice_is_stored_once(shipped):
    d, delivery = shipped
    batch = [_event(delivery, "tm-1", "picked_up", 5), _event(delivery, "tm-2", "in_transit", 4)]
    assert services.tracking_ingest(by=d.supplier_member, events=batch) == {"received": 2, "stored": 2, "duplicates": 0}
    again = [*batch, _event(delivery, "tm-3", "in_transit", 3)]
    assert services.tracking_ingest(by=d.supplier_member, events=again) == {"received": 3, "stored": 1, "duplicates": 2}
    assert TrackingEvent.objects.filter(delivery=delivery).count() == 3
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.IN_TRANSIT


def test_events_out_of_order_keep_their_real_time_and_the_state_only_moves_forward(shipped):
    d, delivery = shipped
    services.tracking_ingest(by=d.supplier_member, events=[_event(delivery, "late-delivered", "delivered", 1)])
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.DELIVERED
    delivered_at = delivery.delivered_at
    # The truck's earlier events arrive afterwards.
    services.tracking_ingest(
        by=d.supplier_member,
        events=[_event(delivery, "early-2", "in_transit", 6), _event(delivery, "early-1", "picked_up", 9)],
    )
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.DELIVERED
    assert delivery.delivered_at == delivered_at
    assert [entry["kind"] for entry in delivery_timeline(delivery=delivery)] == ["picked_up", "in_transit", "delivered"]


def test_a_batch_with_someone_elses_delivery_is_refused_whole(shipped):
    d, delivery = shipped
    other = deal()
    other_delivery = other.delivery(other.confirmed_order(other.signed()))
    batch = [_event(delivery, "ok-1", "picked_up", 2), _event(other_delivery, "theirs", "picked_up", 2)]
    with pytest.raises(ApplicationError) as error:
        services.tracking_ingest(by=d.supplier_member, events=batch)
    assert list(error.value.errors) == ["events.1.delivery"]
    assert not TrackingEvent.objects.exists()
    with pytest.raises(ApplicationError) as error:
        services.tracking_ingest(by=d.buyer_member, events=[_event(delivery, "buyer", "picked_up", 1)])
    assert "events.0.delivery" in error.value.errors


def test_bad_fields_are_named_and_an_exception_needs_a_reason(shipped):
    d, delivery = shipped
    batch = [
        {"delivery": delivery.pk, "external_id": "", "kind": "teleported", "occurred_at": "yesterday"},
        _event(delivery, "x", "exception", 1),
    ]
    with pytest.raises(ApplicationError) as error:
        services.tracking_ingest(by=d.supplier_member, events=batch)
    assert set(error.value.errors) == {
        "events.0.external_id",
        "events.0.kind",
        "events.0.occurred_at",
        "events.1.reason",
    }
    with pytest.raises(ApplicationError) as error:
        services.tracking_record(delivery=delivery, by=d.supplier_member, kind="exception")
    assert "reason" in error.value.errors
    services.tracking_record(delivery=delivery, by=d.supplier_member, kind="exception", reason="Road closed")
    assert TrackingEvent.objects.get().reason == "Road closed"
