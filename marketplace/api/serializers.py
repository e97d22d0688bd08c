"""Serializers of the marketplace API: listings, tenders with lots and criteria, questions, bids, awards."""

from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from compliance.models import BadgeKind
from core.api.serializers import StrictModelSerializer, StrictSerializer
from organizations.api.serializers import UserSummarySerializer
from organizations.models import Organization

from ..attributes import openapi_schema
from ..models import (
    Award,
    AwardCriterion,
    Bid,
    BidLot,
    CapacityListing,
    CapacityUnit,
    CriterionKind,
    ListingKind,
    ListingVisibility,
    Lot,
    Notification,
    Question,
    Subcontractor,
    Tender,
)

MAX_CPV_CODES = 100


class CpvListField(serializers.ListField):
    child = serializers.CharField(max_length=10)

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", MAX_CPV_CODES)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        codes = super().to_internal_value(data)
        digits = [code.split("-")[0].strip() for code in codes]
        if len(set(digits)) != len(digits):
            raise serializers.ValidationError(_("Each CPV code may be named once."))
        return codes

    def to_representation(self, value):
        return [link.code_id for link in value.all()]


@extend_schema_field(openapi_schema())
class AttributesField(serializers.JSONField):
    """Typed attributes (marketplace.attributes); the services check each against its schema."""


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


class CriterionSerializer(StrictModelSerializer):
    kind = serializers.ChoiceField(choices=CriterionKind.choices)

    class Meta:
        model = AwardCriterion
        fields = ["id", "name", "kind", "weight"]
        read_only_fields = ["id"]


class LotSerializer(StrictModelSerializer):
    cpv = serializers.CharField(source="cpv_id", max_length=10)
    criteria = CriterionSerializer(many=True, required=False)
    required_attributes = AttributesField(
        required=False, default=dict, help_text="a listing lacking one of these is never matched"
    )
    preferred_attributes = AttributesField(required=False, default=dict, help_text="count in a listing's favour")

    class Meta:
        model = Lot
        fields = [
            "id",
            "number",
            "title",
            "description",
            "cpv",
            "quantity",
            "unit",
            "estimated_value",
            "export_classification",
            "sme_only",
            "partial_offers",
            "required_attributes",
            "preferred_attributes",
            "state",
            "state_reason",
            "criteria",
        ]
        read_only_fields = ["id", "number", "state", "state_reason"]


class AwardSerializer(StrictModelSerializer):
    lot_number = serializers.IntegerField(source="lot.number", read_only=True)
    tender = serializers.IntegerField(source="lot.tender_id", read_only=True)
    supplier = serializers.IntegerField(source="offer.bid.bidder_id", read_only=True)
    supplier_name = serializers.CharField(source="offer.bid.bidder.legal_name", read_only=True)
    price = serializers.DecimalField(source="offer.price", max_digits=14, decimal_places=2, read_only=True)

    class Meta:
        model = Award
        fields = [
            "id",
            "tender",
            "lot",
            "lot_number",
            "supplier",
            "supplier_name",
            "price",
            "score",
            "state",
            "proposed_at",
            "standstill_until",
            "finalised_at",
            "declined_reason",
            "updated_at",
        ]


class TenderSerializer(StrictModelSerializer):
    buyer = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.none())
    buyer_name = serializers.CharField(source="buyer.legal_name", read_only=True)
    main_cpv = serializers.CharField(source="main_cpv_id", max_length=10)
    performance_country = serializers.CharField(max_length=2, help_text="ISO 3166 alpha-2")
    lots = LotSerializer(many=True)
    criteria = serializers.SerializerMethodField()
    required_badges = serializers.ListField(
        child=serializers.ChoiceField(choices=BadgeKind.choices), required=False, default=list
    )
    bid_count = serializers.SerializerMethodField()
    awards = serializers.SerializerMethodField()

    class Meta:
        model = Tender
        fields = [
            "id",
            "buyer",
            "buyer_name",
            "title",
            "description",
            "procedure",
            "legal_basis",
            "main_cpv",
            "place_of_performance",
            "performance_country",
            "performance_start",
            "performance_end",
            "estimated_value",
            "currency",
            "enquiry_deadline",
            "submission_deadline",
            "opening_at",
            "award_method",
            "criteria",
            "required_badges",
            "max_lots_per_supplier",
            "standstill_days",
            "state",
            "state_reason",
            "version",
            "published_at",
            "updated_at",
            "lots",
            "bid_count",
            "awards",
        ]
        read_only_fields = ["id", "state", "state_reason", "version", "published_at", "updated_at"]

    @extend_schema_field(CriterionSerializer(many=True))
    def get_criteria(self, tender):
        criteria = getattr(tender, "tender_criteria", None)
        if criteria is None:
            criteria = [c for c in tender.criteria.all() if c.lot_id is None]
        return [_CRITERION.to_representation(c) for c in criteria]

    @extend_schema_field(
        serializers.IntegerField(
            allow_null=True,
            help_text="bids received; for the buyer only, and only from the opening on (null while "
            "the bids are sealed)",
        )
    )
    def get_bid_count(self, tender):
        if tender.buyer_id not in self.context.get("viewer_org_ids", set()):
            return None
        return tender.live_bid_count  # selectors.tender_bid_count_expression: null until the opening

    @extend_schema_field(AwardSerializer(many=True))
    def get_awards(self, tender):
        return [_AWARD.to_representation(award) for lot in tender.lots.all() for award in lot.awards.all()]


# One instance each, reused for every row: building a serializer per tender rebuilds its fields every time.
_CRITERION = CriterionSerializer()
_AWARD = AwardSerializer()


class TenderWriteSerializer(StrictSerializer):
    """Input for creating or changing a tender; lots and criteria replace the existing ones on drafts."""

    buyer = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.none(), required=False)
    title = serializers.CharField(max_length=250, required=False)
    description = serializers.CharField(required=False)
    procedure = serializers.ChoiceField(choices=Tender._meta.get_field("procedure").choices, required=False)
    legal_basis = serializers.ChoiceField(choices=Tender._meta.get_field("legal_basis").choices, required=False)
    main_cpv = serializers.CharField(max_length=10, required=False)
    place_of_performance = serializers.CharField(max_length=200, required=False, allow_blank=True)
    performance_country = serializers.CharField(max_length=2, required=False)
    performance_start = serializers.DateField(required=False, allow_null=True)
    performance_end = serializers.DateField(required=False, allow_null=True)
    estimated_value = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)
    currency = serializers.CharField(max_length=3, required=False)
    enquiry_deadline = serializers.DateTimeField(required=False)
    submission_deadline = serializers.DateTimeField(required=False)
    opening_at = serializers.DateTimeField(required=False)
    award_method = serializers.ChoiceField(choices=Tender._meta.get_field("award_method").choices, required=False)
    criteria = CriterionSerializer(many=True, required=False)
    required_badges = serializers.ListField(child=serializers.ChoiceField(choices=BadgeKind.choices), required=False)
    max_lots_per_supplier = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    standstill_days = serializers.IntegerField(min_value=0, max_value=60, required=False)
    lots = LotSerializer(many=True, required=False)
    reason = serializers.CharField(required=False, allow_blank=True, help_text="required for amendments")

    def service_data(self) -> dict:
        data = dict(self.validated_data)
        data.pop("buyer", None)
        data.pop("reason", None)
        if "lots" in data:
            data["lots"] = [
                {
                    **{k: v for k, v in lot.items() if k != "cpv_id"},
                    "cpv": lot.get("cpv_id"),
                    "criteria": [dict(c) for c in lot.get("criteria", [])],
                }
                for lot in data["lots"]
            ]
        if "criteria" in data:
            data["criteria"] = [dict(c) for c in data["criteria"]]
        return data


class QuestionSerializer(StrictModelSerializer):
    lot = serializers.PrimaryKeyRelatedField(queryset=Lot.objects.all(), required=False, allow_null=True)
    asker = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.none(),
        write_only=True,
        required=False,
        help_text="your organization; never shown",
    )

    class Meta:
        model = Question
        fields = ["id", "tender", "lot", "asker", "text", "asked_at", "answer", "answered_at"]
        read_only_fields = ["id", "tender", "asked_at", "answer", "answered_at"]


class AnswerSerializer(StrictSerializer):
    answer = serializers.CharField()


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


class ReasonSerializer(StrictSerializer):
    reason = serializers.CharField()


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


class DocumentSerializer(StrictSerializer):
    id = serializers.IntegerField(read_only=True)
    original_name = serializers.CharField(read_only=True)
    content_type = serializers.CharField(read_only=True)
    size = serializers.IntegerField(read_only=True)
    sha256 = serializers.CharField(read_only=True)
    download_url = serializers.SerializerMethodField()

    def get_download_url(self, document) -> str:
        kind = "bid-document" if hasattr(document, "bid_id") else "tender-document"
        return reverse(f"marketplace-api:{kind}-download", args=[document.pk])


class DocumentUploadSerializer(StrictSerializer):
    file = serializers.FileField()
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="needed once the tender is published (the upload is an amendment)",
    )


class NotificationSerializer(StrictModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "subject", "body", "link", "created_at", "read_at"]


class CommitteeWriteSerializer(StrictSerializer):
    members = serializers.ListField(
        child=serializers.IntegerField(),
        allow_empty=True,
        max_length=50,
        help_text="user ids; an empty list removes the committee",
    )


class CommitteeSerializer(StrictSerializer):
    members = UserSummarySerializer(many=True, help_text="who opens and scores the bids; empty: every officer")
    candidates = UserSummarySerializer(many=True, help_text="procurement officers of the buyer who may be named")
