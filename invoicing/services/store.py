"""Writes of the invoicing app: store an inbound or generated invoice with its lines and findings; send it."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from organizations.audit import audit_record
from organizations.models import Organization, User
from organizations.permissions import is_member

from ..en16931 import model as en
from ..en16931.documents import Inspection
from ..models import Direction, Invoice, InvoiceLine, InvoiceState, RuleFinding


def _duplicate(number: str) -> ApplicationError:
    return ApplicationError(
        _("This seller already has an invoice numbered %(number)s.") % {"number": number},
        errors={"number": [_("Invoice numbers are unique per seller.")]},
        code="duplicate_invoice_number",
    )


def invoice_store(
    *,
    inspection: Inspection,
    seller: Organization,
    buyer: Organization,
    direction: Direction,
    by: User | None,
    contract=None,
    order=None,
    order_lines: dict | None = None,
) -> Invoice:
    """Save a read and validated document (documents.inspect) as an invoice in the draft state.

    The document is kept as received; its lines and every failed rule are saved beside it, so a page can show
    each message next to its field. A second invoice with the same number from the same seller is refused
    (409, field `number`), also under a race (the unique constraint answers); nothing is half-written.
    `contract`, `order` and `order_lines` (BT-132 reference → OrderLine) link it to what it invoices.
    """
    order_lines = order_lines or {}
    model: en.Invoice = inspection.invoice
    totals = model.totals
    if seller.pk == buyer.pk:
        raise ApplicationError(
            _("Seller and buyer must be different organizations."),
            errors={"buyer": [_("Seller and buyer must be different organizations.")]},
        )
    try:
        with transaction.atomic():
            if Invoice.objects.filter(seller=seller, number=model.number).exists():
                raise _duplicate(model.number)
            invoice = Invoice.objects.create(
                seller=seller,
                buyer=buyer,
                direction=direction,
                number=model.number,
                type_code=model.type_code,
                issue_date=model.issue_date,
                due_date=model.due_date,
                currency=model.currency,
                buyer_reference=model.buyer_reference,
                contract_reference=model.contract_reference,
                order_reference=model.order_reference,
                tax_exclusive_amount=totals.tax_exclusive,
                vat_amount=totals.vat,
                tax_inclusive_amount=totals.tax_inclusive,
                payable_amount=totals.payable,
                syntax=inspection.syntax,
                document=inspection.received,
                is_valid=inspection.report.is_valid,
                created_by=by,
                contract=contract,
                order=order,
            )
            InvoiceLine.objects.bulk_create(
                InvoiceLine(
                    invoice=invoice,
                    position=index,
                    line_id=line.id,
                    item_name=line.item_name[:300],
                    quantity=line.quantity,
                    unit_code=line.unit_code,
                    net_price=line.net_price,
                    net_amount=line.net_amount,
                    vat_category=str(line.vat_category),
                    vat_rate=line.vat_rate,
                    order_line_reference=line.order_line_reference,
                    order_line=order_lines.get(line.order_line_reference),
                )
                for index, line in enumerate(model.lines, start=1)
            )
            _findings(invoice, inspection)
            audit_record(
                actor=by,
                action="invoice.store",
                target=invoice,
                organization=seller,
                changes={
                    "number": [None, invoice.number],
                    "payable_amount": [None, str(invoice.payable_amount)],
                    "is_valid": [None, invoice.is_valid],
                },
            )
    except IntegrityError as exc:
        if "invoice_number_unique_per_seller" in str(exc):
            raise _duplicate(model.number) from exc
        raise
    return invoice


def _findings(invoice: Invoice, inspection: Inspection) -> None:
    RuleFinding.objects.bulk_create(
        RuleFinding(
            invoice=invoice,
            rule_id=f.rule_id,
            rule_set=f.rule_set,
            flag=f.flag,
            field=f.field,
            message=f.message,
            location=f.location,
        )
        for f in inspection.report.failures
    )


def invoice_send(*, invoice: Invoice, by: User | None) -> Invoice:
    """Mark a draft invoice sent. One that fails a rule cannot be sent: the failed rules come back by field.
    Only the seller's members may send it."""
    with transaction.atomic():
        locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if by is not None and not is_member(by, locked.seller_id):
            raise ApplicationError(_("Only the seller may send this invoice."), code="permission_denied")
        if locked.state != InvoiceState.DRAFT:
            raise ApplicationError(
                _("Only a draft invoice can be sent."),
                errors={"state": [locked.state]},
                code="invalid_state",
            )
        if not locked.is_valid:
            errors: dict[str, list[str]] = {}
            for finding in locked.findings.exclude(flag__in=("warning", "information")):
                errors.setdefault(finding.field, []).append(f"[{finding.rule_id}] {finding.message}")
            raise ApplicationError(
                _("The invoice fails the official rules and cannot be sent."),
                errors=errors,
                code="invoice_rules_failed",
            )
        locked.state = InvoiceState.SENT
        locked.save(update_fields=["state"])
        audit_record(
            actor=by,
            action="invoice.send",
            target=locked,
            organization=locked.seller,
            changes={"state": [InvoiceState.DRAFT, InvoiceState.SENT]},
        )
    return locked
