"""Serializers of service requests with their cargo, offers, bookings and the small inputs of their actions."""

from rest_framework import serializers

from core.api.serializers import StrictModelSerializer, StrictSerializer

from ...models import (
    Booking,
    BookingState,
    CargoLine,
    ClassificationLevel,
    Hub,
    Offer,
    OfferSlot,
    OfferState,
    RequestState,
    ServiceKind,
    ServiceRequest,
    TransportMode,
)
from ...vocabulary import AMMUNITION_GROUPS, UN_HAZARD_CLASSES


class CargoLineSerializer(StrictModelSerializer):
    hazardous_class = serializers.ChoiceField(
        choices=UN_HAZARD_CLASSES, required=False, allow_blank=True, help_text="UN class or division, e.g. 1.1, 3, 8"
    )
    ammunition_group = serializers.ChoiceField(
        choices=AMMUNITION_GROUPS,
        required=False,
        allow_blank=True,
        help_text="compatibility group of class 1 explosives",
    )
    classification_level = serializers.ChoiceField(choices=ClassificationLevel.choices, required=False)
    export_classification = serializers.CharField(
        max_length=32,
        required=False,
        allow_blank=True,
        help_text="EU dual-use entry (5A002), EU CML entry (ML3) or not_listed",
    )
    nsn = serializers.CharField(
        max_length=16, required=False, allow_blank=True, help_text="NATO stock number, e.g. 1005-01-234-5678"
    )

    class Meta:
        model = CargoLine
        fields = [
            "position",
            "description",
            "nsn",
            "quantity",
            "weight_kg",
            "length_m",
            "width_m",
            "height_m",
            "hazardous_class",
            "ammunition_group",
            "export_classification",
            "classification_level",
            "screening_outcome",
            "screening_reasons",
        ]
        read_only_fields = ["position", "screening_outcome", "screening_reasons"]


class ServiceRequestSerializer(StrictModelSerializer):
    reference = serializers.SerializerMethodField()
    nation_name = serializers.CharField(source="nation.legal_name", read_only=True)
    target_hub_name = serializers.CharField(source="target_hub.name", default=None, read_only=True, allow_null=True)
    routed_to_name = serializers.CharField(source="routed_to.name", default=None, read_only=True, allow_null=True)
    service_kind = serializers.ChoiceField(choices=ServiceKind.choices)
    mode_in = serializers.ChoiceField(choices=TransportMode.choices)
    mode_out = serializers.ChoiceField(choices=TransportMode.choices)
    state = serializers.ChoiceField(choices=RequestState.choices, read_only=True)
    cargo = CargoLineSerializer(source="cargo_lines", many=True, read_only=True)

    class Meta:
        model = ServiceRequest
        fields = [
            "id",
            "reference",
            "nation",
            "nation_name",
            "requesting_unit",
            "service_kind",
            "target_hub",
            "target_hub_name",
            "routed_to",
            "routed_to_name",
            "period_start",
            "period_end",
            "quantity",
            "priority",
            "mode_in",
            "mode_out",
            "state",
            "jcc_reason",
            "decline_reason",
            "cancellation_requested_at",
            "cancellation_reason",
            "cancellation_refusal",
            "submitted_at",
            "routed_at",
            "created_at",
            "updated_at",
            "cargo",
        ]
        read_only_fields = fields

    def get_reference(self, request) -> str:
        return f"LH-{request.pk}"


class ServiceRequestWriteSerializer(StrictSerializer):
    """A draft request; `cargo`, when given, replaces the cargo lines."""

    requesting_unit = serializers.CharField(max_length=200)
    service_kind = serializers.ChoiceField(choices=ServiceKind.choices)
    target_hub = serializers.PrimaryKeyRelatedField(
        queryset=Hub.objects.filter(is_active=True),
        allow_null=True,
        required=False,
        help_text="empty: any suitable hub",
    )
    period_start = serializers.DateTimeField()
    period_end = serializers.DateTimeField()
    quantity = serializers.IntegerField(help_text="in the unit of the hub's service; more than zero")
    priority = serializers.IntegerField(
        min_value=1, max_value=5, default=3, help_text="1 (highest, operationally critical) to 5 (routine)"
    )
    mode_in = serializers.ChoiceField(choices=TransportMode.choices)
    mode_out = serializers.ChoiceField(choices=TransportMode.choices)
    cargo = CargoLineSerializer(many=True, required=False)

    def service_data(self) -> dict:
        data = dict(self.validated_data)
        if "cargo" in data:
            data["cargo"] = [dict(line) for line in data["cargo"]]
        return data


class DecisionReasonSerializer(StrictSerializer):
    reason = serializers.CharField()


class RoutingSerializer(StrictSerializer):
    hub = serializers.PrimaryKeyRelatedField(
        queryset=Hub.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        help_text="empty: the hub the request named",
    )
    reason = serializers.CharField(help_text="recorded with the decision")


class CancellationDecisionSerializer(StrictSerializer):
    agree = serializers.BooleanField()
    reason = serializers.CharField(required=False, allow_blank=True, default="", help_text="required when refusing")


class ScheduleNoteSerializer(StrictSerializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class HubOfferSlotSerializer(StrictModelSerializer):
    start = serializers.DateTimeField(source="slot.start", read_only=True)
    end = serializers.DateTimeField(source="slot.end", read_only=True)

    class Meta:
        model = OfferSlot
        fields = ["slot", "start", "end", "quantity"]


class HubOfferSerializer(StrictModelSerializer):
    request_reference = serializers.SerializerMethodField()
    requesting_nation = serializers.IntegerField(source="request.nation_id", read_only=True)
    requesting_nation_name = serializers.CharField(source="request.nation.legal_name", read_only=True)
    hub_name = serializers.CharField(source="hub.name", read_only=True)
    hub_nation = serializers.IntegerField(source="hub.nation_id", read_only=True)
    service_name = serializers.CharField(source="service.name", read_only=True)
    unit = serializers.CharField(source="service.unit", read_only=True)
    state = serializers.ChoiceField(choices=OfferState.choices, read_only=True)
    slots = HubOfferSlotSerializer(source="slot_rows", many=True, read_only=True)

    class Meta:
        model = Offer
        fields = [
            "id",
            "request",
            "request_reference",
            "requesting_nation",
            "requesting_nation_name",
            "hub",
            "hub_name",
            "hub_nation",
            "service",
            "service_name",
            "unit",
            "slots",
            "price",
            "currency",
            "cost_sharing_note",
            "conditions",
            "valid_until",
            "state",
            "decline_reason",
            "created_at",
            "decided_at",
        ]
        read_only_fields = fields

    def get_request_reference(self, offer) -> str:
        return f"LH-{offer.request_id}"


class HubOfferSlotInputSerializer(StrictSerializer):
    slot = serializers.IntegerField()
    quantity = serializers.IntegerField(required=False, help_text="default: the requested quantity")


class HubOfferWriteSerializer(StrictSerializer):
    request = serializers.PrimaryKeyRelatedField(
        queryset=ServiceRequest.objects.none(),
        help_text="a request the JCC routed to one of your nation's hubs",
        error_messages={"does_not_exist": "No request with id {pk_value} is routed to one of this nation's hubs."},
    )
    service = serializers.IntegerField(
        required=False, allow_null=True, help_text="a service of the hub; default: the first that takes the cargo"
    )
    slots = HubOfferSlotInputSerializer(
        many=True, required=False, help_text="default: every slot of the service in the requested period"
    )
    price = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)
    currency = serializers.CharField(max_length=3, required=False, default="EUR")
    cost_sharing_note = serializers.CharField(required=False, allow_blank=True, default="")
    conditions = serializers.CharField(required=False, allow_blank=True, default="")
    valid_until = serializers.DateTimeField(
        required=False, allow_null=True, help_text="default: 72 hours, and never past the first slot's start"
    )


class BookingSerializer(StrictModelSerializer):
    request = serializers.IntegerField(source="offer.request_id", read_only=True)
    requesting_nation = serializers.IntegerField(source="offer.request.nation_id", read_only=True)
    requesting_nation_name = serializers.CharField(source="offer.request.nation.legal_name", read_only=True)
    hub = serializers.IntegerField(source="slot.service.hub_id", read_only=True)
    hub_name = serializers.CharField(source="slot.service.hub.name", read_only=True)
    service = serializers.IntegerField(source="slot.service_id", read_only=True)
    service_name = serializers.CharField(source="slot.service.name", read_only=True)
    unit = serializers.CharField(source="slot.service.unit", read_only=True)
    start = serializers.DateTimeField(source="slot.start", read_only=True)
    end = serializers.DateTimeField(source="slot.end", read_only=True)
    state = serializers.ChoiceField(choices=BookingState.choices, read_only=True)

    class Meta:
        model = Booking
        fields = [
            "id",
            "offer",
            "request",
            "requesting_nation",
            "requesting_nation_name",
            "hub",
            "hub_name",
            "service",
            "service_name",
            "unit",
            "slot",
            "start",
            "end",
            "quantity",
            "state",
            "checked_in_at",
            "completed_at",
            "cancelled_at",
            "no_show_at",
        ]
        read_only_fields = fields


class OfferAcceptanceSerializer(StrictSerializer):
    offer = HubOfferSerializer()
    bookings = BookingSerializer(many=True)
