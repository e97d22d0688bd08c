"""Call-off orders (Abrufe) under a contract: lines with quantities in UN/ECE Rec 20 units, prices, dates, places."""

from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

CENT = Decimal("0.01")


class OrderState(models.TextChoices):
    PLACED = "placed", _("Placed (awaiting the supplier)")
    CONFIRMED = "confirmed", _("Confirmed by the supplier")
    SHIPPED = "shipped", _("Shipped in full")
    COMPLETED = "completed", pgettext_lazy("order state", "Completed")
    CANCELLED = "cancelled", pgettext_lazy("order state", "Cancelled")


ORDER_TRANSITIONS: dict[str, set[str]] = {
    OrderState.PLACED: {OrderState.CONFIRMED, OrderState.CANCELLED},
    OrderState.CONFIRMED: {OrderState.SHIPPED, OrderState.COMPLETED},
    OrderState.SHIPPED: {OrderState.COMPLETED, OrderState.CONFIRMED},
    OrderState.COMPLETED: set(),
    OrderState.CANCELLED: set(),
}
DELIVERABLE_ORDER_STATES = (OrderState.CONFIRMED,)


class Order(models.Model):
    """What the buyer calls off under a contract. Its value and quantity count against the framework's ceiling
    from the moment it is placed; cancelling it gives them back."""

    contract = models.ForeignKey("contracting.Contract", on_delete=models.PROTECT, related_name="orders")
    number = models.PositiveIntegerField(_("order number"))
    buyer_reference = models.CharField(_("buyer's reference"), max_length=100, blank=True)
    state = models.CharField(_("state"), max_length=12, choices=OrderState.choices, default=OrderState.PLACED)
    total_value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    total_quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=3)
    placed_by = models.ForeignKey("organizations.User", on_delete=models.SET_NULL, null=True, related_name="+")
    confirmed_by = models.ForeignKey(
        "organizations.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("order")
        constraints = [
            models.UniqueConstraint(fields=["contract", "number"], name="order_number_unique"),
            models.CheckConstraint(condition=Q(total_value__gte=0, total_quantity__gt=0), name="order_totals_positive"),
        ]
        indexes = [models.Index(fields=["contract", "state"], name="order_contract_state_idx")]

    def __str__(self) -> str:
        return f"O-{self.contract_id}-{self.number}"

    @property
    def can_be_confirmed(self) -> bool:
        return self.state == OrderState.PLACED

    @property
    def can_ship(self) -> bool:
        return self.state in DELIVERABLE_ORDER_STATES


class OrderLine(models.Model):
    """One line of an order. `shipped_quantity` sums the deliveries of the line; a CHECK keeps it at or below the
    ordered quantity, so no delivery can carry more than was ordered."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(_("line"))
    contract_line = models.ForeignKey(
        "contracting.ContractLine", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    description = models.CharField(_("description"), max_length=300)
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=3)
    unit = models.CharField(_("unit (UN/ECE Rec 20)"), max_length=3)
    unit_price = models.DecimalField(_("unit price"), max_digits=14, decimal_places=4)
    delivery_date = models.DateField(_("delivery date"))
    delivery_place = models.CharField(_("delivery place"), max_length=200)
    shipped_quantity = models.DecimalField(max_digits=14, decimal_places=3, default=0)
    accepted_quantity = models.DecimalField(max_digits=14, decimal_places=3, default=0)

    class Meta:
        ordering = ["order_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["order", "position"], name="order_line_position_unique"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="order_line_quantity_positive"),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="order_line_price_not_negative"),
            models.CheckConstraint(
                condition=Q(shipped_quantity__gte=0, shipped_quantity__lte=F("quantity")),
                name="order_line_shipped_within_ordered",
                violation_error_message=_("More would be delivered than was ordered."),
            ),
            models.CheckConstraint(
                condition=Q(accepted_quantity__gte=0, accepted_quantity__lte=F("shipped_quantity")),
                name="order_line_accepted_within_shipped",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.description}"

    @property
    def amount(self):
        return (self.quantity * self.unit_price).quantize(CENT)

    @property
    def open_quantity(self):
        return self.quantity - self.shipped_quantity
