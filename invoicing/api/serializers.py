"""Serializers of the invoicing API: invoices with lines, failed rules and payments; the inputs of each step."""

from __future__ import annotations

from rest_framework import serializers

from ..models import Invoice, InvoiceLine, Payment, RuleFinding


class FindingSerializer(serializers.ModelSerializer):
    class Meta:
        model = RuleFinding
        fields = ["rule_id", "rule_set", "flag", "field", "message", "location"]


class InvoiceLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = InvoiceLine
        fields = [
            "position",
            "line_id",
            "item_name",
            "quantity",
            "unit_code",
            "net_price",
            "net_amount",
            "vat_category",
            "vat_rate",
            "order_line_reference",
            "order_line",
        ]


class PaymentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Payment
        fields = ["id", "paid_on", "amount", "recorded_at"]


class InvoiceSerializer(serializers.ModelSerializer):
    seller_name = serializers.CharField(source="seller.legal_name", read_only=True)
    buyer_name = serializers.CharField(source="buyer.legal_name", read_only=True)
    lines = InvoiceLineSerializer(many=True, read_only=True)
    findings = FindingSerializer(
        many=True, read_only=True, help_text="failed official rules (and ALX-MATCH differences), by business term"
    )
    payments = PaymentSerializer(many=True, read_only=True)

    class Meta:
        model = Invoice
        fields = [
            "id",
            "number",
            "type_code",
            "state",
            "direction",
            "syntax",
            "is_valid",
            "seller",
            "seller_name",
            "buyer",
            "buyer_name",
            "contract",
            "order",
            "issue_date",
            "due_date",
            "currency",
            "buyer_reference",
            "contract_reference",
            "order_reference",
            "tax_exclusive_amount",
            "vat_amount",
            "tax_inclusive_amount",
            "payable_amount",
            "paid_amount",
            "dispute_reason",
            "dispute_answer",
            "rejection_reason",
            "difference_approved",
            "lines",
            "findings",
            "payments",
        ]
        read_only_fields = fields


class InvoiceListSerializer(InvoiceSerializer):
    class Meta(InvoiceSerializer.Meta):
        fields = [f for f in InvoiceSerializer.Meta.fields if f not in ("lines", "findings", "payments")]
        read_only_fields = fields


class DraftSerializer(serializers.Serializer):
    order = serializers.IntegerField(help_text="the order whose accepted, not yet invoiced quantities to invoice")
    number = serializers.CharField(
        required=False, allow_blank=True, max_length=100, help_text="BT-1; default the seller's next RE-<year>-<nnnn>"
    )
    issue_date = serializers.DateField(required=False)
    vat_category = serializers.ChoiceField(
        choices=["S", "Z", "E", "AE", "K", "G", "O"],
        required=False,
        help_text="default S at the seller's rate, AE across EU borders",
    )
    vat_rate = serializers.DecimalField(max_digits=5, decimal_places=2, required=False)
    exemption_reason = serializers.CharField(required=False, allow_blank=True, max_length=300)


class InvoiceReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, max_length=2000)


class InvoiceAnswerSerializer(serializers.Serializer):
    answer = serializers.CharField(allow_blank=True, max_length=2000)


class CreditSerializer(InvoiceReasonSerializer):
    number = serializers.CharField(required=False, allow_blank=True, max_length=100)


class ApproveSerializer(serializers.Serializer):
    approve_difference = serializers.BooleanField(default=False, help_text="accept the ALX-MATCH differences")


class PaymentInputSerializer(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=16, decimal_places=2)
    paid_on = serializers.DateField(required=False)
