"""Inbound invoices: a supplier's ERP posts UBL, CII or Factur-X; ALX reads, validates and three-way matches it.

The references decide what it invoices: BT-12 names the contract (`C-<id>`), BT-13 the order (`O-<contract>-<n>`),
BT-132 the order line (its position). The contract must be one the poster supplies. Each line is compared with
the goods receipt (what was accepted and not yet invoiced) and the order price; a difference is stored as a
finding of the rule set `ALX-MATCH` next to BT-129 (quantity) or BT-146 (price), for the buyer to see. An
invoice whose net total exceeds the accepted value still to invoice is refused (409, BT-109), as are invalid
documents and invoices that fail the official rules (400, by business term); nothing is half-written.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from contracting.models import Contract, Order
from contracting.roles import party_organization_ids
from core.errors import ApplicationError, refuse
from organizations.models import User

from ..en16931.codes import CREDIT_NOTE_CODES
from ..en16931.documents import inspect
from ..models import Direction, Invoice, InvoiceState, RuleFinding
from .outbound import invoicable_quantities
from .store import invoice_store

MATCH = "ALX-MATCH"
_CONTRACT = re.compile(r"^C-(\d+)$")
_ORDER = re.compile(r"^O-(\d+)-(\d+)$")
CENT = Decimal("0.01")


def _contract_of(reference: str, by: User) -> Contract:
    match = _CONTRACT.match(reference.strip())
    contract = (
        Contract.objects.select_related("buyer", "supplier")
        .filter(pk=int(match.group(1)), supplier_id__in=party_organization_ids(by))
        .first()
        if match
        else None
    )
    if contract is None:
        raise refuse(_("BT-12 must name a contract you supply, as C-<number>."), field="BT-12", code="no_contract")
    return contract


def _order_of(reference: str, contract: Contract) -> Order:
    match = _ORDER.match(reference.strip())
    order = (
        contract.orders.filter(number=int(match.group(2))).first()
        if match and int(match.group(1)) == contract.pk
        else None
    )
    if order is None:
        raise refuse(
            _("BT-13 must name an order of contract C-%(contract)s, as O-%(contract)s-<number>.")
            % {"contract": contract.pk},
            field="BT-13",
            code="no_order",
        )
    return order


def three_way_match(*, model, order: Order) -> tuple[dict, list[dict], Decimal]:
    """Compare each line with the order line BT-132 names: returns (reference → order line, findings, the
    accepted value still to invoice). A finding is a dict of RuleFinding fields."""
    lines = {str(line.position): line for line in order.lines.all()}
    left = invoicable_quantities(order=order)
    findings, linked = [], {}
    for line in model.lines:
        order_line = lines.get(line.order_line_reference.strip())
        where = f"line {line.id}"
        if order_line is None:
            findings.append(
                {
                    "rule_id": "ALX-MATCH-LINE",
                    "field": "BT-132",
                    "location": where,
                    "message": _("Line %(line)s names no line of order %(order)s.") % {"line": line.id, "order": order},
                }
            )
            continue
        linked[line.order_line_reference.strip()] = order_line
        accepted = left.get(order_line.pk, Decimal("0"))
        if line.quantity != accepted:
            findings.append(
                {
                    "rule_id": "ALX-MATCH-QTY",
                    "field": "BT-129",
                    "location": where,
                    "message": _(
                        "Line %(line)s invoices %(invoiced)s %(unit)s; the goods receipt leaves "
                        "%(accepted)s to invoice."
                    )
                    % {"line": line.id, "invoiced": line.quantity, "unit": line.unit_code, "accepted": accepted},
                }
            )
        price = line.net_price / (line.base_quantity or Decimal(1))
        if price.quantize(Decimal("0.0001")) != order_line.unit_price.quantize(Decimal("0.0001")):
            findings.append(
                {
                    "rule_id": "ALX-MATCH-PRICE",
                    "field": "BT-146",
                    "location": where,
                    "message": _("Line %(line)s is priced %(price)s; the order says %(ordered)s.")
                    % {"line": line.id, "price": price.normalize(), "ordered": order_line.unit_price},
                }
            )
    value_left = sum(
        ((left.get(ol.pk, Decimal("0")) * ol.unit_price).quantize(CENT) for ol in lines.values()), Decimal("0")
    )
    return linked, findings, value_left


def invoice_import(*, data: bytes, content_type: str, by: User, expected: str | None = None) -> Invoice:
    """Read, validate and match an invoice the supplier's system sends; stored as sent, for the buyer to approve.

    Refused with a 4xx naming the field: unreadable or hostile XML, a wrong syntax, failed official rules, a
    contract or order the poster does not supply, a duplicate number, a total above the accepted value.
    """
    inspection = inspect(data or b"", content_type=content_type, expected=expected)
    report = inspection.report
    if not report.is_valid:
        raise ApplicationError(
            _("The invoice fails %(count)d of the official rules.") % {"count": len(report.errors)},
            errors=report.error_dict(),
            code="invoice_rules_failed",
        )
    model = inspection.invoice
    contract = _contract_of(model.contract_reference, by)
    with transaction.atomic():
        order = _order_of(model.order_reference, contract)
        Order.objects.select_for_update().filter(pk=order.pk).first()
        linked, findings, value_left = three_way_match(model=model, order=order)
        credit = model.type_code in CREDIT_NOTE_CODES
        if not credit and model.totals.tax_exclusive > value_left:
            raise refuse(
                _(
                    "The invoice claims %(claimed)s net, but only %(left)s of accepted goods are left to "
                    "invoice on order %(order)s."
                )
                % {"claimed": model.totals.tax_exclusive, "left": value_left, "order": order},
                field="BT-109",
                code="above_accepted",
            )
        invoice = invoice_store(
            inspection=inspection,
            seller=contract.supplier,
            buyer=contract.buyer,
            direction=Direction.INBOUND,
            by=by,
            contract=contract,
            order=order,
            order_lines=linked,
        )
        RuleFinding.objects.bulk_create(
            RuleFinding(invoice=invoice, rule_set=MATCH, flag="warning", **f) for f in findings
        )
        Invoice.objects.filter(pk=invoice.pk).update(state=InvoiceState.SENT)
        invoice.state = InvoiceState.SENT
    return invoice
