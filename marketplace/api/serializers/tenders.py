"""Serializers of tenders with their lots, criteria and awards, questions and the evaluation committee."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from compliance.models import BadgeKind
from core.api.serializers import StrictModelSerializer, StrictSerializer
from organizations.api.serializers import UserSummarySerializer
from organizations.models import Organization

from ...models import Award, AwardCriterion, CriterionKind, Lot, Question, Tender
from .fields import AttributesField


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
