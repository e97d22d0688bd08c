"""Deliveries of order lines, their tracking events, proof of delivery and the buyer's goods receipt."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class DeliveryState(models.TextChoices):
    ANNOUNCED = "announced", _("Announced")
    IN_TRANSIT = "in_transit", _("In transit")
    DELIVERED = "delivered", _("Delivered")
    ACCEPTED = "accepted", _("Accepted")
    PARTLY_ACCEPTED = "partly_accepted", _("Partly accepted")
    REJECTED = "rejected", _("Rejected")


DELIVERY_TRANSITIONS: dict[str, set[str]] = {
    DeliveryState.ANNOUNCED: {DeliveryState.IN_TRANSIT, DeliveryState.DELIVERED},
    DeliveryState.IN_TRANSIT: {DeliveryState.DELIVERED},
    DeliveryState.DELIVERED: {DeliveryState.ACCEPTED, DeliveryState.PARTLY_ACCEPTED, DeliveryState.REJECTED},
    DeliveryState.ACCEPTED: set(),
    DeliveryState.PARTLY_ACCEPTED: set(),
    DeliveryState.REJECTED: set(),
}
TRACKABLE_STATES = (DeliveryState.ANNOUNCED, DeliveryState.IN_TRANSIT, DeliveryState.DELIVERED)
DECIDED_STATES = (DeliveryState.ACCEPTED, DeliveryState.PARTLY_ACCEPTED, DeliveryState.REJECTED)


class Delivery(models.Model):
    """One shipment of (parts of) an order's lines, optionally through a LogHubs booking. `is_late` is set when
    it arrives after the promised date."""

    order = models.ForeignKey("contracting.Order", on_delete=models.PROTECT, related_name="deliveries")
    number = models.PositiveSmallIntegerField(_("delivery number"))
    state = models.CharField(_("state"), max_length=16, choices=DeliveryState.choices, default=DeliveryState.ANNOUNCED)
    promised_date = models.DateField(_("promised date"))
    booking = models.ForeignKey(
        "loghubs.Booking",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name=_("LogHubs booking"),
    )
    carrier = models.CharField(_("carrier"), max_length=200, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    is_late = models.BooleanField(_("late"), default=False)
    created_by = models.ForeignKey("organizations.User", on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [models.UniqueConstraint(fields=["order", "number"], name="delivery_number_unique")]
        indexes = [models.Index(fields=["state"], name="delivery_state_idx")]

    def __str__(self) -> str:
        return f"D-{self.order_id}-{self.number}"

    @property
    def can_be_tracked(self) -> bool:
        return self.state in TRACKABLE_STATES

    @property
    def can_be_accepted(self) -> bool:
        return self.state == DeliveryState.DELIVERED


class DeliveryLine(models.Model):
    """How much of one order line a delivery carries, and what the buyer accepted of it (and why not the rest)."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="lines")
    order_line = models.ForeignKey("contracting.OrderLine", on_delete=models.PROTECT, related_name="delivery_lines")
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=3)
    accepted_quantity = models.DecimalField(_("accepted"), max_digits=14, decimal_places=3, null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejecting"), blank=True)

    class Meta:
        ordering = ["delivery_id", "order_line__position"]
        constraints = [
            models.UniqueConstraint(fields=["delivery", "order_line"], name="delivery_line_unique"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="delivery_line_quantity_positive"),
            models.CheckConstraint(
                condition=Q(accepted_quantity__isnull=True)
                | Q(accepted_quantity__gte=0, accepted_quantity__lte=F("quantity")),
                name="delivery_line_accepted_within_delivered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} of {self.order_line}"


class EventKind(models.TextChoices):
    PICKED_UP = "picked_up", _("Picked up")
    AT_HUB = "at_hub", _("Handed over at a hub")
    IN_TRANSIT = "in_transit", _("In transit")
    DELIVERED = "delivered", _("Delivered")
    EXCEPTION = "exception", _("Exception")


class EventSource(models.TextChoices):
    PAGE = "page", _("Page")
    API = "api", _("API")
    BULK = "bulk", _("Telematics (bulk)")


class TrackingEvent(models.Model):
    """Something that happened to a delivery, at the time it happened (`occurred_at`), whenever it was reported.
    An event reported twice (same `external_id` for the delivery) is stored once."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="events")
    external_id = models.CharField(_("external id"), max_length=100)
    kind = models.CharField(_("event"), max_length=12, choices=EventKind.choices)
    occurred_at = models.DateTimeField(_("happened at"))
    recorded_at = models.DateTimeField(auto_now_add=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    hub = models.ForeignKey("loghubs.Hub", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    reason = models.TextField(_("reason"), blank=True)
    source = models.CharField(max_length=8, choices=EventSource.choices, default=EventSource.PAGE)
    recorded_by = models.ForeignKey("organizations.User", on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["delivery_id", "occurred_at", "id"]
        verbose_name = _("tracking event")
        constraints = [
            models.UniqueConstraint(fields=["delivery", "external_id"], name="tracking_event_once"),
            models.CheckConstraint(
                condition=~Q(kind="exception") | ~Q(reason=""),
                name="tracking_exception_reason",
                violation_error_message=_("An exception needs a reason."),
            ),
        ]
        indexes = [models.Index(fields=["delivery", "occurred_at"], name="tracking_delivery_time_idx")]

    def __str__(self) -> str:
        return f"{self.kind} at {self.occurred_at}"


class ProofOfDelivery(models.Model):
    """Who received the delivery, when and where, with a signature or photo stored privately (SHA-256 kept)."""

    delivery = models.OneToOneField(Delivery, on_delete=models.CASCADE, related_name="proof")
    receiver_name = models.CharField(_("received by"), max_length=200)
    received_at = models.DateTimeField(_("received at"))
    place = models.CharField(_("place"), max_length=200)
    file = models.FileField(upload_to="proofs/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    recorded_by = models.ForeignKey("organizations.User", on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("proof of delivery")

    def __str__(self) -> str:
        return f"Proof of {self.delivery}"


class AcceptanceOutcome(models.TextChoices):
    FULL = "full", _("Accepted in full")
    PARTIAL = "partial", _("Accepted in part")
    REJECTED = "rejected", _("Rejected")


class Acceptance(models.Model):
    """The buyer's goods receipt for a delivery; per-line quantities and reasons live on the delivery lines."""

    delivery = models.OneToOneField(Delivery, on_delete=models.CASCADE, related_name="acceptance")
    outcome = models.CharField(_("outcome"), max_length=10, choices=AcceptanceOutcome.choices)
    note = models.TextField(_("note"), blank=True)
    decided_by = models.ForeignKey("organizations.User", on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("goods receipt")

    def __str__(self) -> str:
        return f"{self.outcome} for {self.delivery}"
