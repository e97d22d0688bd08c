"""Hubs, their services and slots, and the corridor links between hubs that the movement planner walks."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStamped


class TransportMode(models.TextChoices):
    ROAD = "road", _("Road")
    RAIL = "rail", _("Rail")
    INLAND_WATER = "inland_water", _("Inland waterway")
    SEA = "sea", _("Sea")
    AIR = "air", _("Air")


class RailGauge(models.IntegerChoices):
    STANDARD = 1435, _("1435 mm standard gauge")
    BROAD = 1520, _("1520 mm broad gauge (Baltic states)")
    IBERIAN = 1668, _("1668 mm Iberian gauge")


class SecurityLevel(models.TextChoices):
    STANDARD = "standard", _("Standard: fenced site with access control")
    ENHANCED = "enhanced", _("Enhanced: guarded around the clock, CCTV")
    HIGH = "high", _("High: armed guard, approved for classified material")


class ClassificationLevel(models.TextChoices):
    UNCLASSIFIED = "unclassified", _("Unclassified")
    RESTRICTED = "restricted", _("Restricted")
    CONFIDENTIAL = "confidential", _("Confidential")
    SECRET = "secret", _("Secret")


CLASSIFICATION_RANK = {level: rank for rank, level in enumerate(ClassificationLevel.values)}


class ServiceKind(models.TextChoices):
    STORAGE = "storage", _("Storage (incl. high-bay container storage)")
    TRANSSHIPMENT = "transshipment", _("Transshipment between modes or gauges")
    MAINTENANCE = "maintenance", _("Maintenance and simple repair")
    REFUELLING = "refuelling", _("Refuelling")
    SUPPLY = "supply", _("Supply provision")


class ServiceUnit(models.TextChoices):
    TEU = "teu", _("TEU")
    PALLET_PLACES = "pallet_places", _("pallet places")
    SQUARE_METRES = "m2", _("m²")
    VEHICLES = "vehicles", _("vehicles")
    LITRES = "litres", _("litres")
    HOURS = "hours", _("hours")


class Hub(TimeStamped):
    """A logistics hub run by a nation: where it is, which modes and rail gauges reach it, how secure it is.

    `changes_gauge` says the hub can move loads between its rail gauges (bogie exchange or transshipment);
    the movement planner inserts a transshipment step there when a route crosses from one gauge to another.
    """

    nation = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("operating nation"),
        on_delete=models.PROTECT,
        related_name="loghubs",
        limit_choices_to={"kind": "nation"},
    )
    operator = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("operator organization"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="operated_loghubs",
        help_text=_(
            "Its members with the hub operator role run the hub; without one, "
            "hub operators who are members of the nation do."
        ),
    )
    name = models.CharField(_("name"), max_length=200)
    city = models.CharField(_("city"), max_length=100)
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5)
    modes = ArrayField(
        models.CharField(max_length=16, choices=TransportMode.choices), verbose_name=_("modes"), default=list
    )
    rail_gauges = ArrayField(
        models.PositiveSmallIntegerField(choices=RailGauge.choices),
        default=list,
        blank=True,
        verbose_name=_("rail gauges (mm)"),
    )
    changes_gauge = models.BooleanField(_("changes rail gauge"), default=False)
    security_level = models.CharField(
        _("security level"), max_length=12, choices=SecurityLevel.choices, default=SecurityLevel.STANDARD
    )
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True, help_text=_("e.g. Mon–Sat 06–22"))
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("hub")
        constraints = [
            models.UniqueConstraint(
                fields=["nation", "name"],
                name="hub_name_unique_per_nation",
                violation_error_message=_("This nation already has a hub of this name."),
            ),
            models.CheckConstraint(
                condition=~Q(modes__contains=["rail"]) | Q(rail_gauges__len__gte=1),
                name="hub_rail_needs_gauge",
                violation_error_message=_("A hub served by rail names its gauges."),
            ),
            models.CheckConstraint(
                condition=Q(changes_gauge=False) | Q(rail_gauges__len__gte=2),
                name="hub_gauge_change_needs_two_gauges",
                violation_error_message=_("Only a hub with two gauges can change gauge."),
            ),
            models.CheckConstraint(
                condition=Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="hub_coordinates_valid",
                violation_error_message=_("The coordinates are outside the globe."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.city})"


class HubService(models.Model):
    """A service a hub sells per time slot (storage, transshipment, maintenance, refuelling, supply), with its rules.

    Capacity is counted in `unit` per slot of `slot_hours`. The rules decide what may be booked: lead time
    before a slot, cut-off after which a cancellation needs the hub's agreement, grace time before a booking
    that was not checked in becomes a no-show, and the dangerous goods and classification levels accepted.
    """

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="services")
    kind = models.CharField(_("kind"), max_length=16, choices=ServiceKind.choices)
    name = models.CharField(_("name"), max_length=200)
    high_bay = models.BooleanField(
        _("high-bay container storage"),
        default=False,
        help_text=_("Automated high-bay storage with direct access to every container."),
    )
    unit = models.CharField(_("unit"), max_length=16, choices=ServiceUnit.choices)
    capacity_per_slot = models.PositiveIntegerField(_("capacity per slot"))
    slot_hours = models.PositiveSmallIntegerField(_("slot length (hours)"), default=24)
    cancellation_cutoff_hours = models.PositiveSmallIntegerField(_("cancellation cut-off (hours before)"), default=48)
    lead_time_hours = models.PositiveSmallIntegerField(_("lead time (hours)"), default=24)
    no_show_grace_hours = models.PositiveSmallIntegerField(_("no-show grace time (hours)"), default=4)
    hazardous_classes = ArrayField(
        models.CharField(max_length=4), default=list, blank=True, verbose_name=_("accepted UN hazard classes")
    )
    ammunition_groups = ArrayField(
        models.CharField(max_length=1),
        default=list,
        blank=True,
        verbose_name=_("accepted ammunition compatibility groups"),
    )
    max_classification = models.CharField(
        _("highest classification level"),
        max_length=16,
        choices=ClassificationLevel.choices,
        default=ClassificationLevel.UNCLASSIFIED,
    )
    price_note = models.CharField(_("price or cost-sharing note"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["hub_id", "kind", "name", "id"]
        verbose_name = _("hub service")
        constraints = [
            models.UniqueConstraint(
                fields=["hub", "name"],
                name="hub_service_name_unique",
                violation_error_message=_("The hub already has a service of this name."),
            ),
            models.CheckConstraint(
                condition=Q(capacity_per_slot__gt=0),
                name="hub_service_capacity_positive",
                violation_error_message=_("The capacity per slot must be more than zero."),
            ),
            models.CheckConstraint(
                condition=Q(slot_hours__gte=1, slot_hours__lte=168),
                name="hub_service_slot_hours",
                violation_error_message=_("A slot lasts from 1 hour to 7 days."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} @ {self.hub.name}"


class Slot(models.Model):
    """One bookable time slot of a hub service. The database never lets `booked` exceed `capacity`."""

    service = models.ForeignKey(HubService, on_delete=models.CASCADE, related_name="slots")
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    capacity = models.IntegerField(_("capacity"))
    booked = models.IntegerField(_("booked"), default=0)

    class Meta:
        ordering = ["service_id", "start"]
        verbose_name = _("slot")
        constraints = [
            models.UniqueConstraint(fields=["service", "start"], name="slot_unique_start_per_service"),
            models.CheckConstraint(condition=Q(booked__gte=0), name="slot_booked_not_negative"),
            models.CheckConstraint(
                condition=Q(booked__lte=F("capacity")),
                name="slot_booked_within_capacity",
                violation_error_message=_("A slot cannot be booked beyond its capacity."),
            ),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="slot_end_after_start"),
        ]
        indexes = [models.Index(fields=["start", "service"], name="slot_start_idx")]

    def __str__(self) -> str:
        return f"{self.service_id} {self.start:%Y-%m-%d %H:%M} ({self.booked}/{self.capacity})"

    @property
    def free(self) -> int:
        return self.capacity - self.booked


class HubLink(models.Model):
    """A corridor leg from one hub to another by one mode; rail links name their track gauge."""

    from_hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="links_out")
    to_hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="links_in")
    mode = models.CharField(_("mode"), max_length=16, choices=TransportMode.choices)
    distance_km = models.PositiveIntegerField(_("distance (km)"))
    gauge = models.PositiveSmallIntegerField(_("rail gauge (mm)"), choices=RailGauge.choices, null=True, blank=True)

    class Meta:
        ordering = ["from_hub_id", "to_hub_id", "mode"]
        verbose_name = _("hub link")
        constraints = [
            models.UniqueConstraint(
                fields=["from_hub", "to_hub", "mode", "gauge"], nulls_distinct=False, name="hub_link_unique"
            ),
            models.CheckConstraint(
                condition=~Q(from_hub=F("to_hub")),
                name="hub_link_not_a_loop",
                violation_error_message=_("A link joins two different hubs."),
            ),
            models.CheckConstraint(
                condition=(Q(mode="rail") & Q(gauge__isnull=False)) | (~Q(mode="rail") & Q(gauge__isnull=True)),
                name="hub_link_gauge_for_rail_only",
                violation_error_message=_("Rail links name a gauge; other links do not."),
            ),
            models.CheckConstraint(condition=Q(distance_km__gt=0), name="hub_link_distance_positive"),
        ]

    def __str__(self) -> str:
        gauge = f" {self.gauge} mm" if self.gauge else ""
        return f"{self.from_hub_id} → {self.to_hub_id} ({self.mode}{gauge}, {self.distance_km} km)"
