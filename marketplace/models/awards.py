"""Awards per lot with a standstill period."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AwardState(models.TextChoices):
    PROPOSED = "proposed", _("Proposed (standstill)")
    FINAL = "final", _("Final")
    DECLINED = "declined", _("Declined or ineligible")


# A proposed award becomes final after the standstill, or is declined (by the winner or found ineligible).
AWARD_TRANSITIONS: dict[str, set[str]] = {AwardState.PROPOSED: {AwardState.FINAL, AwardState.DECLINED}}


class Award(models.Model):
    """The award of a lot to a bid; final after the standstill period unless declined."""

    lot = models.ForeignKey("marketplace.Lot", on_delete=models.CASCADE, related_name="awards")
    offer = models.ForeignKey("marketplace.BidLot", on_delete=models.PROTECT, related_name="awards")
    state = models.CharField(max_length=10, choices=AwardState.choices, default=AwardState.PROPOSED)
    score = models.DecimalField(max_digits=6, decimal_places=2)
    proposed_at = models.DateTimeField(auto_now_add=True)
    standstill_until = models.DateTimeField()
    finalised_at = models.DateTimeField(null=True, blank=True)
    declined_reason = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["lot_id", "-proposed_at"]
        constraints = [
            models.UniqueConstraint(fields=["lot"], condition=~Q(state="declined"), name="award_one_live_per_lot")
        ]

    def __str__(self) -> str:
        return f"Award of lot {self.lot_id} ({self.state})"
