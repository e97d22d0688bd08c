"""Serializer of capacity listings."""

from rest_framework import serializers

from compliance.models import BadgeKind
from core.api.serializers import StrictModelSerializer
from organizations.models import Organization

from ...models import CapacityListing, CapacityUnit, ListingKind, ListingVisibility
from .fields import AttributesField, CpvListField


class ListingSerializer(StrictModelSerializer):
    provider = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.none())
    provider_name = serializers.CharField(source="provider.legal_name", read_only=True)
    cpv_codes = CpvListField(source="cpv_links", help_text="CPV codes; check digits accepted")
    kind = serializers.ChoiceField(choices=ListingKind.choices)
    unit = serializers.ChoiceField(choices=CapacityUnit.choices)
    visibility = serializers.ChoiceField(choices=ListingVisibility.choices, default=ListingVisibility.PUBLIC)
    visible_to_badges = serializers.ListField(
        child=serializers.ChoiceField(choices=BadgeKind.choices), required=False, default=list
    )
    visible_to_partners = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Organization.objects.all(), required=False
    )
    service_area = serializers.ListField(child=serializers.CharField(max_length=2), required=False, default=list)
    country = serializers.CharField(max_length=2, required=False, allow_blank=True, help_text="ISO 3166 alpha-2")
    attributes = AttributesField(required=False, default=dict)

    class Meta:
        model = CapacityListing
        fields = [
            "id",
            "provider",
            "provider_name",
            "kind",
            "title",
            "description",
            "cpv_codes",
            "address",
            "country",
            "latitude",
            "longitude",
            "service_area",
            "available_from",
            "available_until",
            "quantity",
            "unit",
            "price_indication",
            "export_classification",
            "visibility",
            "visible_to_badges",
            "visible_to_partners",
            "attributes",
            "state",
            "published_at",
            "updated_at",
        ]
        read_only_fields = ["id", "state", "published_at", "updated_at"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if (
            self.context.get("viewer_org_ids") is not None
            and instance.provider_id not in self.context["viewer_org_ids"]
        ):
            data.pop("visible_to_partners", None)  # who else may see it is the provider's business
        return data
