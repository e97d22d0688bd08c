"""Service requests from a nation's nAP, their cargo, the hub nation's offers, the bookings, and JCC decisions."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.models import TimeStamped

from .hubs import ClassificationLevel, ServiceKind, TransportMode


class RequestState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted to the JCC")
    COORDINATING = "coordinating", _("Routed by the JCC to a hub, awaiting its offer")
    OFFERED = "offered", _("Offer received")
    ACCEPTED = "accepted", _("Offer accepted, slots booked")
    SCHEDULED = "scheduled", _("Scheduled by the hub")
    IN_EXECUTION = "in_execution", _("In execution (checked in)")
    COMPLETED = "completed", _("Completed")
    DECLINED = "declined", _("Declined by the hub's nation")
    CANCELLED = "cancelled", pgettext_lazy("booking state", "Cancelled")
    EXPIRED = "expired", _("Expired")


# Which state may follow which. Declined requests may be routed again by the JCC to another hub.
REQUEST_TRANSITIONS: dict[str, set[str]] = {
    RequestState.DRAFT: {RequestState.SUBMITTED, RequestState.CANCELLED, RequestState.EXPIRED},
    RequestState.SUBMITTED: {RequestState.COORDINATING, RequestState.CANCELLED, RequestState.EXPIRED},
    RequestState.COORDINATING: {
        RequestState.COORDINATING,
        RequestState.SUBMITTED,
        RequestState.OFFERED,
        RequestState.DECLINED,
        RequestState.CANCELLED,
        RequestState.EXPIRED,
    },
    RequestState.OFFERED: {
        RequestState.ACCEPTED,
        RequestState.COORDINATING,
        RequestState.CANCELLED,
        RequestState.EXPIRED,
    },
    RequestState.ACCEPTED: {
        RequestState.SCHEDULED,
        RequestState.IN_EXECUTION,
        RequestState.CANCELLED,
        RequestState.EXPIRED,
    },
    RequestState.SCHEDULED: {RequestState.IN_EXECUTION, RequestState.CANCELLED, RequestState.EXPIRED},
    RequestState.IN_EXECUTION: {RequestState.COMPLETED},
    RequestState.DECLINED: {RequestState.COORDINATING, RequestState.CANCELLED, RequestState.EXPIRED},
    RequestState.COMPLETED: set(),
    RequestState.CANCELLED: set(),
    RequestState.EXPIRED: set(),
}
OPEN_REQUEST_STATES = [RequestState.SUBMITTED, RequestState.COORDINATING, RequestState.OFFERED, RequestState.DECLINED]
BOOKED_REQUEST_STATES = [RequestState.ACCEPTED, RequestState.SCHEDULED, RequestState.IN_EXECUTION]


class ServiceRequest(models.Model):
    """What a nation's nAP asks of the hub network for one of its units: a service, a period, a quantity.

    `target_hub` empty means "any suitable hub"; the JCC routes the request (`routed_to`) and records why.
    """

    nation = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("requesting nation"),
        on_delete=models.PROTECT,
        related_name="loghub_requests",
    )
    requesting_unit = models.CharField(_("requesting unit"), max_length=200)
    service_kind = models.CharField(_("service"), max_length=16, choices=ServiceKind.choices)
    target_hub = models.ForeignKey(
        "loghubs.Hub",
        verbose_name=_("requested hub"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="targeted_requests",
        help_text=_("Empty: any suitable hub."),
    )
    routed_to = models.ForeignKey(
        "loghubs.Hub",
        verbose_name=_("routed to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="routed_requests",
    )
    period_start = models.DateTimeField(_("period start"))
    period_end = models.DateTimeField(_("period end"))
    quantity = models.PositiveIntegerField(_("quantity"), help_text=_("in the unit of the hub's service"))
    priority = models.PositiveSmallIntegerField(
        _("priority"), default=3, help_text=_("1 (highest, operationally critical) to 5 (routine)")
    )
    mode_in = models.CharField(_("arrives by"), max_length=16, choices=TransportMode.choices)
    mode_out = models.CharField(_("leaves by"), max_length=16, choices=TransportMode.choices)
    state = models.CharField(_("state"), max_length=16, choices=RequestState.choices, default=RequestState.DRAFT)
    jcc_reason = models.TextField(_("JCC decision reason"), blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    cancellation_requested_at = models.DateTimeField(null=True, blank=True)
    cancellation_reason = models.TextField(_("reason for cancelling"), blank=True)
    # The hub's answer to the last late cancellation it refused; a new cancellation request clears it.
    cancellation_refusal = models.TextField(_("why the hub refused the cancellation"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    routed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey("organizations.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("service request")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gt=F("period_start")),
                name="request_period_not_reversed",
                violation_error_message=_("The period ends before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(quantity__gt=0),
                name="request_quantity_positive",
                violation_error_message=_("The quantity must be more than zero."),
            ),
            models.CheckConstraint(
                condition=Q(priority__gte=1, priority__lte=5),
                name="request_priority_range",
                violation_error_message=_("The priority runs from 1 (highest) to 5."),
            ),
        ]
        indexes = [
            models.Index(fields=["nation", "state"], name="request_nation_state_idx"),
            models.Index(fields=["routed_to", "state"], name="request_routed_state_idx"),
            models.Index(fields=["state", "period_start"], name="request_state_period_idx"),
        ]

    def __str__(self) -> str:
        return f"LH-{self.pk}: {self.get_service_kind_display()} for {self.requesting_unit}"

    @property
    def hub(self):
        """The hub the request is (or would be) served at: the JCC's routing, else the requested hub."""
        return self.routed_to or self.target_hub


class CargoLine(models.Model):
    """One line of cargo in a request, with what decides where it may go: hazard class, ammunition
    compatibility group, export classification and classification level; the screening outcome is kept."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="cargo_lines")
    position = models.PositiveSmallIntegerField(_("line"))
    description = models.CharField(_("description"), max_length=300)
    nsn = models.CharField(_("NATO stock number"), max_length=16, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"))
    weight_kg = models.DecimalField(_("weight (kg)"), max_digits=12, decimal_places=2)
    length_m = models.DecimalField(_("length (m)"), max_digits=6, decimal_places=2, null=True, blank=True)
    width_m = models.DecimalField(_("width (m)"), max_digits=6, decimal_places=2, null=True, blank=True)
    height_m = models.DecimalField(_("height (m)"), max_digits=6, decimal_places=2, null=True, blank=True)
    hazardous_class = models.CharField(_("UN hazard class"), max_length=4, blank=True)
    ammunition_group = models.CharField(_("ammunition compatibility group"), max_length=1, blank=True)
    export_classification = models.CharField(_("export classification"), max_length=32, default="not_listed")
    classification_level = models.CharField(
        _("classification level"),
        max_length=16,
        choices=ClassificationLevel.choices,
        default=ClassificationLevel.UNCLASSIFIED,
    )
    screening_outcome = models.CharField(_("export screening"), max_length=20, blank=True)
    screening_reasons = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["request_id", "position"]
        verbose_name = _("cargo line")
        constraints = [
            models.UniqueConstraint(fields=["request", "position"], name="cargo_line_position_unique"),
            models.CheckConstraint(
                condition=Q(quantity__gt=0),
                name="cargo_line_quantity_positive",
                violation_error_message=_("The quantity must be more than zero."),
            ),
            models.CheckConstraint(condition=Q(weight_kg__gte=0), name="cargo_line_weight_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.description}"


class OfferState(models.TextChoices):
    OFFERED = "offered", _("Offered")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined by the requester")
    EXPIRED = "expired", _("Expired")


class Offer(models.Model):
    """The hub nation's answer to a request: which slots of which service, at what price or cost-sharing
    arrangement, on which conditions, until when. A request has at most one open offer at a time."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="offers")
    hub = models.ForeignKey("loghubs.Hub", on_delete=models.PROTECT, related_name="offers")
    service = models.ForeignKey("loghubs.HubService", on_delete=models.PROTECT, related_name="offers")
    slots = models.ManyToManyField("loghubs.Slot", through="OfferSlot", related_name="+")
    price = models.DecimalField(_("price"), max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    cost_sharing_note = models.TextField(_("cost-sharing note"), blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    valid_until = models.DateTimeField(_("valid until"))
    state = models.CharField(_("state"), max_length=12, choices=OfferState.choices, default=OfferState.OFFERED)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    created_by = models.ForeignKey("organizations.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        "organizations.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("offer")
        constraints = [
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(state="offered"),
                name="offer_one_open_per_request",
                violation_error_message=_("This request already has an open offer."),
            ),
            models.CheckConstraint(condition=Q(price__gte=0) | Q(price__isnull=True), name="offer_price_not_negative"),
        ]
        indexes = [models.Index(fields=["hub", "state"], name="offer_hub_state_idx")]

    def __str__(self) -> str:
        return f"Offer {self.pk} for LH-{self.request_id}"


class OfferSlot(models.Model):
    """How much of one slot an offer proposes."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="slot_rows")
    slot = models.ForeignKey("loghubs.Slot", on_delete=models.PROTECT, related_name="offer_rows")
    quantity = models.PositiveIntegerField(_("quantity"))

    class Meta:
        ordering = ["offer_id", "slot_id"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "slot"], name="offer_slot_unique"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="offer_slot_quantity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × slot {self.slot_id}"


class BookingState(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    CHECKED_IN = "checked_in", _("Checked in")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", pgettext_lazy("booking state", "Cancelled")
    NO_SHOW = "no_show", _("No-show")


HOLDING_BOOKING_STATES = [BookingState.CONFIRMED, BookingState.CHECKED_IN, BookingState.COMPLETED]


class Booking(TimeStamped):
    """Capacity held in one slot for an accepted offer. Cancelled and no-show bookings give it back."""

    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="bookings")
    slot = models.ForeignKey("loghubs.Slot", on_delete=models.PROTECT, related_name="bookings")
    quantity = models.PositiveIntegerField(_("quantity"))
    state = models.CharField(_("state"), max_length=12, choices=BookingState.choices, default=BookingState.CONFIRMED)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    no_show_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("booking")
        constraints = [
            models.UniqueConstraint(fields=["offer", "slot"], name="booking_unique_per_offer_slot"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="booking_quantity_positive"),
        ]
        indexes = [models.Index(fields=["state", "slot"], name="booking_state_slot_idx")]

    def __str__(self) -> str:
        return f"Booking {self.pk}: {self.quantity} in slot {self.slot_id} ({self.state})"


class ConflictDecision(models.Model):
    """A JCC decision between requests competing for the same hub capacity, with its ranking and reason.

    `ranking` keeps, in order, each request's id, nation, priority, quantity and outcome (routed, rerouted
    to another hub, or deferred), so the decision can be read back exactly as it was taken.
    """

    hub = models.ForeignKey("loghubs.Hub", on_delete=models.PROTECT, related_name="conflict_decisions")
    service_kind = models.CharField(_("service"), max_length=16, choices=ServiceKind.choices)
    period_start = models.DateTimeField()
    period_end = models.DateTimeField()
    requests = models.ManyToManyField(ServiceRequest, related_name="conflict_decisions")
    ranking = models.JSONField(default=list)
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey("organizations.User", null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_at", "-id"]
        verbose_name = _("conflict decision")

    def __str__(self) -> str:
        return f"JCC decision {self.pk} at {self.hub_id}"
