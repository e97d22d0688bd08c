"""Serializers of the JCC's views: conflicts, conflict decisions and utilisation."""

from rest_framework import serializers

from core.api.serializers import StrictModelSerializer, StrictSerializer

from ...models import ConflictDecision, Hub, ServiceKind, ServiceUnit


class ConflictRequestSerializer(StrictSerializer):
    id = serializers.IntegerField(source="pk")
    nation = serializers.IntegerField(source="nation_id")
    nation_name = serializers.CharField(source="nation.legal_name")
    requesting_unit = serializers.CharField()
    priority = serializers.IntegerField()
    quantity = serializers.IntegerField()
    period_start = serializers.DateTimeField()
    period_end = serializers.DateTimeField()
    state = serializers.CharField()
    submitted_at = serializers.DateTimeField()


class ConflictSerializer(StrictSerializer):
    hub = serializers.IntegerField(source="hub.pk")
    hub_name = serializers.CharField(source="hub.name")
    service_kind = serializers.ChoiceField(choices=ServiceKind.choices)
    period_start = serializers.DateTimeField()
    period_end = serializers.DateTimeField()
    peak_start = serializers.DateTimeField(help_text="the slot where demand exceeds the free capacity most")
    peak_demand = serializers.IntegerField()
    peak_free = serializers.IntegerField()
    requests = ConflictRequestSerializer(many=True, help_text="ranked by priority, then submission time")


class RerouteSerializer(StrictSerializer):
    request = serializers.IntegerField()
    hub = serializers.PrimaryKeyRelatedField(queryset=Hub.objects.filter(is_active=True))


class ConflictResolveSerializer(StrictSerializer):
    hub = serializers.PrimaryKeyRelatedField(queryset=Hub.objects.all())
    requests = serializers.ListField(
        child=serializers.IntegerField(),
        min_length=2,
        help_text="the competing requests; in the JCC's order when `ranked`",
    )
    ranked = serializers.BooleanField(default=False, help_text="false: rank by priority, then submission time")
    reason = serializers.CharField()
    reroute = RerouteSerializer(
        many=True, required=False, help_text="where requests that no longer fit should go instead of being deferred"
    )


class RankingEntrySerializer(StrictSerializer):
    rank = serializers.IntegerField()
    request = serializers.IntegerField()
    nation = serializers.IntegerField()
    priority = serializers.IntegerField()
    quantity = serializers.IntegerField()
    outcome = serializers.ChoiceField(
        choices=[
            ("routed", "Routed to the hub"),
            ("rerouted", "Routed to another hub"),
            ("deferred", "Deferred for routing elsewhere"),
        ]
    )
    hub = serializers.IntegerField(allow_null=True)


class ConflictDecisionSerializer(StrictModelSerializer):
    service_kind = serializers.ChoiceField(choices=ServiceKind.choices)
    ranking = RankingEntrySerializer(many=True)
    decided_by = serializers.CharField(source="decided_by.email", default=None)

    class Meta:
        model = ConflictDecision
        fields = [
            "id",
            "hub",
            "service_kind",
            "period_start",
            "period_end",
            "ranking",
            "reason",
            "decided_by",
            "decided_at",
        ]
        read_only_fields = fields


class UtilisationSerializer(StrictSerializer):
    hub = serializers.IntegerField(source="service__hub_id")
    hub_name = serializers.CharField(source="service__hub__name")
    country = serializers.CharField(source="service__hub__nation__country")
    service = serializers.IntegerField(source="service_id")
    service_name = serializers.CharField(source="service__name")
    service_kind = serializers.ChoiceField(source="service__kind", choices=ServiceKind.choices)
    unit = serializers.ChoiceField(source="service__unit", choices=ServiceUnit.choices)
    week = serializers.DateField(help_text="Monday of the ISO week")
    capacity = serializers.IntegerField()
    booked = serializers.IntegerField()
    utilisation = serializers.SerializerMethodField()

    def get_utilisation(self, row) -> float:
        return round(row["booked"] / row["capacity"], 3) if row["capacity"] else 0.0
