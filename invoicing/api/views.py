"""API views of the invoicing app: validate a posted e-invoice against the official rules."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from config.errors import ApplicationError

from ..en16931.documents import inspect
from .parsers import PDFBodyParser, TextXMLBodyParser, XMLBodyParser


class RuleSerializer(serializers.Serializer):
    rule_id = serializers.CharField()
    rule_set = serializers.CharField()
    flag = serializers.CharField(help_text="fatal or error reject the invoice; warning and information are advice")
    field = serializers.CharField(help_text="the business term (BT-n / BG-n) the rule names, else the element path")
    message = serializers.CharField()
    location = serializers.CharField()


class ValidationResultSerializer(serializers.Serializer):
    valid = serializers.BooleanField()
    syntax = serializers.ChoiceField(choices=["UBL", "CII", "FACTURX"])
    number = serializers.CharField(help_text="BT-1")
    type_code = serializers.CharField(help_text="BT-3: 380 invoice, 381 credit note, ...")
    currency = serializers.CharField(help_text="BT-5")
    payable_amount = serializers.DecimalField(max_digits=16, decimal_places=2, help_text="BT-115")
    tax_exclusive_amount = serializers.DecimalField(max_digits=16, decimal_places=2, help_text="BT-109")
    vat_amount = serializers.DecimalField(max_digits=16, decimal_places=2, help_text="BT-110")
    advice = RuleSerializer(many=True, help_text="warnings and information notes of the rules")


class InvoiceValidateView(APIView):
    """Validate an e-invoice with the official EN 16931 and XRechnung rules; nothing is stored.

    Post the document as the body: `application/xml` (or `text/xml`) for XRechnung UBL or CII,
    `application/pdf` for Factur-X / ZUGFeRD (its embedded CII is checked). `?syntax=UBL` or `?syntax=CII`
    declares what you send; another syntax is refused. A valid invoice answers 200 with its key figures and
    any advice; one that fails a rule answers 400 in the error format with each failed rule under the
    business term it concerns, e.g. `{"BT-10": ["[BR-DE-15] ..."]}`. Malformed XML, a DOCTYPE (entities),
    a wrong root or namespace answer 400 naming the element.
    """

    parser_classes = [XMLBodyParser, TextXMLBodyParser, PDFBodyParser]

    @extend_schema(
        operation_id="invoicing_validate",
        request={"application/xml": OpenApiTypes.BINARY, "text/xml": OpenApiTypes.BINARY,
                 "application/pdf": OpenApiTypes.BINARY},
        parameters=[OpenApiParameter("syntax", str, enum=["UBL", "CII"], required=False,
                                     description="the syntax you send; another one is refused")],
        responses={200: ValidationResultSerializer,
                   400: OpenApiResponse(description="unreadable document, or the failed rules by business term")},
    )
    def post(self, request):
        expected = request.query_params.get("syntax") or None
        if expected not in (None, "UBL", "CII"):
            raise ApplicationError(_("syntax must be UBL or CII."), errors={"syntax": [_("Choose UBL or CII.")]})
        result = inspect(request.data or b"", content_type=request.content_type, expected=expected)
        report = result.report
        if not report.is_valid:
            raise ApplicationError(
                _("The invoice fails %(count)d of the official rules.") % {"count": len(report.errors)},
                errors=report.error_dict(), code="invoice_rules_failed")
        totals = result.invoice.totals
        body = {
            "valid": True, "syntax": result.syntax, "number": result.invoice.number,
            "type_code": result.invoice.type_code, "currency": result.invoice.currency,
            "payable_amount": totals.payable, "tax_exclusive_amount": totals.tax_exclusive, "vat_amount": totals.vat,
            "advice": [{"rule_id": f.rule_id, "rule_set": f.rule_set, "flag": f.flag, "field": f.field,
                        "message": f.message, "location": f.location} for f in report.warnings],
        }
        return Response(ValidationResultSerializer(body).data)
