"""Organizations on ALX: companies, authorities, nations, the JCC and consortia, with their SME class."""

from decimal import Decimal

from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase


class OrganizationKind(models.TextChoices):
    COMPANY = "company", _("Company")
    AUTHORITY = "authority", _("Authority")
    NATION = "nation", _("Nation")
    JCC = "jcc", _("Joint Coordination Centre")
    CONSORTIUM = "consortium", _("Consortium")


class SmeClass(models.TextChoices):
    MICRO = "micro", _("Micro enterprise")
    SMALL = "small", _("Small enterprise")
    MEDIUM = "medium", _("Medium-sized enterprise")
    LARGE = "large", _("Large enterprise")
    UNKNOWN = "unknown", _("Unknown (headcount or financial figures missing)")


# The classes that make an organization an SME (micro, small or medium-sized): the one list every app filters
# and scores by, in Python and (as a parameter) in SQL.
SME_CLASSES = (SmeClass.MICRO.value, SmeClass.SMALL.value, SmeClass.MEDIUM.value)


class DualUseIntensity(models.TextChoices):
    SECURITY_ORIENTED = "security_oriented", _("Primarily security-oriented")
    DEFENCE_DOMINANT = "defence_dominant", _("Defence-dominant with dual-use")
    BALANCED = "balanced", _("Balanced dual-use")
    CIVIL_SECURITY_RELEVANT = "civil_security_relevant", _("Primarily civil but security-relevant")
    CIVIL_STRATEGIC = "civil_strategic", _("Civil base technology with strategic potential")


class TierRole(models.TextChoices):
    PRIME = "prime", _("Prime contractor")
    TIER_1 = "tier1", _("Tier 1 supplier")
    TIER_2 = "tier2", _("Tier 2 supplier")
    TIER_3 = "tier3", _("Tier 3 supplier")


def _meets(headcount_below: int, ceiling_eur: int, balance_ceiling_eur: int) -> Q:
    return Q(headcount__lt=headcount_below) & (
        Q(annual_turnover_eur__lte=Decimal(ceiling_eur)) | Q(balance_sheet_total_eur__lte=Decimal(balance_ceiling_eur))
    )


# The EU SME definition (Recommendation 2003/361/EC): staff headcount and either the turnover
# or the balance-sheet ceiling. Computed by PostgreSQL so lists can filter on it in SQL.
SME_CLASS_EXPRESSION = Case(
    When(
        Q(headcount__isnull=True) | (Q(annual_turnover_eur__isnull=True) & Q(balance_sheet_total_eur__isnull=True)),
        then=Value(SmeClass.UNKNOWN.value),
    ),
    When(_meets(10, 2_000_000, 2_000_000), then=Value(SmeClass.MICRO.value)),
    When(_meets(50, 10_000_000, 10_000_000), then=Value(SmeClass.SMALL.value)),
    When(_meets(250, 50_000_000, 43_000_000), then=Value(SmeClass.MEDIUM.value)),
    default=Value(SmeClass.LARGE.value),
)


class Organization(models.Model):
    """A party on the platform: the tenant that owns listings, tenders, bids, assessments and bookings.

    Consortia are organizations too (kind consortium), so the marketplace takes their bids
    without knowing about alliances.
    """

    kind = models.CharField(
        _("kind"), max_length=16, choices=OrganizationKind.choices, default=OrganizationKind.COMPANY
    )
    legal_name = models.CharField(_("legal name"), max_length=200)
    country = CountryField(_("country"))
    registration_id = models.CharField(
        _("registration or VAT id"),
        max_length=64,
        blank=True,
        help_text=_("Commercial register number or VAT id; unique on the platform."),
    )
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=16, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    headcount = models.PositiveIntegerField(_("headcount (staff)"), null=True, blank=True)
    annual_turnover_eur = models.DecimalField(
        _("annual turnover (EUR)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    balance_sheet_total_eur = models.DecimalField(
        _("balance-sheet total (EUR)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    sme_class = models.GeneratedField(
        expression=SME_CLASS_EXPRESSION,
        output_field=models.CharField(max_length=8, choices=SmeClass.choices),
        db_persist=True,
        verbose_name=_("SME class"),
    )
    dual_use_intensity = models.CharField(
        _("dual-use intensity"), max_length=32, choices=DualUseIntensity.choices, blank=True
    )
    tier_role = models.CharField(_("tier role"), max_length=8, choices=TierRole.choices, blank=True)
    capability_codes = models.ManyToManyField(
        "organizations.CpvCode", verbose_name=_("capability codes"), blank=True, related_name="organizations"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    class Meta:
        ordering = ["legal_name", "id"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [
            models.UniqueConstraint(
                fields=["registration_id"],
                condition=~Q(registration_id=""),
                name="organization_registration_id_unique",
                violation_error_message=_("An organization with this registration id is already registered."),
            ),
            models.CheckConstraint(
                condition=Q(annual_turnover_eur__gte=0) | Q(annual_turnover_eur__isnull=True),
                name="organization_turnover_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(balance_sheet_total_eur__gte=0) | Q(balance_sheet_total_eur__isnull=True),
                name="organization_balance_sheet_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["kind", "country"], name="organization_kind_country_idx")]

    def __str__(self) -> str:
        return self.legal_name

    def get_sme_class_display(self) -> str:
        # A GeneratedField carries its choices on the output field, so Django adds no display method.
        return SmeClass(self.sme_class).label if self.sme_class else ""

    @property
    def is_sme(self) -> bool:
        return self.sme_class in SME_CLASSES


class ClusterMembership(models.Model):
    """An organization's membership in an industry cluster or network (free text plus region)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="clusters")
    name = models.CharField(_("cluster"), max_length=200)
    region = models.CharField(_("region"), max_length=100, blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("cluster membership")
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="cluster_unique_per_org")]

    def __str__(self) -> str:
        return f"{self.name} ({self.region})" if self.region else self.name


class OrganizationUserObjectPermission(UserObjectPermissionBase):
    """django-guardian grants on organizations, in a direct foreign-key table (indexed, dies with the row)."""

    content_object = models.ForeignKey(Organization, on_delete=models.CASCADE)


class OrganizationGroupObjectPermission(GroupObjectPermissionBase):
    """django-guardian's group grants on organizations, in a direct foreign-key table like the user grants."""

    content_object = models.ForeignKey(Organization, on_delete=models.CASCADE)
