"""Badges earned through accepted reviews, and the SME's consent to share readiness details."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class BadgeKind(models.TextChoices):
    DEFENCE_READY = "defence_ready", _("Defence Ready")
    ISO27001 = "iso27001", _("ISO 27001 readiness")
    ISO9001 = "iso9001", _("ISO 9001 readiness")
    EXPORT_ICP = "export_icp", _("Export-control ICP")


class BadgeLevel(models.TextChoices):
    SELF_ASSESSED = "self_assessed", _("Self-assessed")
    CHECKED = "checked", _("Plausibility-checked")


class Badge(models.Model):
    """A readiness badge with a validity period; suspended or revoked badges count for nothing."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="badges")
    kind = models.CharField(_("kind"), max_length=16, choices=BadgeKind.choices)
    level = models.CharField(_("level"), max_length=16, choices=BadgeLevel.choices)
    assessment = models.ForeignKey("compliance.Assessment", on_delete=models.PROTECT, related_name="badges")
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1)
    issued_on = models.DateField(_("issued on"))
    valid_until = models.DateField(_("valid until"))
    suspended_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    status_reason = models.TextField(_("reason for suspension or revocation"), blank=True)
    expired_at = models.DateTimeField(null=True, blank=True, help_text=_("when the expiry was recorded"))
    replaced_at = models.DateTimeField(
        null=True, blank=True, help_text=_("when a newer badge of the same kind and level took its place")
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organization_id", "kind", "-issued_on"]
        indexes = [models.Index(fields=["kind", "valid_until"], name="badge_kind_validity_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=models.F("issued_on")), name="badge_validity_not_reversed"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_level_display()}) · {self.organization}"


class ReadinessShare(models.Model):
    """Consent: `grantee` may see the owner's scores and evidence, until revoked."""

    owner = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="shares_given")
    grantee = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="shares_received")
    created_by = models.ForeignKey("organizations.User", on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "grantee"], condition=Q(revoked_at__isnull=True), name="share_one_active_per_pair"
            ),
            models.CheckConstraint(condition=~Q(owner=models.F("grantee")), name="share_not_with_self"),
        ]

    def __str__(self) -> str:
        return f"{self.owner} → {self.grantee}"
