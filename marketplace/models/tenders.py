"""Tenders split into lots, their award criteria, amendments and the questions suppliers ask."""

from datetime import datetime

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from compliance.models import BadgeKind


class Procedure(models.TextChoices):
    OPEN = "open", _("Open procedure")
    RESTRICTED = "restricted", _("Restricted procedure (expression of interest)")
    NEGOTIATED = "negotiated", _("Negotiated procedure")
    SIMPLIFIED_SME = "simplified_sme", _("Simplified call for SMEs")


class LegalBasis(models.TextChoices):
    DEFENCE_DIRECTIVE = "2009/81/EC", _("Directive 2009/81/EC (defence and security)")
    PUBLIC_DIRECTIVE = "2014/24/EU", _("Directive 2014/24/EU (public procurement)")
    NATIONAL = "national", _("National law below the EU thresholds")


class AwardMethod(models.TextChoices):
    LOWEST_PRICE = "lowest_price", _("Lowest price")
    BEST_VALUE = "best_value", _("Best value (weighted criteria)")


class TenderState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published (questions open)")
    TENDERING = "tendering", _("Tendering")
    EVALUATION = "evaluation", _("Evaluation")
    AWARDED = "awarded", _("Awarded")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")
    UNSUCCESSFUL = "unsuccessful", _("Unsuccessful")


OPEN_FOR_BIDS = [TenderState.PUBLISHED, TenderState.TENDERING]
# THE tender lifecycle (moved only through organizations.lifecycle.transition in the services). Published and
# tendering tenders reach evaluation or unsuccessful at the submission deadline; an unsuccessful one may still
# be cancelled (as before the table: the buyer records why nothing came of it).
TENDER_TRANSITIONS: dict[str, set[str]] = {
    TenderState.DRAFT: {TenderState.PUBLISHED, TenderState.CANCELLED},
    TenderState.PUBLISHED: {
        TenderState.TENDERING,
        TenderState.EVALUATION,
        TenderState.UNSUCCESSFUL,
        TenderState.CANCELLED,
    },
    TenderState.TENDERING: {TenderState.EVALUATION, TenderState.UNSUCCESSFUL, TenderState.CANCELLED},
    TenderState.EVALUATION: {TenderState.AWARDED, TenderState.UNSUCCESSFUL, TenderState.CANCELLED},
    TenderState.AWARDED: {TenderState.COMPLETED},
    TenderState.UNSUCCESSFUL: {TenderState.CANCELLED},
}
# A draft is edited freely; published and tendering tenders are amended with a reason; later states are fixed.
AMENDABLE_STATES = frozenset({TenderState.DRAFT, *OPEN_FOR_BIDS})
# The states a tender reaches only through the opening of its bids (services.tenders_advance, at the deadline).
# A tender cancelled before the opening never reaches them, and one cancelled later seals its bids again: the
# safe side, as "cancelled" alone does not say whether the opening happened.
BIDS_OPENED_STATES = [TenderState.EVALUATION, TenderState.AWARDED, TenderState.COMPLETED, TenderState.UNSUCCESSFUL]


def bids_opened_condition(*, now: datetime, prefix: str = "") -> Q:
    """THE rule of sealed bids, as SQL: the tender (reached through `prefix`, e.g. "tender__") has had its bids
    opened. Before that nobody but a bidder's own members learns anything of a bid, its count included.
    `bids_are_opened` is the same rule for one tender in hand."""
    return Q(**{f"{prefix}state__in": BIDS_OPENED_STATES, f"{prefix}submission_deadline__lte": now})


def bids_are_opened(*, state: str, submission_deadline: datetime, now: datetime | None = None) -> bool:
    """`bids_opened_condition` for values in hand (a tender, or a row of the compiled tender list)."""
    return state in BIDS_OPENED_STATES and submission_deadline <= (now or timezone.now())


class Tender(models.Model):
    """A call for tenders by a buying organization, split into lots, with deadlines that move its state."""

    buyer = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="tenders")
    created_by = models.ForeignKey("organizations.User", on_delete=models.SET_NULL, null=True, related_name="+")
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"))
    procedure = models.CharField(_("procedure"), max_length=16, choices=Procedure.choices, default=Procedure.OPEN)
    legal_basis = models.CharField(
        _("legal basis"), max_length=16, choices=LegalBasis.choices, default=LegalBasis.DEFENCE_DIRECTIVE
    )
    main_cpv = models.ForeignKey(
        "organizations.CpvCode", on_delete=models.PROTECT, related_name="+", verbose_name=_("main CPV code")
    )
    place_of_performance = models.CharField(_("place of performance"), max_length=200, blank=True)
    performance_country = CountryField(_("country of performance"))
    performance_latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    performance_longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    performance_start = models.DateField(_("performance starts"), null=True, blank=True)
    performance_end = models.DateField(_("performance ends"), null=True, blank=True)
    estimated_value = models.DecimalField(_("estimated value"), max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    enquiry_deadline = models.DateTimeField(_("questions until"))
    submission_deadline = models.DateTimeField(_("bids until"))
    opening_at = models.DateTimeField(_("opening"))
    award_method = models.CharField(
        _("award method"), max_length=16, choices=AwardMethod.choices, default=AwardMethod.LOWEST_PRICE
    )
    required_badges = ArrayField(
        models.CharField(max_length=16), default=list, blank=True, verbose_name=_("required badges")
    )
    max_lots_per_supplier = models.PositiveSmallIntegerField(_("max lots awarded per supplier"), null=True, blank=True)
    standstill_days = models.PositiveSmallIntegerField(_("standstill period (days)"), default=10)
    state = models.CharField(_("state"), max_length=16, choices=TenderState.choices, default=TenderState.DRAFT)
    state_reason = models.TextField(_("reason"), blank=True)
    version = models.PositiveIntegerField(default=1, help_text=_("bumped on every change; the ETag"))
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("tender")
        # Granted per person and tender with django-guardian (models/committee.py): the evaluation committee.
        permissions = [("evaluate_tender", _("Open and score the bids of this tender"))]
        indexes = [
            models.Index(fields=["state", "submission_deadline"], name="tender_state_deadline_idx"),
            models.Index(fields=["updated_at", "id"], name="tender_feed_idx"),
            models.Index(fields=["submission_deadline", "id"], name="tender_deadline_order_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(enquiry_deadline__lte=F("submission_deadline"))
                & Q(submission_deadline__lte=F("opening_at")),
                name="tender_deadlines_in_order",
                violation_error_message=_("Deadlines must be in order: questions, then bids, then opening."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def can_be_amended(self) -> bool:
        """Edited (a draft) or amended with a reason (published, tendering); fixed from evaluation on."""
        return self.state in AMENDABLE_STATES

    @property
    def can_be_cancelled(self) -> bool:
        return TenderState.CANCELLED in TENDER_TRANSITIONS.get(self.state, set())

    @property
    def can_be_published(self) -> bool:
        return TenderState.PUBLISHED in TENDER_TRANSITIONS.get(self.state, set())

    def bids_opened(self, now: datetime | None = None) -> bool:
        """Have this tender's bids been opened (so the buyer may learn of them)? See `bids_opened_condition`."""
        return bids_are_opened(state=self.state, submission_deadline=self.submission_deadline, now=now)

    @property
    def required_badge_labels(self) -> list[str]:
        """The required badges as readers name them ("Defence Ready"), not their keys."""
        labels = dict(BadgeKind.choices)
        return [str(labels.get(kind, kind)) for kind in self.required_badges]


class LotState(models.TextChoices):
    ACTIVE = "active", _("Active")
    AWARDED = "awarded", _("Awarded")
    UNSUCCESSFUL = "unsuccessful", _("Unsuccessful")
    CANCELLED = "cancelled", _("Cancelled")


# A lot is open until it is awarded, found unsuccessful or cancelled; those three are final.
LOT_TRANSITIONS: dict[str, set[str]] = {
    LotState.ACTIVE: {LotState.AWARDED, LotState.UNSUCCESSFUL, LotState.CANCELLED},
}


class Lot(models.Model):
    """A part of a tender awarded on its own; SMEs can bid for the lots they can deliver."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="lots")
    number = models.PositiveSmallIntegerField(_("lot number"))
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    cpv = models.ForeignKey(
        "organizations.CpvCode", on_delete=models.PROTECT, related_name="+", verbose_name=_("CPV code")
    )
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=32, blank=True)
    estimated_value = models.DecimalField(_("estimated value"), max_digits=14, decimal_places=2, null=True, blank=True)
    export_classification = models.CharField(_("export classification"), max_length=32, default="not_listed")
    sme_only = models.BooleanField(_("reserved for SMEs"), default=False)
    partial_offers = models.BooleanField(_("partial offers allowed"), default=False)
    # Listing attributes (marketplace.attributes) a bidder must hold, and those that only count in its favour.
    required_attributes = models.JSONField(_("required attributes"), default=dict, blank=True)
    preferred_attributes = models.JSONField(_("preferred attributes"), default=dict, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=LotState.choices, default=LotState.ACTIVE)
    state_reason = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["tender_id", "number"]
        constraints = [models.UniqueConstraint(fields=["tender", "number"], name="lot_number_unique")]

    def __str__(self) -> str:
        return f"Lot {self.number}: {self.title}"

    @property
    def is_open(self) -> bool:
        """Still to be awarded (see LOT_TRANSITIONS): it takes offers, scores and an award proposal."""
        return self.state == LotState.ACTIVE


class CriterionKind(models.TextChoices):
    PRICE = "price", _("Price")
    QUALITY = "quality", _("Quality")
    DELIVERY = "delivery", _("Delivery time")
    OTHER = "other", _("Other")


class AwardCriterion(models.Model):
    """A weighted award criterion of the tender, or of one lot when the lot overrides the tender's set."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="criteria")
    lot = models.ForeignKey(Lot, on_delete=models.CASCADE, null=True, blank=True, related_name="criteria")
    name = models.CharField(_("criterion"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=CriterionKind.choices)
    weight = models.PositiveSmallIntegerField(_("weight (%)"))

    class Meta:
        ordering = ["tender_id", "lot_id", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.weight}%)"


class Amendment(models.Model):
    """A change to a published tender, with its reason; bids already submitted must be reconfirmed."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="amendments")
    reason = models.TextField(_("reason"))
    changes = models.JSONField(default=dict)
    created_by = models.ForeignKey("organizations.User", on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["tender_id", "created_at"]

    def __str__(self) -> str:
        return f"Amendment to {self.tender_id}: {self.reason[:40]}"


class TenderDocument(models.Model):
    """A tender document (specification, draft contract) for every supplier who can see the tender."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to="tenders/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey("organizations.User", on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["tender_id", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class Question(models.Model):
    """A supplier's question; the answer is public to every eligible supplier and the asker stays anonymous."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="questions")
    lot = models.ForeignKey(Lot, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    asked_by = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("question"))
    asked_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        "organizations.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["tender_id", "asked_at"]

    def __str__(self) -> str:
        return self.text[:60]
