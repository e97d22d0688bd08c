"""Capacity listings: what an SME can offer (transport, storage, maintenance, manufacturing, IT...) and when."""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


class ListingKind(models.TextChoices):
    ROAD_TRANSPORT = "road_transport", _("Road transport")
    RAIL_TRANSPORT = "rail_transport", _("Rail transport")
    INLAND_WATER_TRANSPORT = "inland_water_transport", _("Inland-water transport")
    SEA_TRANSPORT = "sea_transport", _("Sea transport")
    AIR_TRANSPORT = "air_transport", _("Air transport")
    STORAGE = "storage", _("Storage and warehousing")
    TRANSSHIPMENT = "transshipment", _("Transshipment")
    MAINTENANCE = "maintenance", _("Maintenance and repair")
    MANUFACTURING = "manufacturing", _("Manufacturing as a service")
    SECURITY = "security", _("Security as a service")
    IT_CYBER = "it_cyber", _("IT and cyber services")
    OTHER = "other", _("Other")


class ListingState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    PAUSED = "paused", _("Paused")
    EXPIRED = "expired", _("Expired")


class ListingVisibility(models.TextChoices):
    PUBLIC = "public", _("Every organization")
    BADGE_HOLDERS = "badge_holders", _("Organizations holding chosen badges")
    PARTNERS = "partners", _("Only named partners")


class CapacityUnit(models.TextChoices):
    TEU = "teu", _("TEU")
    SQUARE_METRES = "m2", _("m² storage")
    PALLET_PLACES = "pallet_places", _("pallet places")
    TRUCKS_PER_DAY = "trucks_per_day", _("trucks per day")
    TONNES = "tonnes", _("tonnes")
    MACHINE_HOURS = "machine_hours", _("machine hours")
    PERSON_DAYS = "person_days", _("person-days")
    VEHICLES = "vehicles", _("vehicles")
    UNITS = "units", _("units")


class CapacityListing(models.Model):
    """Free capacity an organization offers for a period; found by full-text, CPV subtree, place and time."""

    provider = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="listings")
    kind = models.CharField(_("kind"), max_length=24, choices=ListingKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    cpv_codes = models.ManyToManyField(
        "organizations.CpvCode", through="ListingCpvCode", related_name="+", verbose_name=_("CPV codes")
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    country = CountryField(_("country"), blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    service_area = ArrayField(
        models.CharField(max_length=2), verbose_name=_("service area (countries)"), default=list, blank=True
    )
    available_from = models.DateField(_("available from"))
    available_until = models.DateField(_("available until"))
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=16, choices=CapacityUnit.choices)
    price_indication = models.CharField(_("price indication"), max_length=200, blank=True)
    export_classification = models.CharField(_("export classification"), max_length=32, default="not_listed")
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=ListingVisibility.choices, default=ListingVisibility.PUBLIC
    )
    visible_to_badges = ArrayField(
        models.CharField(max_length=16), verbose_name=_("badges required to see it"), default=list, blank=True
    )
    visible_to_partners = models.ManyToManyField(
        "organizations.Organization", blank=True, related_name="+", verbose_name=_("partners who may see it")
    )
    state = models.CharField(_("state"), max_length=12, choices=ListingState.choices, default=ListingState.DRAFT)
    # Typed attributes (marketplace.attributes: one schema each), checked by lots that require or prefer them.
    attributes = models.JSONField(_("attributes"), default=dict, blank=True)
    search_vector = SearchVectorField(null=True, editable=False)
    # Copies of the CPV links (codes and their 3-digit groups) for the matching engine: a GIN index finds a
    # lot's candidates in one bitmap scan instead of one probe per link. Written only by listings_reindex.
    matching_cpv_codes = ArrayField(models.CharField(max_length=8), default=list, blank=True, editable=False)
    matching_cpv_groups = ArrayField(models.CharField(max_length=3), default=list, blank=True, editable=False)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("capacity listing")
        indexes = [
            GinIndex(fields=["search_vector"], name="listing_search_idx"),
            GinIndex(fields=["service_area"], name="listing_service_area_idx"),
            GinIndex(fields=["matching_cpv_groups"], name="listing_match_groups_idx", condition=Q(state="published")),
            GinIndex(fields=["matching_cpv_codes"], name="listing_match_codes_idx", condition=Q(state="published")),
            models.Index(fields=["state", "kind", "available_from", "available_until"], name="listing_filter_idx"),
            models.Index(fields=["provider", "state"], name="listing_provider_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(available_until__gte=F("available_from")),
                name="listing_window_not_reversed",
                violation_error_message=_("The availability ends before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(quantity__gt=0),
                name="listing_quantity_positive",
                violation_error_message=_("The quantity must be more than zero."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ListingCpvCode(models.Model):
    """A listing's CPV code, in its own table so subtree searches use a prefix index."""

    listing = models.ForeignKey(CapacityListing, on_delete=models.CASCADE, related_name="cpv_links")
    code = models.ForeignKey("organizations.CpvCode", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["listing", "code"], name="listing_cpv_unique")]
        # The listings under a CPV prefix straight from the index (code LIKE '50%' → listing ids, no table
        # rows read): a listing search hashes them or probes them per candidate, whichever the planner prefers.
        indexes = [
            models.Index(
                fields=["code", "listing"],
                name="listing_cpv_subtree_idx",
                opclasses=["varchar_pattern_ops", "int8_ops"],
            )
        ]

    def __str__(self) -> str:
        return f"{self.listing_id}: {self.code_id}"
