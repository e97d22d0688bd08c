"""Bids: sealed offers for one or more lots, their prices, criteria answers, documents and subcontractors."""

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.models import TimeStamped


class BidState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    TO_RECONFIRM = "to_reconfirm", _("To be reconfirmed (tender amended)")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXCLUDED = "excluded", _("Excluded at opening")


# THE bid lifecycle. Editing a submitted bid takes it back to draft until resubmitted; an amendment of the
# tender asks for reconfirmation; the opening excludes what is not valid. Withdrawn and excluded are final.
BID_TRANSITIONS: dict[str, set[str]] = {
    BidState.DRAFT: {BidState.DRAFT, BidState.SUBMITTED, BidState.WITHDRAWN},
    BidState.SUBMITTED: {BidState.DRAFT, BidState.TO_RECONFIRM, BidState.WITHDRAWN, BidState.EXCLUDED},
    BidState.TO_RECONFIRM: {BidState.DRAFT, BidState.SUBMITTED, BidState.WITHDRAWN, BidState.EXCLUDED},
}


class Bid(TimeStamped):
    """An organization's (company or consortium) offer on a tender. Sealed until the opening (the tender's
    `bids_opened`): before it only the bidder's members learn anything of it, its mere existence included;
    from the opening on the buyer compares the bids."""

    tender = models.ForeignKey("marketplace.Tender", on_delete=models.CASCADE, related_name="bids")
    bidder = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="bids")
    state = models.CharField(_("state"), max_length=16, choices=BidState.choices, default=BidState.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    exclusion_reason = models.TextField(blank=True)
    # The same reason written in every platform language at the opening ({"en": …, "de": …}): the reasons come
    # from bans, badges, screening and other apps' checks as sentences, frozen as they were at the opening.
    exclusion_reasons = models.JSONField(default=dict, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey("organizations.User", on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["tender_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["tender", "bidder"],
                condition=~Q(state="withdrawn"),
                name="bid_one_live_per_bidder",
                violation_error_message=_("Your organization already has a bid on this tender."),
            ),
        ]

    def __str__(self) -> str:
        return f"Bid {self.pk} by {self.bidder}"

    @property
    def exclusion_reason_shown(self) -> str:
        """Why the bid was excluded, in the reader's (active) language."""
        language = (get_language() or "").split("-")[0]
        return self.exclusion_reasons.get(language) or self.exclusion_reason

    @property
    def can_be_changed(self) -> bool:
        return BidState.DRAFT in BID_TRANSITIONS.get(self.state, set())

    @property
    def can_be_submitted(self) -> bool:
        return BidState.SUBMITTED in BID_TRANSITIONS.get(self.state, set())

    @property
    def can_be_withdrawn(self) -> bool:
        return BidState.WITHDRAWN in BID_TRANSITIONS.get(self.state, set())


class BidLot(models.Model):
    """The bid's offer for one lot: price and answers to the weighted criteria."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="lot_offers")
    lot = models.ForeignKey("marketplace.Lot", on_delete=models.CASCADE, related_name="offers")
    price = models.DecimalField(_("price"), max_digits=14, decimal_places=2)
    delivery_days = models.PositiveIntegerField(_("delivery time (days)"), null=True, blank=True)
    criteria_answers = models.JSONField(_("answers to the criteria"), default=dict, blank=True)

    class Meta:
        ordering = ["bid_id", "lot__number"]
        constraints = [
            models.UniqueConstraint(fields=["bid", "lot"], name="bid_lot_unique"),
            models.CheckConstraint(
                condition=Q(price__gt=0),
                name="bid_lot_price_positive",
                violation_error_message=_("The price must be more than zero."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bid_id} / lot {self.lot_id}: {self.price}"


class Subcontractor(models.Model):
    """A firm a bid names as subcontractor (registered or just by name) and its share of the work."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="subcontractors")
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    share_percent = models.DecimalField(_("share (%)"), max_digits=5, decimal_places=2)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(share_percent__gt=0) & Q(share_percent__lte=100), name="subcontractor_share_range"
            )
        ]

    def __str__(self) -> str:
        return self.name or str(self.organization)


class BidDocument(models.Model):
    """A private document of a bid (sealed with it)."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to="bids/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100, default="application/octet-stream")
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.original_name


class CriterionScore(models.Model):
    """The officer's score (0-100) of a bid's offer on one qualitative criterion."""

    offer = models.ForeignKey(BidLot, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey("marketplace.AwardCriterion", on_delete=models.CASCADE, related_name="+")
    score = models.DecimalField(max_digits=5, decimal_places=2)
    scored_by = models.ForeignKey("organizations.User", on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["offer", "criterion"], name="criterion_score_unique"),
            models.CheckConstraint(condition=Q(score__gte=0) & Q(score__lte=100), name="criterion_score_range"),
        ]

    def __str__(self) -> str:
        return f"{self.offer_id}/{self.criterion_id}: {self.score}"
