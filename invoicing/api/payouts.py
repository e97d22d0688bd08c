"""API of consortium payouts: each member's share of every payment, and a member's statement (JSON, PDF, CSV)."""

from __future__ import annotations

import django_filters
from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from core.api.filters import AlxFilterSet
from core.api.viewsets import ReadOnlyBaseViewSet
from core.errors import ApplicationError

from ..models import Payout
from ..payouts import selectors
from ..payouts.statement import statement_csv, statement_filename, statement_pdf

OUTPUTS = {"json": None, "pdf": "application/pdf", "csv": "text/csv; charset=utf-8"}


class PayoutSerializer(serializers.ModelSerializer):
    consortium_name = serializers.CharField(source="consortium.legal_name", read_only=True)
    member_name = serializers.CharField(source="member.legal_name", read_only=True)
    invoice = serializers.IntegerField(source="payment.invoice_id", read_only=True)
    invoice_number = serializers.CharField(source="payment.invoice.number", read_only=True)
    currency = serializers.CharField(source="payment.invoice.currency", read_only=True)
    paid_on = serializers.DateField(source="payment.paid_on", read_only=True)
    payment_amount = serializers.DecimalField(
        source="payment.amount",
        max_digits=16,
        decimal_places=2,
        read_only=True,
        help_text="the whole payment to the consortium",
    )
    share = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        read_only=True,
        help_text="the member's agreed share (%) the payment was split by",
    )
    amount = serializers.DecimalField(
        max_digits=16,
        decimal_places=2,
        read_only=True,
        help_text="the member's share of the payment; a payment's shares add up to it",
    )

    class Meta:
        model = Payout
        fields = [
            "id",
            "consortium",
            "consortium_name",
            "member",
            "member_name",
            "payment",
            "invoice",
            "invoice_number",
            "paid_on",
            "payment_amount",
            "currency",
            "share",
            "basis",
            "amount",
            "agreement_version",
        ]
        read_only_fields = fields


class StatementTotalSerializer(serializers.Serializer):
    currency = serializers.CharField()
    amount = serializers.DecimalField(max_digits=16, decimal_places=2)


class StatementSerializer(serializers.Serializer):
    consortium = serializers.IntegerField(source="consortium.pk")
    consortium_name = serializers.CharField(source="consortium.legal_name")
    member = serializers.IntegerField(source="member.pk")
    member_name = serializers.CharField(source="member.legal_name")
    payouts = PayoutSerializer(many=True, source="rows")
    totals = serializers.SerializerMethodField()

    @extend_schema_field(StatementTotalSerializer(many=True))
    def get_totals(self, statement) -> list[dict]:
        """The member's total per currency."""
        return list(
            StatementTotalSerializer(
                [{"currency": currency, "amount": amount} for currency, amount in statement.totals], many=True
            ).data
        )


class PayoutFilter(AlxFilterSet):
    invoice = django_filters.NumberFilter(field_name="payment__invoice")

    class Meta:
        model = Payout
        fields = ["consortium", "member", "payment", "invoice"]


class PayoutViewSet(ReadOnlyBaseViewSet):
    """Consortium payouts: each current member's share of every payment recorded for the consortium's invoices,
    computed from the agreed cost and profit shares when the payment is recorded.

    Visible only to the people of the consortium and of its current member organizations; the buyer, a former
    member and anyone else get 404 (an empty list). `statement` gives one member's statement as JSON, or as a
    PDF or CSV file with `output=pdf|csv`.
    """

    serializer_class = PayoutSerializer
    filterset_class = PayoutFilter
    ordering_fields = ["id"]

    def visible_queryset(self, user):
        return selectors.payout_list_visible_to(user=user)

    @extend_schema(
        parameters=[
            OpenApiParameter("consortium", int, required=True, description="the consortium's organization"),
            OpenApiParameter("member", int, required=True, description="the member organization"),
            OpenApiParameter("output", str, enum=list(OUTPUTS), required=False, description="default json"),
        ],
        responses={
            (200, "application/json"): StatementSerializer,
            (200, "application/pdf"): OpenApiTypes.BINARY,
            (200, "text/csv"): OpenApiTypes.BINARY,
            404: OpenApiResponse(description="no such statement you may see"),
        },
    )
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def statement(self, request):
        """One member's payout statement: each payment to the consortium with the member's share, and totals."""
        output = request.query_params.get("output") or "json"
        errors = {}
        ids = {}
        for name in ("consortium", "member"):
            value = request.query_params.get(name, "")
            if not value.isdigit():
                errors[name] = [_("Give the organization's id.")]
            else:
                ids[name] = int(value)
        if output not in OUTPUTS:
            errors["output"] = [_("Choose json, pdf or csv.")]
        if errors:
            raise ApplicationError(_("Some parameters are not valid."), errors=errors)
        statement = selectors.payout_statement(
            user=request.user, consortium_id=ids["consortium"], member_id=ids["member"]
        )
        if statement is None:
            raise NotFound()
        if output == "json":
            return Response(StatementSerializer(statement).data)
        data = statement_pdf(statement) if output == "pdf" else statement_csv(statement)
        response = HttpResponse(data, content_type=OUTPUTS[output])
        response["Content-Disposition"] = f'attachment; filename="{statement_filename(statement, output)}"'
        response["Cache-Control"] = "private, no-store"
        return response
