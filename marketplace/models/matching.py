"""Matching results and saved searches: which listings and organizations fit which lots, and why."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Match(models.Model):
    """A scored fit between a lot and a capacity listing (or an organization by its capabilities).

    Re-running the engine replaces a lot's matches in one transaction, so readers see the old set or
    the new one, never a half-written mix."""

    tender = models.ForeignKey("marketplace.Tender", on_delete=models.CASCADE, related_name="matches")
    # No single-column indexes on lot and organization: the (lot, -score) and (organization, -score) indexes
    # serve those lookups, and every index less makes the full re-match's inserts cheaper.
    lot = models.ForeignKey("marketplace.Lot", on_delete=models.CASCADE, related_name="matches", db_index=False)
    listing = models.ForeignKey(
        "marketplace.CapacityListing", on_delete=models.CASCADE, null=True, blank=True, related_name="matches"
    )
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="matches", db_index=False
    )
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1)
    parts = models.JSONField(_("score parts"), default=dict)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["lot_id", "-score", "id"]
        indexes = [
            models.Index(fields=["lot", "-score"], name="match_lot_score_idx"),
            models.Index(fields=["organization", "-score"], name="match_org_score_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["lot", "listing"], condition=Q(listing__isnull=False), name="match_one_per_lot_listing"
            ),
            models.UniqueConstraint(
                fields=["lot", "organization"], condition=Q(listing__isnull=True), name="match_one_per_lot_organization"
            ),
        ]

    def __str__(self) -> str:
        return f"lot {self.lot_id} ↔ {self.listing_id or self.organization_id}: {self.score}"


class RunStop(models.TextChoices):
    """Why a run ended without finishing (marketplace/matching/rematch.py)."""

    ERROR = "error", _("The task failed")
    WORKER_LOST = "worker_lost", _("No heartbeat from its worker")
    GAVE_UP = "gave_up", _("Its workers were lost too often")


class MatchRun(models.Model):
    """A full re-match, with the progress the platform admin watches.

    The task that runs it beats `heartbeat_at` while it works; a run without a beat for JOB_STALE_AFTER_SECONDS
    lost its worker and is stopped (`stop_reason`), and `attempts` counts the workers that took it up."""

    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    worker = models.CharField(max_length=200, blank=True, help_text="host:pid of the process running the attempt")
    stopped_at = models.DateTimeField(null=True, blank=True)
    stop_reason = models.CharField(max_length=20, choices=RunStop.choices, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"Re-match {self.started_at:%Y-%m-%d %H:%M}: {self.done}/{self.total}"


class DigestFrequency(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediately")
    DAILY = "daily", _("Daily digest")


class SavedSearch(models.Model):
    """An SME's standing interest: new tenders in these CPV subtrees and countries, at a minimum score."""

    user = models.ForeignKey("organizations.User", on_delete=models.CASCADE, related_name="saved_searches")
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(_("name"), max_length=100)
    cpv_codes = ArrayField(
        models.CharField(max_length=8), verbose_name=_("CPV codes (with their subtrees)"), default=list, blank=True
    )
    countries = ArrayField(models.CharField(max_length=2), verbose_name=_("countries"), default=list, blank=True)
    kinds = ArrayField(models.CharField(max_length=24), verbose_name=_("listing kinds"), default=list, blank=True)
    min_score = models.PositiveSmallIntegerField(_("minimum score"), default=50)
    frequency = models.CharField(
        _("e-mail"), max_length=10, choices=DigestFrequency.choices, default=DigestFrequency.IMMEDIATE
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user_id", "name"]

    def __str__(self) -> str:
        return self.name


class SavedSearchHit(models.Model):
    """A tender a saved search found; unique, so nobody hears of the same tender twice."""

    saved_search = models.ForeignKey(SavedSearch, on_delete=models.CASCADE, related_name="hits")
    tender = models.ForeignKey("marketplace.Tender", on_delete=models.CASCADE, related_name="+")
    score = models.DecimalField(max_digits=5, decimal_places=1)
    created_at = models.DateTimeField(auto_now_add=True)
    mailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["saved_search", "tender"], name="saved_search_hit_once")]

    def __str__(self) -> str:
        return f"{self.saved_search_id} → {self.tender_id}"


class CpvRelation(models.Model):
    """A capability coded elsewhere in the CPV tree that serves a need: lots coded `need` (or under it) also
    find listings coded `offer` (or under it), at a lower fit, with `explanation` shown beside the match.
    Curated rows come from marketplace/data/cpv_crosswalk.csv (versioned); admins add their own."""

    need = models.CharField(_("buyer's CPV code"), max_length=8)
    offer = models.CharField(_("provider's CPV code"), max_length=8)
    explanation_en = models.CharField(_("explanation (English)"), max_length=200)
    explanation_de = models.CharField(_("explanation (German)"), max_length=200)
    source = models.CharField(_("source"), max_length=40, default="admin")

    class Meta:
        verbose_name = _("CPV capability relation")
        constraints = [models.UniqueConstraint(fields=["need", "offer"], name="cpv_relation_unique")]
        indexes = [models.Index(fields=["need"], name="cpv_relation_need_idx")]

    def __str__(self) -> str:
        return f"{self.need} → {self.offer}"
