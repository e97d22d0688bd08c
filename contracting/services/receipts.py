"""Goods receipt: the buyer receives a delivered delivery in full, in part, or rejects lines with reasons; what is
rejected may be shipped again, and an order whose every line is accepted in full is completed."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from organizations.models import User
from organizations.notifications import notify_organizations

from ..models import (
    DELIVERY_TRANSITIONS,
    ORDER_TRANSITIONS,
    Acceptance,
    AcceptanceOutcome,
    Delivery,
    DeliveryLine,
    DeliveryState,
    Order,
    OrderLine,
    OrderState,
)
from .common import ensure_buyer_member, refuse, transition
from .deliveries import _as_int, _locked, delivery_link
from .ocds import contract_publish
from .orders import _number


def _accepted_rows(delivery: Delivery, lines: list[dict] | None) -> list[tuple[DeliveryLine, Decimal, str]]:
    rows = {row.pk: row for row in delivery.lines.select_related("order_line")}
    given = {}
    for index, item in enumerate(lines or []):
        row = rows.get(_as_int(item.get("delivery_line")))
        if row is None or row.pk in given:
            raise refuse(_("Choose a line of this delivery (each once)."), field=f"lines.{index}.delivery_line")
        accepted = _number(item.get("accepted_quantity"), field=f"lines.{index}.accepted_quantity", positive=False)
        if accepted > row.quantity:
            raise refuse(
                _("Only %(quantity)s were delivered on this line.") % {"quantity": row.quantity},
                field=f"lines.{index}.accepted_quantity",
            )
        reason = str(item.get("reason") or "").strip()
        if accepted < row.quantity and not reason:
            raise refuse(
                _("Say why you do not accept all of it; the supplier reads the reason."), field=f"lines.{index}.reason"
            )
        given[row.pk] = (row, accepted, reason)
    # Lines not mentioned are accepted in full.
    return [given.get(pk, (row, row.quantity, "")) for pk, row in rows.items()]


@transaction.atomic
def delivery_accept(*, delivery: Delivery, by: User, lines: list[dict] | None = None, note: str = "") -> Acceptance:
    """The buyer's goods receipt: every line in full unless `lines` says [{delivery_line, accepted_quantity,
    reason}] — less than delivered needs a reason. What is rejected may be delivered again (it no longer counts as
    shipped); when every order line is accepted in full the order is completed."""
    delivery = _locked(delivery)
    contract = delivery.order.contract
    ensure_buyer_member(by, contract, doing=_("receive deliveries"))
    if not delivery.can_be_accepted:
        raise refuse(
            _("Only a delivered delivery can be received (it is %(state)s).")
            % {"state": delivery.get_state_display().lower()},
            code="invalid_state",
        )
    rows = _accepted_rows(delivery, lines)
    accepted_total = sum(accepted for _row, accepted, _reason in rows)
    delivered_total = sum(row.quantity for row, _accepted, _reason in rows)
    outcome = (
        AcceptanceOutcome.FULL
        if accepted_total == delivered_total
        else AcceptanceOutcome.REJECTED
        if accepted_total == 0
        else AcceptanceOutcome.PARTIAL
    )
    for row, accepted, reason in rows:
        row.accepted_quantity, row.rejection_reason = accepted, reason
        OrderLine.objects.filter(pk=row.order_line_id).update(
            accepted_quantity=F("accepted_quantity") + accepted,
            shipped_quantity=F("shipped_quantity") - (row.quantity - accepted),
        )
    DeliveryLine.objects.bulk_update([row for row, _a, _r in rows], ["accepted_quantity", "rejection_reason"])
    acceptance = Acceptance.objects.create(delivery=delivery, outcome=outcome, note=note.strip(), decided_by=by)
    target = {
        AcceptanceOutcome.FULL: DeliveryState.ACCEPTED,
        AcceptanceOutcome.PARTIAL: DeliveryState.PARTLY_ACCEPTED,
        AcceptanceOutcome.REJECTED: DeliveryState.REJECTED,
    }[outcome]
    transition(
        delivery,
        table=DELIVERY_TRANSITIONS,
        to=target,
        by=by,
        action="received",
        organization=contract.buyer,
        changes={"accepted": [None, {str(r.order_line.position): str(a) for r, a, _x in rows}]},
    )
    _settle_order(delivery.order, by)
    contract_publish(contract=contract.pk, change="implementation")
    notify_organizations(
        organizations=[contract.supplier],
        link=delivery_link(delivery),
        subject=lambda: (
            _("Goods receipt for %(delivery)s: %(outcome)s")
            % {"delivery": delivery, "outcome": acceptance.get_outcome_display()}
        ),
    )
    return acceptance


def _settle_order(order: Order, by: User) -> None:
    order = Order.objects.select_for_update().select_related("contract__buyer").get(pk=order.pk)
    lines = list(order.lines.all())
    if all(line.accepted_quantity == line.quantity for line in lines):
        transition(
            order,
            table=ORDER_TRANSITIONS,
            to=OrderState.COMPLETED,
            by=by,
            action="completed",
            organization=order.contract.buyer,
        )
    elif order.state == OrderState.SHIPPED and any(line.shipped_quantity < line.quantity for line in lines):
        transition(
            order,
            table=ORDER_TRANSITIONS,
            to=OrderState.CONFIRMED,
            by=by,
            action="reopened",
            organization=order.contract.buyer,
        )
