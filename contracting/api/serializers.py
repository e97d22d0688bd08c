"""Serializers of the contracting API: read shapes of contracts, orders, deliveries and events, and the bodies
of the write actions (each write goes through a service)."""

from __future__ import annotations

from rest_framework import serializers

from loghubs.models import Booking
from marketplace.models import Tender
from organizations.models import Organization

from ..models import (
    CONTRACT_LANGUAGES,
    AcceptanceOutcome,
    Contract,
    ContractLine,
    ContractRevision,
    ContractSignature,
    Delivery,
    DeliveryLine,
    EventKind,
    Order,
    OrderLine,
    TrackingEvent,
)
from ..units import unit_choices


class ContractLineSerializer(serializers.ModelSerializer):
    amount = serializers.DecimalField(max_digits=16, decimal_places=2, read_only=True)

    class Meta:
        model = ContractLine
        fields = ["id", "position", "lot", "description", "quantity", "unit", "unit_price", "amount"]


class SignatureSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.legal_name", read_only=True)
    signed_by = serializers.CharField(source="signed_by.email", read_only=True)

    class Meta:
        model = ContractSignature
        fields = ["organization", "organization_name", "signed_by", "signed_at", "pdf_sha256"]


class RevisionSerializer(serializers.ModelSerializer):
    signatures = SignatureSerializer(many=True, read_only=True)

    class Meta:
        model = ContractRevision
        fields = ["id", "number", "reason", "diff", "pdf_sha256", "created_at", "signed_at", "signatures"]


class ContractSerializer(serializers.ModelSerializer):
    buyer_name = serializers.CharField(source="buyer.legal_name", read_only=True)
    supplier_name = serializers.CharField(source="supplier.legal_name", read_only=True)
    supplier_members = serializers.SerializerMethodField()
    lots = serializers.SerializerMethodField()
    lines = ContractLineSerializer(many=True, read_only=True)
    revisions = RevisionSerializer(many=True, read_only=True)
    documents = serializers.SerializerMethodField()

    class Meta:
        model = Contract
        fields = [
            "id",
            "tender",
            "title",
            "state",
            "buyer",
            "buyer_name",
            "supplier",
            "supplier_name",
            "supplier_members",
            "lots",
            "is_framework",
            "value",
            "currency",
            "max_value",
            "max_quantity",
            "ordered_value",
            "ordered_quantity",
            "period_start",
            "period_end",
            "delivery_places",
            "payment_days",
            "skonto_percent",
            "skonto_days",
            "language",
            "termination_reason",
            "signed_at",
            "lines",
            "revisions",
            "documents",
            "created_at",
            "updated_at",
        ]

    def _terms(self, obj) -> dict:
        """The latest revision's frozen terms (prefetched with the contract)."""
        revisions = sorted(obj.revisions.all(), key=lambda revision: revision.number)
        return revisions[-1].terms if revisions else {}

    def get_supplier_members(self, obj) -> list[dict]:
        return self._terms(obj).get("supplier", {}).get("members", [])

    def get_lots(self, obj) -> list[dict]:
        return self._terms(obj).get("lots", [])

    def get_documents(self, obj) -> list[dict]:
        return self._terms(obj).get("documents", [])


class ContractDraftSerializer(serializers.Serializer):
    tender = serializers.PrimaryKeyRelatedField(queryset=Tender.objects.all())
    supplier = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())
    framework = serializers.BooleanField(default=False)
    max_value = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)
    max_quantity = serializers.DecimalField(max_digits=14, decimal_places=3, required=False, allow_null=True)
    payment_days = serializers.IntegerField(min_value=0, max_value=365, default=30)
    skonto_percent = serializers.DecimalField(max_digits=4, decimal_places=2, min_value=0, default=0)
    skonto_days = serializers.IntegerField(min_value=0, max_value=365, default=0)
    language = serializers.ChoiceField(
        choices=CONTRACT_LANGUAGES,
        required=False,
        help_text=(
            "the language of the contract's text and signed PDF, fixed for every revision; default: German for a "
            "buyer from DE, AT, CH or LI, else English"
        ),
    )


class ContractSignSerializer(serializers.Serializer):
    revision = serializers.IntegerField(required=False, help_text="revision number; default: the pending one")
    pdf_sha256 = serializers.CharField(required=False, max_length=64, help_text="SHA-256 of the PDF the signatory read")


class LineInputSerializer(serializers.Serializer):
    """A price or order line as given; the service checks it (errors name lines.<index>.<field>)."""

    contract_line = serializers.IntegerField(required=False)
    description = serializers.CharField(required=False, allow_blank=True, max_length=300)
    quantity = serializers.DecimalField(max_digits=14, decimal_places=3)
    unit = serializers.ChoiceField(choices=unit_choices(), required=False, help_text="UN/ECE Rec 20 unit code")
    unit_price = serializers.DecimalField(max_digits=14, decimal_places=4, required=False)
    delivery_date = serializers.DateField(required=False)
    delivery_place = serializers.CharField(required=False, allow_blank=True, max_length=200)


class AmendSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)
    value = serializers.DecimalField(max_digits=14, decimal_places=2, required=False)
    max_value = serializers.DecimalField(max_digits=14, decimal_places=2, required=False)
    max_quantity = serializers.DecimalField(max_digits=14, decimal_places=3, required=False)
    period_start = serializers.DateField(required=False)
    period_end = serializers.DateField(required=False)
    lines = LineInputSerializer(many=True, required=False)


class ContractReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)


class OrderLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrderLine
        fields = [
            "id",
            "position",
            "contract_line",
            "description",
            "quantity",
            "unit",
            "unit_price",
            "delivery_date",
            "delivery_place",
            "shipped_quantity",
            "accepted_quantity",
        ]


class OrderSerializer(serializers.ModelSerializer):
    lines = OrderLineSerializer(many=True, read_only=True)

    class Meta:
        model = Order
        fields = [
            "id",
            "contract",
            "number",
            "buyer_reference",
            "state",
            "total_value",
            "total_quantity",
            "confirmed_at",
            "cancel_reason",
            "lines",
            "created_at",
            "updated_at",
        ]


class OrderPlaceSerializer(serializers.Serializer):
    contract = serializers.PrimaryKeyRelatedField(queryset=Contract.objects.none())
    buyer_reference = serializers.CharField(required=False, allow_blank=True, max_length=100, default="")
    lines = LineInputSerializer(many=True)

    def __init__(self, *args, contracts=None, **kwargs):
        super().__init__(*args, **kwargs)
        if contracts is not None:
            self.fields["contract"].queryset = contracts


class DeliveryLineSerializer(serializers.ModelSerializer):
    position = serializers.IntegerField(source="order_line.position", read_only=True)

    class Meta:
        model = DeliveryLine
        fields = ["id", "order_line", "position", "quantity", "accepted_quantity", "rejection_reason"]


class DeliverySerializer(serializers.ModelSerializer):
    lines = DeliveryLineSerializer(many=True, read_only=True)
    proof = serializers.SerializerMethodField()
    acceptance = serializers.SerializerMethodField()

    class Meta:
        model = Delivery
        fields = [
            "id",
            "order",
            "number",
            "state",
            "promised_date",
            "carrier",
            "booking",
            "delivered_at",
            "is_late",
            "lines",
            "proof",
            "acceptance",
            "created_at",
            "updated_at",
        ]

    def get_proof(self, obj) -> dict | None:
        proof = getattr(obj, "proof", None)
        if proof is None:
            return None
        return {
            "receiver_name": proof.receiver_name,
            "received_at": proof.received_at,
            "place": proof.place,
            "file_name": proof.original_name,
            "sha256": proof.sha256,
        }

    def get_acceptance(self, obj) -> dict | None:
        acceptance = getattr(obj, "acceptance", None)
        if acceptance is None:
            return None
        return {"outcome": acceptance.outcome, "note": acceptance.note, "decided_at": acceptance.decided_at}


class DeliveryLineInputSerializer(serializers.Serializer):
    order_line = serializers.IntegerField()
    quantity = serializers.DecimalField(max_digits=14, decimal_places=3)


class DeliveryCreateSerializer(serializers.Serializer):
    order = serializers.PrimaryKeyRelatedField(queryset=Order.objects.none())
    lines = DeliveryLineInputSerializer(many=True)
    promised_date = serializers.DateField(required=False)
    carrier = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")

    def __init__(self, *args, orders=None, **kwargs):
        super().__init__(*args, **kwargs)
        if orders is not None:
            self.fields["order"].queryset = orders


class BookingLinkSerializer(serializers.Serializer):
    booking = serializers.PrimaryKeyRelatedField(queryset=Booking.objects.all(), allow_null=True)


class ProofSerializer(serializers.Serializer):
    receiver_name = serializers.CharField(max_length=200)
    received_at = serializers.DateTimeField()
    place = serializers.CharField(max_length=200)
    file = serializers.FileField(help_text="signature or photo: PDF, PNG or JPEG, up to 10 MB")


class AcceptLineSerializer(serializers.Serializer):
    delivery_line = serializers.IntegerField()
    accepted_quantity = serializers.DecimalField(max_digits=14, decimal_places=3, min_value=0)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class AcceptSerializer(serializers.Serializer):
    lines = AcceptLineSerializer(
        many=True, required=False, help_text="lines not given are accepted in full; less than delivered needs a reason"
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class AcceptanceResultSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=AcceptanceOutcome.choices)


class TrackingEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = TrackingEvent
        fields = [
            "id",
            "delivery",
            "external_id",
            "kind",
            "occurred_at",
            "recorded_at",
            "location",
            "hub",
            "reason",
            "source",
        ]


class EventInputSerializer(serializers.Serializer):
    """One event: `external_id` is the sender's id of it (sending it again changes nothing)."""

    delivery = serializers.IntegerField()
    external_id = serializers.CharField(max_length=100, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=EventKind.choices)
    occurred_at = serializers.DateTimeField(required=False)
    location = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    hub = serializers.IntegerField(required=False, allow_null=True)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class EventBatchSerializer(serializers.Serializer):
    """Documentation of the bulk body; the service reads and checks it (500 events at most, all or nothing)."""

    events = EventInputSerializer(many=True)


class IngestResultSerializer(serializers.Serializer):
    received = serializers.IntegerField()
    stored = serializers.IntegerField()
    duplicates = serializers.IntegerField()


class UnitSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class BookingContractSerializer(serializers.Serializer):
    delivery = serializers.IntegerField(source="pk")
    booking = serializers.IntegerField(source="booking_id")
    hub = serializers.CharField(source="booking.slot.service.hub.name")
    contract = serializers.IntegerField(source="order.contract_id")
    contract_title = serializers.CharField(source="order.contract.title")
    buyer = serializers.CharField(source="order.contract.buyer.legal_name")
    supplier = serializers.CharField(source="order.contract.supplier.legal_name")
