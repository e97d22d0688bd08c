"""Call-off orders, deliveries and goods receipt: the ceiling, over-delivery, confirmation, acceptance in full,
in part and rejection with reasons, late deliveries flagged and notified."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from contracting import services
from contracting.models import DeliveryState, OrderLine, OrderState
from core.api.errors import status_for
from core.errors import ApplicationError
from organizations.models import Notification
from tests.contracting.factories import deal, photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def d(cpv, compliance_data):
    return deal()


def test_an_order_above_the_ceiling_is_refused_and_writes_nothing(d):
    contract = d.signed(framework=True, max_value="5000")
    d.order(contract, quantity="30", unit_price="100")
    with pytest.raises(ApplicationError) as error:
        d.order(contract, quantity="21", unit_price="100")
    assert status_for(error.value.code) == 409
    assert "lines" in error.value.errors
    assert "2000" in error.value.message
    contract.refresh_from_db()
    assert contract.ordered_value == Decimal("3000.00")
    assert contract.orders.count() == 1
    d.order(contract, quantity="20", unit_price="100")
    contract.refresh_from_db()
    assert contract.value_left == 0


def test_order_lines_are_checked_field_by_field(d):
    contract = d.signed()
    for line, field in (
        (dict(unit="BOX"), "lines.0.unit"),
        (dict(quantity="0"), "lines.0.quantity"),
        (dict(delivery_date=contract.period_end + timedelta(days=1)), "lines.0.delivery_date"),
    ):
        with pytest.raises(ApplicationError) as error:
            d.order(contract, **line)
        assert field in error.value.errors
    with pytest.raises(ApplicationError) as error:
        services.order_place(contract=contract, by=d.supplier_admin, lines=[])
    assert status_for(error.value.code) == 403


def test_cancelled_order_gives_its_value_back_to_the_ceiling(d):
    contract = d.signed(framework=True, max_value="1000")
    order = d.order(contract, quantity="10", unit_price="100")
    order = services.order_cancel(order=order, by=d.officer, reason="Planned exercise moved")
    contract.refresh_from_db()
    assert contract.ordered_value == 0
    assert order.state == OrderState.CANCELLED


def test_supplier_confirms_ships_in_parts_and_cannot_ship_more_than_ordered(d):
    contract = d.signed()
    order = d.order(contract, quantity="10")
    with pytest.raises(ApplicationError):
        d.delivery(order)  # not confirmed yet
    with pytest.raises(ApplicationError):
        services.order_confirm(order=order, by=d.stranger)
    services.order_confirm(order=order, by=d.supplier_member)
    first = d.delivery(order, quantity="6")
    with pytest.raises(ApplicationError) as error:
        d.delivery(order, quantity="5")
    assert "lines.0.quantity" in error.value.errors
    assert "4" in error.value.message
    assert order.deliveries.count() == 1
    d.delivery(order, quantity="4")
    order.refresh_from_db()
    assert order.state == OrderState.SHIPPED
    assert first.number == 1


def test_buyer_accepts_in_part_with_reasons_and_the_rest_can_be_delivered_again(d):
    contract = d.signed()
    order = d.confirmed_order(contract, quantity="10")
    delivery = d.delivery(order)
    services.proof_record(
        delivery=delivery,
        by=d.supplier_member,
        receiver_name="Sgt. Weber",
        received_at=timezone.now(),
        place="Munster depot",
        upload=photo(),
    )
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.DELIVERED
    assert len(delivery.proof.sha256) == 64
    line = delivery.lines.get()
    with pytest.raises(ApplicationError) as error:
        services.delivery_accept(delivery=delivery, by=d.supplier_admin)
    assert status_for(error.value.code) == 403
    with pytest.raises(ApplicationError) as error:
        services.delivery_accept(
            delivery=delivery, by=d.buyer_member, lines=[{"delivery_line": line.pk, "accepted_quantity": "7"}]
        )
    assert "lines.0.reason" in error.value.errors
    acceptance = services.delivery_accept(
        delivery=delivery,
        by=d.buyer_member,
        lines=[{"delivery_line": line.pk, "accepted_quantity": "7", "reason": "3 pallets damaged"}],
    )
    assert acceptance.outcome == "partial"
    order_line = OrderLine.objects.get(order=order)
    assert (order_line.accepted_quantity, order_line.shipped_quantity) == (Decimal("7"), Decimal("7"))
    order.refresh_from_db()
    assert order.state == OrderState.CONFIRMED
    again = d.delivery(order, quantity="3")
    services.tracking_record(delivery=again, by=d.supplier_member, kind="delivered")
    services.delivery_accept(delivery=again, by=d.buyer_member)
    order.refresh_from_db()
    assert order.state == OrderState.COMPLETED


def test_a_late_delivery_is_flagged_and_both_sides_are_told(d, mailoutbox, django_capture_on_commit_callbacks):
    contract = d.signed()
    order = d.confirmed_order(contract)
    delivery = d.delivery(order, promised_date=timezone.localdate() - timedelta(days=2))
    with django_capture_on_commit_callbacks(execute=True):
        services.tracking_record(delivery=delivery, by=d.supplier_member, kind="delivered")
    delivery.refresh_from_db()
    assert delivery.is_late
    late = Notification.objects.filter(subject__contains="arrived late")
    assert {n.recipient for n in late} >= {d.officer, d.supplier_admin}
    assert any("arrived late" in mail.subject for mail in mailoutbox)


def test_rejecting_every_line_needs_reasons(d):
    contract = d.signed()
    order = d.confirmed_order(contract)
    delivery = d.delivery(order)
    services.tracking_record(delivery=delivery, by=d.supplier_member, kind="delivered")
    line = delivery.lines.get()
    acceptance = services.delivery_accept(
        delivery=delivery,
        by=d.officer,
        lines=[{"delivery_line": line.pk, "accepted_quantity": "0", "reason": "Wrong goods"}],
    )
    assert acceptance.outcome == "rejected"
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.REJECTED


def test_a_delivery_still_under_way_after_its_promised_date_is_flagged_once(d):
    contract = d.signed()
    delivery = d.delivery(d.confirmed_order(contract), promised_date=timezone.localdate() - timedelta(days=1))
    assert services.deliveries_flag_overdue() == 1
    assert services.deliveries_flag_overdue() == 0
    delivery.refresh_from_db()
    assert delivery.is_late
    assert Notification.objects.filter(subject__contains="is overdue", recipient=d.officer).exists()
