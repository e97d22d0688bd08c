"""Call-off orders: placed by the buyer's officers, confirmed by the supplier, cancelled with a reason.

The ceiling is the database's to keep: placing an order runs one guarded UPDATE that adds the order's value and
quantity to the contract's running totals only if they stay within the ceiling; the CHECK constraints on the
contract stand behind it. The UPDATE locks the contract row until commit, so concurrent call-offs queue there and
each sees the totals the previous one committed (READ COMMITTED re-checks the WHERE on the new row version).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from core.formatting import format_money
from organizations.audit import audit_record
from organizations.models import User
from organizations.notifications import notify_organizations

from ..models import ORDER_TRANSITIONS, Contract, ContractState, Order, OrderLine, OrderState
from ..units import unit_codes
from .common import ensure_buyer_officer, ensure_supplier_side, refuse, required_reason, transition
from .contracts import CENT, contract_link


def order_link(order: Order) -> str:
    return f"/contracting/orders/{order.pk}/"


def _number(value, *, field: str, positive: bool = True) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError) as error:
        raise refuse(_("Enter a number."), field=field) from error
    if not number.is_finite() or number < 0 or (positive and number == 0):
        raise refuse(_("Enter a number above zero."), field=field)
    return number


def _clean_line(contract: Contract, index: int, row: dict, contract_lines: dict) -> OrderLine:
    prefix = f"lines.{index}"
    source = contract_lines.get(row.get("contract_line")) if row.get("contract_line") else None
    if row.get("contract_line") and source is None:
        raise refuse(_("This contract has no such price line."), field=f"{prefix}.contract_line")
    description = str(row.get("description") or (source.description if source else "")).strip()
    if not description:
        raise refuse(_("Describe the line."), field=f"{prefix}.description")
    unit = str(row.get("unit") or (source.unit if source else "")).strip().upper()
    if unit not in unit_codes():
        raise refuse(
            _("“%(unit)s” is not a unit code ALX knows (UN/ECE Rec 20, e.g. C62, KGM, HUR).") % {"unit": unit},
            field=f"{prefix}.unit",
        )
    price = row.get("unit_price")
    unit_price = _number(
        price if price not in (None, "") else (source.unit_price if source else None),
        field=f"{prefix}.unit_price",
        positive=False,
    )
    when = row.get("delivery_date")
    when = when if isinstance(when, date) else parse_date(str(when or ""))
    if when is None:
        raise refuse(_("Give the delivery date."), field=f"{prefix}.delivery_date")
    if not contract.period_start <= when <= contract.period_end:
        raise refuse(
            _("The delivery date must lie within the contract's period (%(start)s to %(end)s).")
            % {"start": contract.period_start, "end": contract.period_end},
            field=f"{prefix}.delivery_date",
        )
    place = str(row.get("delivery_place") or (contract.delivery_places[0] if contract.delivery_places else ""))
    if not place.strip():
        raise refuse(_("Give the delivery place."), field=f"{prefix}.delivery_place")
    return OrderLine(
        position=index + 1,
        contract_line=source,
        description=description[:300],
        quantity=_number(row.get("quantity"), field=f"{prefix}.quantity"),
        unit=unit,
        unit_price=unit_price,
        delivery_date=when,
        delivery_place=place.strip()[:200],
    )


def _ceiling_refusal(contract: Contract, value: Decimal, quantity: Decimal):
    contract = Contract.objects.get(pk=contract.pk)
    if contract.state != ContractState.ACTIVE:
        return refuse(_("Orders can be placed only under an active contract."), code="invalid_state")
    if contract.max_value is not None and contract.ordered_value + value > contract.max_value:
        return refuse(
            _(
                "This order (%(value)s %(cur)s) would exceed the contract's ceiling: %(left)s %(cur)s are "
                "left of %(max)s."
            )
            % {"value": value, "cur": contract.currency, "left": contract.value_left, "max": contract.max_value},
            field="lines",
            code="ceiling_exceeded",
        )
    return refuse(
        _(
            "This order (quantity %(quantity)s) would exceed the contract's maximum quantity: %(left)s are "
            "left of %(max)s."
        )
        % {"quantity": quantity, "left": contract.quantity_left, "max": contract.max_quantity},
        field="lines",
        code="ceiling_exceeded",
    )


@transaction.atomic
def order_place(*, contract: Contract, by: User, lines: list[dict], buyer_reference: str = "") -> Order:
    """Call off an order under an active contract: lines with quantity, UN/ECE Rec 20 unit, unit price (default:
    the contract line's), delivery date within the contract's period and place. Refused (409, nothing written)
    when its value or quantity would take the orders past the contract's ceiling."""
    contract = Contract.objects.select_related("buyer", "supplier").get(pk=contract.pk)
    ensure_buyer_officer(by, contract, doing=_("place orders"))
    if not contract.can_take_orders:
        raise refuse(_("Orders can be placed only under an active contract."), code="invalid_state")
    if not lines:
        raise refuse(_("An order needs at least one line."), field="lines")
    contract_lines = {line.pk: line for line in contract.lines.all()}
    cleaned = [_clean_line(contract, index, row, contract_lines) for index, row in enumerate(lines)]
    value = sum((line.amount for line in cleaned), Decimal("0")).quantize(CENT)
    quantity = sum((line.quantity for line in cleaned), Decimal("0"))
    taken = (
        Contract.objects.filter(pk=contract.pk, state=ContractState.ACTIVE)
        .filter(Q(max_value__isnull=True) | Q(max_value__gte=F("ordered_value") + value))
        .filter(Q(max_quantity__isnull=True) | Q(max_quantity__gte=F("ordered_quantity") + quantity))
        .update(
            ordered_value=F("ordered_value") + value,
            ordered_quantity=F("ordered_quantity") + quantity,
            updated_at=timezone.now(),
        )
    )
    if not taken:
        raise _ceiling_refusal(contract, value, quantity)
    # The UPDATE holds the contract row until commit, so the next number is ours alone.
    number = (Order.objects.filter(contract=contract).aggregate(last=Max("number"))["last"] or 0) + 1
    order = Order.objects.create(
        contract=contract,
        number=number,
        buyer_reference=buyer_reference.strip()[:100],
        total_value=value,
        total_quantity=quantity,
        placed_by=by,
    )
    for line in cleaned:
        line.order = order
    OrderLine.objects.bulk_create(cleaned)
    audit_record(
        actor=by,
        action="order.placed",
        target=order,
        organization=contract.buyer,
        changes={"value": [None, str(value)], "quantity": [None, str(quantity)], "lines": [None, len(cleaned)]},
    )
    notify_organizations(
        organizations=[contract.supplier],
        link=order_link(order),
        subject=lambda: (
            _("New order %(order)s under contract C-%(id)d: %(value)s")
            % {"order": order, "id": contract.pk, "value": format_money(value, contract.currency)}
        ),
    )
    return order


def _locked_order(order: Order) -> Order:
    return (
        Order.objects.select_for_update(of=("self",))
        .select_related("contract__buyer", "contract__supplier")
        .get(pk=order.pk)
    )


@transaction.atomic
def order_confirm(*, order: Order, by: User) -> Order:
    """The supplier confirms it will deliver the order as placed."""
    order = _locked_order(order)
    ensure_supplier_side(by, order.contract, doing=_("confirm orders"))
    order.confirmed_by, order.confirmed_at = by, timezone.now()
    transition(
        order,
        table=ORDER_TRANSITIONS,
        to=OrderState.CONFIRMED,
        by=by,
        action="confirmed",
        organization=order.contract.supplier,
        fields=("confirmed_by", "confirmed_at"),
    )
    notify_organizations(
        organizations=[order.contract.buyer],
        link=order_link(order),
        subject=lambda: (
            _("Order %(order)s was confirmed by %(supplier)s")
            % {"order": order, "supplier": order.contract.supplier.legal_name}
        ),
    )
    return order


def _release(order: Order) -> None:
    Contract.objects.filter(pk=order.contract_id).update(
        ordered_value=F("ordered_value") - order.total_value,
        ordered_quantity=F("ordered_quantity") - order.total_quantity,
        updated_at=timezone.now(),
    )


@transaction.atomic
def order_cancel(*, order: Order, by: User, reason: str) -> Order:
    """The buyer withdraws an order nothing of which has been shipped; its value goes back to the ceiling."""
    order = _locked_order(order)
    ensure_buyer_officer(by, order.contract, doing=_("cancel orders"))
    reason = required_reason(reason, what=_("cancelling the order"))
    if order.lines.filter(shipped_quantity__gt=0).exists():
        raise refuse(_("Part of this order has been shipped; it can no longer be cancelled."), code="shipped")
    order.cancel_reason = reason
    transition(
        order,
        table=ORDER_TRANSITIONS,
        to=OrderState.CANCELLED,
        by=by,
        action="cancelled",
        organization=order.contract.buyer,
        reason=reason,
        fields=("cancel_reason",),
    )
    _release(order)
    notify_organizations(
        organizations=[order.contract.supplier],
        link=contract_link(order.contract),
        subject=lambda: _("Order %(order)s was cancelled: %(reason)s") % {"order": order, "reason": reason[:80]},
    )
    return order


def order_cancel_open(*, contract: Contract, by: User, reason: str) -> int:
    """For a terminated contract: orders not yet confirmed are cancelled (inside the caller's transaction)."""
    count = 0
    for order in Order.objects.select_for_update().filter(contract=contract, state=OrderState.PLACED):
        order.cancel_reason = reason
        order.contract = contract
        transition(
            order,
            table=ORDER_TRANSITIONS,
            to=OrderState.CANCELLED,
            by=by,
            action="cancelled",
            organization=contract.buyer,
            reason=reason,
            fields=("cancel_reason",),
        )
        _release(order)
        count += 1
    return count
