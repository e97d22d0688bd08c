"""Serializers of the movement planner and of dual-use overflow suggestions."""

from rest_framework import serializers

from core.api.serializers import StrictSerializer

from ...models import Hub, RailGauge, ServiceKind, TransportMode
from .requests import CargoLineSerializer


class CivilianCapacitySerializer(StrictSerializer):
    listing = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.CharField(help_text="marketplace listing kind")
    provider = serializers.IntegerField()
    provider_name = serializers.CharField()
    provider_badges = serializers.ListField(child=serializers.CharField())
    distance_km = serializers.FloatField(allow_null=True, help_text="null: no coordinates, serves the country")
    address = serializers.CharField()
    country = serializers.CharField()
    available_from = serializers.DateField()
    available_until = serializers.DateField()
    quantity = serializers.DecimalField(max_digits=12, decimal_places=2)
    unit = serializers.CharField()
    price_indication = serializers.CharField()


class RouteInputSerializer(StrictSerializer):
    origin = serializers.PrimaryKeyRelatedField(queryset=Hub.objects.filter(is_active=True))
    destination = serializers.PrimaryKeyRelatedField(queryset=Hub.objects.filter(is_active=True))
    period_start = serializers.DateTimeField()
    period_end = serializers.DateTimeField()
    quantity = serializers.IntegerField(min_value=1, help_text="in the unit of the hubs' transshipment services")
    cargo = CargoLineSerializer(many=True, required=False)
    modes = serializers.ListField(
        child=serializers.ChoiceField(choices=TransportMode.choices),
        required=False,
        help_text="only these modes; all when empty",
    )
    destination_service = serializers.ChoiceField(
        choices=ServiceKind.choices,
        required=False,
        allow_blank=True,
        help_text="a service needed at the destination until the period ends",
    )

    def validate(self, attrs):
        if attrs["period_end"] <= attrs["period_start"]:
            raise serializers.ValidationError({"period_end": ["The period ends before it starts."]})
        if attrs["origin"] == attrs["destination"]:
            raise serializers.ValidationError({"destination": ["Origin and destination are the same hub."]})
        return attrs


class LegSerializer(StrictSerializer):
    from_hub = serializers.IntegerField(source="from_hub.pk")
    from_hub_name = serializers.CharField(source="from_hub.name")
    to_hub = serializers.IntegerField(source="to_hub.pk")
    to_hub_name = serializers.CharField(source="to_hub.name")
    mode = serializers.ChoiceField(choices=TransportMode.choices)
    gauge = serializers.ChoiceField(choices=RailGauge.choices, allow_null=True)
    distance_km = serializers.IntegerField()
    depart = serializers.DateTimeField()
    arrive = serializers.DateTimeField()


class NeededBookingSerializer(StrictSerializer):
    hub = serializers.IntegerField(source="hub.pk")
    hub_name = serializers.CharField(source="hub.name")
    service = serializers.IntegerField(source="service.pk")
    service_name = serializers.CharField(source="service.name")
    service_kind = serializers.CharField(source="service.kind")
    slot = serializers.IntegerField(source="slot.pk")
    start = serializers.DateTimeField(source="slot.start")
    end = serializers.DateTimeField(source="slot.end")
    free = serializers.IntegerField(source="slot.free")
    quantity = serializers.IntegerField()
    reason = serializers.CharField(help_text="e.g. gauge change 1435 → 1520 mm")


class FullServiceSerializer(StrictSerializer):
    hub = serializers.IntegerField(source="hub.pk")
    hub_name = serializers.CharField(source="hub.name")
    service_kind = serializers.CharField()
    reason = serializers.CharField()
    suggestions = CivilianCapacitySerializer(many=True)


class RoutePlanSerializer(StrictSerializer):
    found = serializers.BooleanField()
    message = serializers.CharField()
    origin = serializers.IntegerField(source="origin.pk")
    destination = serializers.IntegerField(source="destination.pk")
    distance_km = serializers.IntegerField()
    legs = LegSerializer(many=True)
    bookings = NeededBookingSerializer(many=True, help_text="the slots the route would need booked")
    full = FullServiceSerializer(many=True, help_text="services found full, with civilian capacity nearby")
