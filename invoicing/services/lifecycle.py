"""The buyer's side of an invoice: approve (with any difference to the goods receipt), dispute, reject, pay.

Every move follows `INVOICE_TRANSITIONS` and is audited (contracting's `transition`). A disputed invoice goes
back to the buyer when the supplier answers. Payments add up to the amount due: the first one makes an approved
invoice partly paid, the one that reaches the amount due makes it paid; more than is due is refused.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contracting.services.common import transition
from contracting.services.ocds import contract_publish
from core.errors import ApplicationError, refuse
from organizations.models import User
from organizations.permissions import is_member

from ..models import INVOICE_TRANSITIONS, Invoice, InvoiceState, Payment
from .inbound import MATCH
from .payouts import payouts_record


def _locked(invoice: Invoice) -> Invoice:
    return Invoice.objects.select_for_update().select_related("seller", "buyer").get(pk=invoice.pk)


def _ensure_buyer(by: User, invoice: Invoice) -> None:
    if not is_member(by, invoice.buyer_id):
        raise ApplicationError(
            _("Only the buyer, %(buyer)s, may do this.") % {"buyer": invoice.buyer.legal_name},
            code="permission_denied",
        )


def _reason(reason: str, field: str = "reason") -> str:
    reason = (reason or "").strip()
    if not reason:
        raise refuse(_("Give a reason; the supplier reads it."), field=field)
    return reason


def _move(invoice: Invoice, to: str, by: User, action: str, organization, **kwargs) -> Invoice:
    return transition(
        invoice, table=INVOICE_TRANSITIONS, to=to, by=by, action=action, organization=organization, **kwargs
    )


@transaction.atomic
def invoice_approve(*, invoice: Invoice, by: User, approve_difference: bool = False) -> Invoice:
    """Approve a sent invoice for payment. One whose lines differ from the order or goods receipt (findings of
    ALX-MATCH) needs `approve_difference`, or it is refused with the differences by field."""
    invoice = _locked(invoice)
    _ensure_buyer(by, invoice)
    differences = list(invoice.findings.filter(rule_set=MATCH))
    if differences and not approve_difference:
        errors: dict[str, list[str]] = {}
        for finding in differences:
            errors.setdefault(finding.field, []).append(finding.message)
        raise ApplicationError(
            _("The invoice differs from the order or goods receipt; approve the difference explicitly or dispute it."),
            errors=errors,
            code="difference_not_approved",
        )
    invoice.difference_approved = bool(differences)
    return _move(invoice, InvoiceState.APPROVED, by, "approve", invoice.buyer, fields=("difference_approved",))


@transaction.atomic
def invoice_dispute(*, invoice: Invoice, by: User, reason: str) -> Invoice:
    invoice = _locked(invoice)
    _ensure_buyer(by, invoice)
    invoice.dispute_reason, invoice.dispute_answer = _reason(reason), ""
    return _move(
        invoice,
        InvoiceState.DISPUTED,
        by,
        "dispute",
        invoice.buyer,
        reason=invoice.dispute_reason,
        fields=("dispute_reason", "dispute_answer"),
    )


@transaction.atomic
def invoice_answer(*, invoice: Invoice, by: User, answer: str) -> Invoice:
    """The supplier answers a dispute; the invoice goes back to the buyer's queue."""
    invoice = _locked(invoice)
    if not is_member(by, invoice.seller_id):
        raise ApplicationError(_("Only the seller may answer the dispute."), code="permission_denied")
    invoice.dispute_answer = _reason(answer, "answer")
    return _move(
        invoice,
        InvoiceState.SENT,
        by,
        "answer",
        invoice.seller,
        reason=invoice.dispute_answer,
        fields=("dispute_answer",),
    )


@transaction.atomic
def invoice_reject(*, invoice: Invoice, by: User, reason: str) -> Invoice:
    """Reject for good: its quantities count as not invoiced again, so the supplier may invoice them anew."""
    invoice = _locked(invoice)
    _ensure_buyer(by, invoice)
    invoice.rejection_reason = _reason(reason)
    return _move(
        invoice,
        InvoiceState.REJECTED,
        by,
        "reject",
        invoice.buyer,
        reason=invoice.rejection_reason,
        fields=("rejection_reason",),
    )


def _amount(value) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError, TypeError):
        raise refuse(_("Give the amount as a number, e.g. 1234.50."), field="amount") from None
    if amount <= 0:
        raise refuse(_("The amount must be more than zero."), field="amount")
    return amount


@transaction.atomic
def payment_record(*, invoice: Invoice, by: User, amount, paid_on: date | str | None = None) -> Payment:
    """Record a (partial) payment of an approved invoice; a consortium's payment is split among its members
    (`payouts_record`) in the same transaction."""
    invoice = _locked(invoice)
    _ensure_buyer(by, invoice)
    amount = _amount(amount)
    if isinstance(paid_on, str):
        try:
            paid_on = date.fromisoformat(paid_on)
        except ValueError:
            raise refuse(_("Give the date as YYYY-MM-DD."), field="paid_on") from None
    paid_on = paid_on or timezone.localdate()
    if paid_on > timezone.localdate():
        raise refuse(_("A payment cannot be recorded for a future date."), field="paid_on")
    if invoice.state not in (InvoiceState.APPROVED, InvoiceState.PART_PAID):
        raise refuse(_("Only an approved invoice can be paid."), field="state", code="invalid_state")
    open_amount = invoice.payable_amount - invoice.paid_amount
    if amount > open_amount:
        raise refuse(_("Only %(open)s is still due.") % {"open": open_amount}, field="amount")
    payment = Payment.objects.create(invoice=invoice, paid_on=paid_on, amount=amount, recorded_by=by)
    before = invoice.paid_amount
    invoice.paid_amount = before + amount
    to = InvoiceState.PAID if invoice.paid_amount == invoice.payable_amount else InvoiceState.PART_PAID
    _move(
        invoice,
        to,
        by,
        "pay",
        invoice.buyer,
        fields=("paid_amount",),
        changes={"paid_amount": [str(before), str(invoice.paid_amount)], "paid_on": [None, paid_on.isoformat()]},
    )
    payment.invoice = invoice
    payouts_record(payment=payment, by=by)
    if invoice.contract_id:  # the payment is open data: a transaction of the contract's implementation
        contract_publish(contract=invoice.contract_id, change="implementation")
    return payment
