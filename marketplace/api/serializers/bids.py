"""Serializers of bids with their lot offers and subcontractors, and of the evaluation's scores and ranking."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.api.serializers import StrictModelSerializer, StrictSerializer
from organizations.models import Organization

from ...models import Bid, BidLot, Lot, Subcontractor, Tender


class OfferSerializer(StrictModelSerializer):
    lot = serializers.PrimaryKeyRelatedField(queryset=Lot.objects.all())
    criteria_answers = serializers.DictField(
        child=serializers.CharField(max_length=2000, allow_blank=True),
        required=False,
        default=dict,
        help_text="criterion id (as a string) → your answer; delivery time goes in delivery_days",
    )

    class Meta:
        model = BidLot
        fields = ["id", "lot", "price", "delivery_days", "criteria_answers"]
        read_only_fields = ["id"]


class SubcontractorSerializer(StrictModelSerializer):
    share_percent = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=Decimal("100"),
        error_messages={
            "min_value": _("A subcontractor's share is more than 0 and at most 100 percent."),
            "max_value": _("A subcontractor's share is more than 0 and at most 100 percent."),
        },
    )

    class Meta:
        model = Subcontractor
        fields = ["organization", "name", "share_percent"]


class BidSerializer(StrictModelSerializer):
    bidder = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.none())
    bidder_name = serializers.CharField(source="bidder.legal_name", read_only=True)
    tender = serializers.PrimaryKeyRelatedField(queryset=Tender.objects.none())
    offers = OfferSerializer(source="lot_offers", many=True, read_only=True)
    subcontractors = SubcontractorSerializer(many=True, read_only=True)
    exclusion_reason = serializers.CharField(
        source="exclusion_reason_shown", read_only=True, help_text="Why the bid was excluded, in the reader's language."
    )

    class Meta:
        model = Bid
        fields = [
            "id",
            "tender",
            "bidder",
            "bidder_name",
            "state",
            "submitted_at",
            "version",
            "offers",
            "subcontractors",
            "exclusion_reason",
            "updated_at",
        ]
        read_only_fields = ["id", "state", "submitted_at", "version", "exclusion_reason", "updated_at"]


class BidWriteSerializer(StrictSerializer):
    offers = OfferSerializer(many=True)
    subcontractors = SubcontractorSerializer(many=True, required=False)

    def service_data(self) -> dict:
        data = self.validated_data
        result = {"offers": [{**dict(o), "lot": o["lot"].pk} for o in data["offers"]]}
        if "subcontractors" in data:
            result["subcontractors"] = [
                {**dict(s), "organization": s["organization"].pk if s.get("organization") else None}
                for s in data["subcontractors"]
            ]
        return result


class ScoreSerializer(StrictSerializer):
    offer = serializers.IntegerField(help_text="id of the bid's lot offer")
    criterion = serializers.IntegerField()
    score = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=100)


class RankedOfferSerializer(StrictSerializer):
    rank = serializers.IntegerField()
    offer = serializers.IntegerField(source="offer.pk")
    bidder = serializers.IntegerField(source="offer.bid.bidder_id")
    bidder_name = serializers.CharField(source="offer.bid.bidder.legal_name")
    price = serializers.DecimalField(source="offer.price", max_digits=14, decimal_places=2)
    total = serializers.DecimalField(max_digits=6, decimal_places=2)
    parts = serializers.DictField(child=serializers.DecimalField(max_digits=6, decimal_places=2))
    complete = serializers.BooleanField()
