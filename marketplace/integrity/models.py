"""Stored red flags, the buyer's integrity settings, fixed-price lots, and the abnormally-low-tender cases
with their explanation procedure (its transition table is `ALT_TRANSITIONS`)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStamped


class RedFlag(models.Model):
    """One red flag raised on a lot (or on the whole tender when `lot` is empty), with the figures that
    triggered it. Rows are kept in line by `compute.flags_recompute` (raised, changed, cleared; `computed_at` is
    when the flag was raised or its figures last changed); never edited by hand. `offer` names the offer the
    flag is about when the definition flags a tenderer (identical prices, abnormally low)."""

    code = models.CharField(_("flag"), max_length=32)
    tender = models.ForeignKey("marketplace.Tender", on_delete=models.CASCADE, related_name="red_flags")
    lot = models.ForeignKey(
        "marketplace.Lot", on_delete=models.CASCADE, null=True, blank=True, related_name="red_flags"
    )
    offer = models.ForeignKey(
        "marketplace.BidLot", on_delete=models.CASCADE, null=True, blank=True, related_name="red_flags"
    )
    buyer = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    figures = models.JSONField(_("figures"), default=dict)
    computed_at = models.DateTimeField(_("computed"))

    class Meta:
        ordering = ["tender_id", "lot_id", "code", "offer_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "tender", "lot", "offer"], nulls_distinct=False, name="red_flag_unique"
            )
        ]
        indexes = [models.Index(fields=["buyer", "code"], name="red_flag_buyer_idx")]

    def __str__(self) -> str:
        return f"{self.code} on tender {self.tender_id} lot {self.lot_id}"


class AltRule(models.TextChoices):
    MEAN_OR_ESTIMATE = "mean_or_estimate", _("Below the mean of the other valid bids (or the estimate with few bids)")
    ESTIMATE_ONLY = "estimate_only", _("Below the estimated value only")


class BuyerIntegritySettings(models.Model):
    """A buyer's choice of the abnormally-low-tender rule; without a row the defaults of the issue apply."""

    buyer = models.OneToOneField(
        "organizations.Organization", on_delete=models.CASCADE, related_name="integrity_settings"
    )
    alt_rule = models.CharField(
        _("abnormally low tender rule"), max_length=20, choices=AltRule.choices, default=AltRule.MEAN_OR_ESTIMATE
    )
    alt_threshold_percent = models.DecimalField(_("threshold (% below)"), max_digits=5, decimal_places=2, default=20)
    alt_min_bids = models.PositiveSmallIntegerField(_("valid bids needed to compare with the others"), default=3)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(alt_threshold_percent__gt=0) & Q(alt_threshold_percent__lt=100) & Q(alt_min_bids__gte=2),
                name="integrity_settings_sane",
            )
        ]

    def __str__(self) -> str:
        return f"{self.buyer_id}: {self.alt_rule} {self.alt_threshold_percent}%"


class FixedPriceLot(models.Model):
    """A lot whose price the buyer set in advance: price-comparing flags do not apply (Cardinal's exclusion
    "prices are predetermined by the buyer")."""

    lot = models.OneToOneField("marketplace.Lot", on_delete=models.CASCADE, related_name="fixed_price")
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"fixed price lot {self.lot_id}"


class AltState(models.TextChoices):
    FLAGGED = "flagged", _("Flagged (no explanation requested yet)")
    REQUESTED = "requested", _("Explanation requested")
    ANSWERED = "answered", _("Explanation received")
    ACCEPTED = "accepted", _("Explanation accepted")
    REJECTED = "rejected", _("Bid rejected as abnormally low")


# Who may follow whom. A bid may be accepted without asking, but never rejected before its bidder was asked
# (Art. 69(1) 2014/24/EU); rejecting an unanswered request additionally waits for its deadline (service guard).
ALT_TRANSITIONS: dict[str, set[str]] = {
    AltState.FLAGGED: {AltState.REQUESTED, AltState.ACCEPTED},
    AltState.REQUESTED: {AltState.ANSWERED, AltState.ACCEPTED, AltState.REJECTED},
    AltState.ANSWERED: {AltState.ACCEPTED, AltState.REJECTED},
    AltState.ACCEPTED: set(),
    AltState.REJECTED: set(),
}
ALT_OPEN_STATES = [AltState.FLAGGED, AltState.REQUESTED, AltState.ANSWERED]


class AltCase(TimeStamped):
    """An offer flagged as possibly abnormally low, and the explanation procedure about it: the officer's
    request with a deadline, the bidder's answer with documents, the officer's recorded decision. While it is
    open the lot cannot be awarded (`guard.ensure_alt_closed`); a rejected offer is passed over at the award."""

    offer = models.OneToOneField("marketplace.BidLot", on_delete=models.CASCADE, related_name="alt_case")
    lot = models.ForeignKey("marketplace.Lot", on_delete=models.CASCADE, related_name="alt_cases")
    tender = models.ForeignKey("marketplace.Tender", on_delete=models.CASCADE, related_name="alt_cases")
    state = models.CharField(_("state"), max_length=12, choices=AltState.choices, default=AltState.FLAGGED)
    figures = models.JSONField(_("figures"), default=dict)
    request_text = models.TextField(_("what the bidder is asked to explain"), blank=True)
    respond_by = models.DateTimeField(_("answer by"), null=True, blank=True)
    requested_at = models.DateTimeField(null=True, blank=True)
    answer_text = models.TextField(_("explanation"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(_("reasons for the decision"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        "organizations.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["tender_id", "lot_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state__in=["requested", "answered"]) | Q(respond_by__isnull=False),
                name="alt_request_has_deadline",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=["accepted", "rejected"]) | ~Q(decision_reason=""),
                name="alt_decision_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"ALT case on offer {self.offer_id} ({self.state})"

    @property
    def is_open(self) -> bool:
        return self.state in ALT_OPEN_STATES


class AltDocument(models.Model):
    """A document the bidder gives with the explanation: private like the bid's own documents."""

    case = models.ForeignKey(AltCase, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to="bids/alt/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100, default="application/octet-stream")
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.original_name
