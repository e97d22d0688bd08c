"""Export-control data: licences an organization holds, destination rules and the countries barred from public
contracts, both kept by platform admins."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


class DestinationCategory(models.TextChoices):
    EU = "eu", _("EU member state")
    NATO = "nato", _("NATO member (outside the EU)")
    PARTNER = "partner", _("Other partner country")
    EMBARGOED = "embargoed", _("Embargoed destination")


class DestinationRule(models.Model):
    """How a destination country is treated when goods move or data is shared."""

    country = CountryField(_("country"), unique=True)
    category = models.CharField(_("category"), max_length=12, choices=DestinationCategory.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["country"]

    def __str__(self) -> str:
        return f"{self.country.name}: {self.get_category_display()}"


class BarredCountry(models.Model):
    """A country whose established entities EU law bars from public contracts, e.g. Russia under Article 5k of
    Council Regulation (EU) No 833/2014. Their organizations are never matched to a lot, invited to bid, or
    accepted as a bidder, consortium member or named subcontractor; the refusal quotes `legal_basis`. Kept by
    platform admins in the Django admin (seeded by a data migration), because bans change with the law."""

    country = CountryField(_("country"), unique=True)
    legal_basis = models.CharField(
        _("legal basis"), max_length=300, help_text=_("e.g. Art. 5k of Council Regulation (EU) No 833/2014")
    )
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["country"]
        verbose_name = _("country barred from public contracts")
        verbose_name_plural = _("countries barred from public contracts")

    def __str__(self) -> str:
        return f"{self.country.name}: {self.legal_basis}"


class Licence(models.Model):
    """An export licence held by an organization (e.g. issued by BAFA) for classifications and destinations."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="licences")
    issuer = models.CharField(_("issuer"), max_length=100, help_text=_("e.g. BAFA"))
    reference = models.CharField(_("reference"), max_length=100)
    classifications = models.JSONField(_("classifications covered"), default=list, help_text=_("e.g. ['ML4', '5A002']"))
    # At least one country: a real licence names its destinations, and an empty list read as "anywhere" would
    # turn a forgotten field into the widest authorisation there is (licence_add refuses it).
    destinations = models.JSONField(
        _("destination countries"),
        default=list,
        help_text=_("ISO codes of the countries the licence covers (at least one)"),
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))

    class Meta:
        ordering = ["organization_id", "-valid_until"]

    def __str__(self) -> str:
        return f"{self.issuer} {self.reference}"
