"""Serializers of hubs, services, slots, availability and calendars."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.serializers import StrictModelSerializer, StrictSerializer

from ...models import (
    ClassificationLevel,
    Hub,
    HubService,
    RailGauge,
    SecurityLevel,
    ServiceKind,
    ServiceUnit,
    Slot,
    TransportMode,
)
from ...vocabulary import AMMUNITION_GROUPS, HAZARD_CLASS_CHOICES
from .planner import CivilianCapacitySerializer


class HubServiceSerializer(StrictModelSerializer):
    kind = serializers.ChoiceField(choices=ServiceKind.choices)
    unit = serializers.ChoiceField(choices=ServiceUnit.choices)
    hazardous_classes = serializers.ListField(
        child=serializers.ChoiceField(choices=HAZARD_CLASS_CHOICES),
        required=False,
        help_text="UN classes or divisions; '1' covers 1.1–1.6",
    )
    ammunition_groups = serializers.ListField(child=serializers.ChoiceField(choices=AMMUNITION_GROUPS), required=False)
    max_classification = serializers.ChoiceField(choices=ClassificationLevel.choices, required=False)

    class Meta:
        model = HubService
        fields = [
            "id",
            "hub",
            "kind",
            "name",
            "high_bay",
            "unit",
            "capacity_per_slot",
            "slot_hours",
            "cancellation_cutoff_hours",
            "lead_time_hours",
            "no_show_grace_hours",
            "hazardous_classes",
            "ammunition_groups",
            "max_classification",
            "price_note",
            "is_active",
            "updated_at",
        ]
        read_only_fields = ["id", "hub", "updated_at"]


class HubSerializer(StrictModelSerializer):
    nation_name = serializers.CharField(source="nation.legal_name", read_only=True)
    country = serializers.CharField(source="nation.country.code", read_only=True, help_text="ISO 3166 alpha-2")
    operator_name = serializers.CharField(source="operator.legal_name", default=None, read_only=True, allow_null=True)
    modes = serializers.ListField(child=serializers.ChoiceField(choices=TransportMode.choices))
    rail_gauges = serializers.ListField(child=serializers.ChoiceField(choices=RailGauge.choices))
    security_level = serializers.ChoiceField(choices=SecurityLevel.choices)
    services = HubServiceSerializer(many=True, read_only=True)

    class Meta:
        model = Hub
        fields = [
            "id",
            "nation",
            "nation_name",
            "country",
            "operator",
            "operator_name",
            "name",
            "city",
            "latitude",
            "longitude",
            "modes",
            "rail_gauges",
            "changes_gauge",
            "security_level",
            "opening_hours",
            "description",
            "services",
        ]
        read_only_fields = fields


class SlotSerializer(StrictModelSerializer):
    free = serializers.SerializerMethodField()

    class Meta:
        model = Slot
        fields = ["id", "service", "start", "end", "capacity", "booked", "free"]

    def get_free(self, slot) -> int:
        return slot.capacity - slot.booked


class ServiceAvailabilitySerializer(StrictSerializer):
    service = HubServiceSerializer()
    slots = SlotSerializer(many=True)
    full = serializers.BooleanField(help_text="no slot in the period has room for the quantity asked")
    suggestions = CivilianCapacitySerializer(many=True, help_text="civilian capacity nearby when the service is full")


class AvailabilitySerializer(StrictSerializer):
    hub = serializers.IntegerField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    quantity = serializers.IntegerField()
    services = ServiceAvailabilitySerializer(many=True)


class CalendarBookingSerializer(StrictSerializer):
    id = serializers.IntegerField()
    request = serializers.IntegerField(source="offer.request_id")
    nation = serializers.IntegerField(source="offer.request.nation_id")
    nation_name = serializers.CharField(source="offer.request.nation.legal_name")
    requesting_unit = serializers.CharField(source="offer.request.requesting_unit")
    quantity = serializers.IntegerField()
    state = serializers.CharField()


class CalendarSlotSerializer(SlotSerializer):
    service_name = serializers.CharField(source="service.name")
    service_kind = serializers.CharField(source="service.kind")
    unit = serializers.CharField(source="service.unit")
    bookings = serializers.SerializerMethodField()

    class Meta(SlotSerializer.Meta):
        fields = [*SlotSerializer.Meta.fields, "service_name", "service_kind", "unit", "bookings"]

    @extend_schema_field(CalendarBookingSerializer(many=True))
    def get_bookings(self, slot):
        return CalendarBookingSerializer(getattr(slot, "holding_bookings", []), many=True).data


class SlotsOpenSerializer(StrictSerializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()


class SlotsOpenedSerializer(StrictSerializer):
    created = serializers.IntegerField()
