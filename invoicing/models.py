"""Data of the invoicing app: invoices and credit notes with their lines, and what the official rules said.

The EN 16931 document itself (UBL, CII or the Factur-X PDF as received or generated) is the record: it is
kept unchanged in `document`, and `invoicing.en16931` reads it back into the semantic model. The columns
beside it repeat what lists, constraints and the three-way match need (parties, number, dates, totals,
references, lines).

Contract and order: an invoice carries the references the document states (BT-12 contract, BT-13 order,
BT-132 order line) as text, and the nullable foreign keys `contract`, `order` and `order_line` (on the line)
that ALX set when it drew the invoice up from accepted deliveries, or that the three-way match found for an
inbound one. `InvoicingProfile` keeps what an organization's invoices need and the organization model lacks:
its VAT id, the buyer's Leitweg-ID (BT-10), the seller's IBAN and contact.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStamped
from organizations.models import Organization


class Direction(models.TextChoices):
    OUTBOUND = "outbound", _("Issued on ALX")
    INBOUND = "inbound", _("Received from the supplier's system")


class Syntax(models.TextChoices):
    UBL = "UBL", _("XRechnung UBL 2.1")
    CII = "CII", _("XRechnung UN/CEFACT CII")
    FACTURX = "FACTURX", _("Factur-X / ZUGFeRD PDF")


class InvoiceState(models.TextChoices):
    """draft → sent (only when the rules pass) → approved / disputed / rejected → partly paid → paid."""

    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")
    APPROVED = "approved", _("Approved")
    DISPUTED = "disputed", _("Disputed")
    REJECTED = "rejected", _("Rejected")
    PART_PAID = "part_paid", _("Partly paid")
    PAID = "paid", _("Paid")


# Which state may follow which. A disputed invoice goes back to sent when the supplier answers.
INVOICE_TRANSITIONS: dict[str, set[str]] = {
    InvoiceState.DRAFT: {InvoiceState.SENT},
    InvoiceState.SENT: {InvoiceState.APPROVED, InvoiceState.DISPUTED, InvoiceState.REJECTED},
    InvoiceState.DISPUTED: {InvoiceState.SENT, InvoiceState.REJECTED},
    InvoiceState.APPROVED: {InvoiceState.PART_PAID, InvoiceState.PAID},
    InvoiceState.PART_PAID: {InvoiceState.PART_PAID, InvoiceState.PAID},
    InvoiceState.REJECTED: set(),
    InvoiceState.PAID: set(),
}


class Invoice(TimeStamped):
    """An EN 16931 invoice or credit note between two organizations, with the document it was made from."""

    seller = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="invoices_issued", verbose_name=_("seller")
    )
    buyer = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="invoices_received", verbose_name=_("buyer")
    )
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    state = models.CharField(_("state"), max_length=12, choices=InvoiceState.choices, default=InvoiceState.DRAFT)
    number = models.CharField(_("invoice number"), max_length=100)  # BT-1
    type_code = models.CharField(_("type code"), max_length=3)  # BT-3
    issue_date = models.DateField(_("issue date"))  # BT-2
    due_date = models.DateField(_("due date"), null=True, blank=True)  # BT-9
    currency = models.CharField(_("currency"), max_length=3)  # BT-5
    buyer_reference = models.CharField(_("buyer reference (Leitweg-ID)"), max_length=200, blank=True)  # BT-10
    contract_reference = models.CharField(_("contract reference"), max_length=200, blank=True)  # BT-12
    order_reference = models.CharField(_("order reference"), max_length=200, blank=True)  # BT-13
    tax_exclusive_amount = models.DecimalField(_("total without VAT"), max_digits=16, decimal_places=2)  # BT-109
    vat_amount = models.DecimalField(_("VAT"), max_digits=16, decimal_places=2)  # BT-110
    tax_inclusive_amount = models.DecimalField(_("total with VAT"), max_digits=16, decimal_places=2)  # BT-112
    payable_amount = models.DecimalField(_("amount due"), max_digits=16, decimal_places=2)  # BT-115
    syntax = models.CharField(_("syntax"), max_length=8, choices=Syntax.choices)
    document = models.BinaryField(_("document"))
    is_valid = models.BooleanField(_("passes the rules"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    contract = models.ForeignKey(
        "contracting.Contract",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invoices",
        verbose_name=_("contract"),
    )
    order = models.ForeignKey(
        "contracting.Order",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invoices",
        verbose_name=_("order"),
    )
    dispute_reason = models.TextField(_("reason for the dispute"), blank=True)
    dispute_answer = models.TextField(_("supplier's answer"), blank=True)
    rejection_reason = models.TextField(_("reason for rejecting"), blank=True)
    difference_approved = models.BooleanField(_("difference to the goods receipt approved"), default=False)
    paid_amount = models.DecimalField(_("paid"), max_digits=16, decimal_places=2, default=0)

    class Meta:
        ordering = ["-issue_date", "-id"]
        verbose_name = _("invoice")
        constraints = [
            models.CheckConstraint(
                condition=Q(paid_amount__gte=0) & Q(paid_amount__lte=models.F("payable_amount")),
                name="invoice_paid_within_payable",
            ),
            models.UniqueConstraint(fields=["seller", "number"], name="invoice_number_unique_per_seller"),
            models.CheckConstraint(condition=~Q(seller=models.F("buyer")), name="invoice_seller_is_not_buyer"),
            models.CheckConstraint(
                condition=~Q(state=InvoiceState.SENT) | Q(is_valid=True), name="invoice_sent_only_when_valid"
            ),
            models.CheckConstraint(
                condition=Q(tax_inclusive_amount=models.F("tax_exclusive_amount") + models.F("vat_amount")),
                name="invoice_totals_add_up",
            ),
        ]
        indexes = [models.Index(fields=["buyer", "state"], name="invoice_buyer_state")]

    def __str__(self) -> str:
        return f"{self.number} ({self.seller})"


class InvoiceLine(models.Model):
    """BG-25: one line, with what the three-way match compares (quantity, unit, net price, order line)."""

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveIntegerField()
    line_id = models.CharField(_("line id"), max_length=100)  # BT-126
    item_name = models.CharField(_("item"), max_length=300)  # BT-153
    quantity = models.DecimalField(_("quantity"), max_digits=19, decimal_places=6)  # BT-129
    unit_code = models.CharField(_("unit"), max_length=3)  # BT-130 (UN/ECE Rec 20)
    net_price = models.DecimalField(_("net price"), max_digits=19, decimal_places=6)  # BT-146
    net_amount = models.DecimalField(_("net amount"), max_digits=16, decimal_places=2)  # BT-131
    vat_category = models.CharField(_("VAT category"), max_length=2)  # BT-151
    vat_rate = models.DecimalField(_("VAT rate"), max_digits=5, decimal_places=2, null=True, blank=True)  # BT-152
    order_line_reference = models.CharField(_("order line"), max_length=100, blank=True)  # BT-132
    order_line = models.ForeignKey(
        "contracting.OrderLine",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invoice_lines",
        verbose_name=_("order line"),
    )

    class Meta:
        ordering = ["invoice", "position"]
        constraints = [
            models.UniqueConstraint(fields=["invoice", "position"], name="invoice_line_position_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.line_id}: {self.item_name}"


class RuleFinding(models.Model):
    """One failed rule of the last validation of an invoice (fatal ones keep it from being sent)."""

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="findings")
    rule_id = models.CharField(_("rule"), max_length=50)
    rule_set = models.CharField(_("rule set"), max_length=20)
    flag = models.CharField(_("flag"), max_length=20)
    field = models.CharField(_("field"), max_length=200)  # the BT/BG the message names, else the element path
    message = models.TextField(_("message"))
    location = models.TextField(_("location"))

    class Meta:
        ordering = ["invoice", "id"]

    def __str__(self) -> str:
        return f"{self.rule_id} ({self.flag})"


class InvoicingProfile(models.Model):
    """What an organization's e-invoices need beyond its record: VAT id, Leitweg-ID, bank account, contact."""

    organization = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="invoicing_profile")
    vat_id = models.CharField(_("VAT id"), max_length=30, blank=True)  # BT-31 / BT-48
    tax_number = models.CharField(_("tax number"), max_length=30, blank=True)  # BT-32 (Steuernummer)
    leitweg_id = models.CharField(
        _("buyer reference (Leitweg-ID)"),
        max_length=100,
        blank=True,
        help_text=_("Suppliers put it on every invoice to you (BT-10)."),
    )
    invoice_email = models.EmailField(_("e-invoice address"), blank=True)  # BT-34 / BT-49
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)  # BT-84
    bic = models.CharField(_("BIC"), max_length=11, blank=True)  # BT-86
    contact_name = models.CharField(_("invoicing contact"), max_length=200, blank=True)  # BT-41
    contact_phone = models.CharField(_("contact telephone"), max_length=50, blank=True)  # BT-42

    class Meta:
        verbose_name = _("invoicing profile")

    def __str__(self) -> str:
        return f"{self.organization}"


class Payment(models.Model):
    """A payment the buyer recorded against an invoice (partial payments add up to the amount due)."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="payments")
    paid_on = models.DateField(_("paid on"))
    amount = models.DecimalField(_("amount"), max_digits=16, decimal_places=2)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["invoice", "paid_on", "id"]
        verbose_name = _("payment")
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive")]

    def __str__(self) -> str:
        return f"{self.amount} on {self.paid_on}"


class PayoutBasis(models.TextChoices):
    """Which of the agreement's figures split a payment (see invoicing/services/payouts.py)."""

    COST_SHARE = "cost_share", _("Agreed cost and profit shares")
    WORK_SHARE = "work_share", _("Agreed work shares (no cost and profit shares agreed)")
    EQUAL = "equal", _("Equal shares (no shares agreed)")


class Payout(models.Model):
    """One consortium member's share of one payment to the consortium, as ALX computed it when the payment
    was recorded: the member, the agreed share it was computed from, and the amount in the invoice's currency.
    The shares of one payment add up to the payment exactly (invoicing/payouts/split.py)."""

    payment = models.ForeignKey(Payment, on_delete=models.CASCADE, related_name="payouts")
    consortium = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="consortium_payouts", verbose_name=_("consortium")
    )
    member = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="payouts", verbose_name=_("member"))
    share = models.DecimalField(_("agreed share (%)"), max_digits=5, decimal_places=2)
    basis = models.CharField(_("basis"), max_length=10, choices=PayoutBasis.choices)
    amount = models.DecimalField(_("amount"), max_digits=16, decimal_places=2)
    agreement_version = models.PositiveIntegerField(
        _("agreement version"), null=True, blank=True, help_text=_("the version every member had signed, if any")
    )
    position = models.PositiveSmallIntegerField(default=0)  # the member's place in the schedule (lead first)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["payment", "position", "id"]
        verbose_name = _("payout")
        constraints = [
            models.UniqueConstraint(fields=["payment", "member"], name="payout_once_per_member"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="payout_amount_not_negative"),
            models.CheckConstraint(condition=Q(share__gte=0, share__lte=100), name="payout_share_range"),
        ]
        indexes = [models.Index(fields=["consortium", "member"], name="payout_consortium_member")]

    def __str__(self) -> str:
        return f"{self.member} {self.amount} of payment {self.payment_id}"
