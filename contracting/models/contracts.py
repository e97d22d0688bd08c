"""Contracts drawn up from final awards: parties, lots, terms, price lines, revisions (amendments) and signatures."""

from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

CENT = Decimal("0.01")


class ContractState(models.TextChoices):
    DRAFT = "draft", _("Draft (to be signed)")
    SIGNED = "signed", _("Signed by both sides")
    ACTIVE = "active", pgettext_lazy("contract state", "Active")
    COMPLETED = "completed", pgettext_lazy("contract state", "Completed")
    TERMINATED = "terminated", _("Terminated")


# Which state may follow which. A signed contract becomes active when its period starts (or at once if it has).
CONTRACT_TRANSITIONS: dict[str, set[str]] = {
    ContractState.DRAFT: {ContractState.SIGNED, ContractState.TERMINATED},
    ContractState.SIGNED: {ContractState.ACTIVE, ContractState.TERMINATED},
    ContractState.ACTIVE: {ContractState.COMPLETED, ContractState.TERMINATED},
    ContractState.COMPLETED: set(),
    ContractState.TERMINATED: set(),
}
# The languages a contract's text is drawn up in. Fixed at drafting: the signed PDF's SHA-256 covers its words.
CONTRACT_LANGUAGES = [("en", _("English")), ("de", _("German"))]
# Buyers from these countries get their contracts in German unless the officer chooses otherwise.
GERMAN_SPEAKING_COUNTRIES = {"DE", "AT", "CH", "LI"}
AMENDABLE_STATES = (ContractState.SIGNED, ContractState.ACTIVE)
ORDERABLE_STATES = (ContractState.ACTIVE,)


class Contract(models.Model):
    """The contract between a buyer and a supplier (a company or a consortium) for one or more awarded lots.

    The fields hold the terms in force (the latest fully signed revision); a pending amendment lives in its
    revision until both sides sign it. A framework contract (Rahmenvertrag) sets a ceiling — a maximum value,
    a maximum quantity or both — and call-off orders add to `ordered_value` / `ordered_quantity`, which named
    CHECK constraints keep at or below the ceiling whatever the application does.
    """

    tender = models.ForeignKey("marketplace.Tender", on_delete=models.PROTECT, related_name="contracts")
    buyer = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="contracts_bought", verbose_name=_("buyer")
    )
    supplier = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="contracts_supplied",
        verbose_name=_("supplier"),
    )
    title = models.CharField(_("title"), max_length=250)
    is_framework = models.BooleanField(_("framework contract (call-off orders)"), default=False)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    max_value = models.DecimalField(
        _("maximum value of all orders"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    max_quantity = models.DecimalField(
        _("maximum quantity of all orders"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    ordered_value = models.DecimalField(_("value ordered"), max_digits=14, decimal_places=2, default=0)
    ordered_quantity = models.DecimalField(_("quantity ordered"), max_digits=14, decimal_places=3, default=0)
    period_start = models.DateField(_("period starts"))
    period_end = models.DateField(_("period ends"))
    delivery_places = models.JSONField(_("delivery places"), default=list, blank=True)
    payment_days = models.PositiveSmallIntegerField(_("payment within (days)"), default=30)
    skonto_percent = models.DecimalField(_("Skonto (%)"), max_digits=4, decimal_places=2, default=0)
    skonto_days = models.PositiveSmallIntegerField(_("Skonto within (days)"), default=0)
    language = models.CharField(
        _("language of the contract"),
        max_length=8,
        choices=CONTRACT_LANGUAGES,
        default="en",
        help_text=_("the language the contract's PDF is written and signed in"),
    )
    state = models.CharField(_("state"), max_length=12, choices=ContractState.choices, default=ContractState.DRAFT)
    termination_reason = models.TextField(_("reason for terminating"), blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("contract")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="contract_period_in_order",
                violation_error_message=_("The period ends before it starts."),
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="contract_value_not_negative"),
            models.CheckConstraint(
                condition=Q(max_value__isnull=True) | Q(ordered_value__lte=F("max_value")),
                name="contract_orders_within_max_value",
                violation_error_message=_("The orders would exceed the framework's value."),
            ),
            models.CheckConstraint(
                condition=Q(max_quantity__isnull=True) | Q(ordered_quantity__lte=F("max_quantity")),
                name="contract_orders_within_max_quantity",
                violation_error_message=_("The orders would exceed the framework's quantity."),
            ),
            models.CheckConstraint(
                condition=Q(ordered_value__gte=0, ordered_quantity__gte=0), name="contract_ordered_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(skonto_percent__gte=0, skonto_percent__lt=100), name="contract_skonto_range"
            ),
            models.CheckConstraint(
                condition=Q(skonto_days__lte=F("payment_days")),
                name="contract_skonto_days",
                violation_error_message=_("The Skonto period must end before payment is due."),
            ),
        ]
        indexes = [
            models.Index(fields=["buyer", "state"], name="contract_buyer_state_idx"),
            models.Index(fields=["supplier", "state"], name="contract_supplier_state_idx"),
        ]

    def __str__(self) -> str:
        return f"C-{self.pk}: {self.title}"

    @property
    def can_be_amended(self) -> bool:
        """Amendments change signed terms: only signed or active contracts, one pending amendment at a time."""
        return self.state in AMENDABLE_STATES and not self.revisions.filter(signed_at__isnull=True).exists()

    @property
    def can_take_orders(self) -> bool:
        return self.state in ORDERABLE_STATES

    @property
    def value_left(self):
        return None if self.max_value is None else self.max_value - self.ordered_value

    @property
    def quantity_left(self):
        return None if self.max_quantity is None else self.max_quantity - self.ordered_quantity


class ContractLot(models.Model):
    """An awarded lot the contract covers; an award leads to one contract only."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="lots")
    award = models.OneToOneField("marketplace.Award", on_delete=models.PROTECT, related_name="contract_lot")
    lot = models.ForeignKey("marketplace.Lot", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["contract_id", "lot_id"]

    def __str__(self) -> str:
        return f"{self.contract_id} / lot {self.lot_id}"


class ContractLine(models.Model):
    """One line of the price schedule: what, how much, in which UN/ECE Rec 20 unit, at what unit price."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(_("line"))
    lot = models.ForeignKey("marketplace.Lot", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    description = models.CharField(_("description"), max_length=300)
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=3)
    unit = models.CharField(_("unit (UN/ECE Rec 20)"), max_length=3)
    unit_price = models.DecimalField(_("unit price"), max_digits=14, decimal_places=4)

    class Meta:
        ordering = ["contract_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "position"], name="contract_line_position_unique"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="contract_line_quantity_positive"),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="contract_line_price_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.description}"

    @property
    def amount(self):
        return (self.quantity * self.unit_price).quantize(CENT)


class ContractRevision(models.Model):
    """One complete text of the contract as both sides sign it: number 1 is the draft, later numbers are
    amendments with a reason and a diff against the terms in force. `terms` freezes what the PDF shows, so its
    SHA-256 stays the same; `signed_at` is set when both sides have signed it."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    terms = models.JSONField()
    reason = models.TextField(_("reason for the amendment"), blank=True)
    diff = models.JSONField(default=dict, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey("organizations.User", on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    signed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["contract_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "number"], name="contract_revision_number"),
            models.UniqueConstraint(
                fields=["contract"],
                condition=Q(signed_at__isnull=True),
                name="contract_one_pending_revision",
                violation_error_message=_("An amendment is already waiting for signatures."),
            ),
        ]

    def __str__(self) -> str:
        return f"C-{self.contract_id} r{self.number}"

    @property
    def is_amendment(self) -> bool:
        return self.number > 1


class ContractSignature(models.Model):
    """One side's authorised signatory approving a revision; the SHA-256 of the PDF they signed is kept."""

    revision = models.ForeignKey(ContractRevision, on_delete=models.CASCADE, related_name="signatures")
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    signed_by = models.ForeignKey("organizations.User", on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(auto_now_add=True)
    pdf_sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["revision_id", "signed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["revision", "organization"],
                name="contract_signature_once",
                violation_error_message=_("Your organization already signed."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} signed r{self.revision.number}"
