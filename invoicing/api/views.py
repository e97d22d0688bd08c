"""API views of the invoicing app: validate a posted e-invoice; invoices from draft or import to payment."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from contracting.selectors import order_list_visible_to
from core.api.viewsets import BaseViewSet
from core.errors import ApplicationError

from .. import selectors, services
from ..en16931.documents import inspect
from ..renditions import invoice_rendition
from . import serializers as s
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
        request={
            "application/xml": OpenApiTypes.BINARY,
            "text/xml": OpenApiTypes.BINARY,
            "application/pdf": OpenApiTypes.BINARY,
        },
        parameters=[
            OpenApiParameter(
                "syntax",
                str,
                enum=["UBL", "CII"],
                required=False,
                description="the syntax you send; another one is refused",
            )
        ],
        responses={
            200: ValidationResultSerializer,
            400: OpenApiResponse(description="unreadable document, or the failed rules by business term"),
        },
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
                errors=report.error_dict(),
                code="invoice_rules_failed",
            )
        totals = result.invoice.totals
        body = {
            "valid": True,
            "syntax": result.syntax,
            "number": result.invoice.number,
            "type_code": result.invoice.type_code,
            "currency": result.invoice.currency,
            "payable_amount": totals.payable,
            "tax_exclusive_amount": totals.tax_exclusive,
            "vat_amount": totals.vat,
            "advice": [
                {
                    "rule_id": f.rule_id,
                    "rule_set": f.rule_set,
                    "flag": f.flag,
                    "field": f.field,
                    "message": f.message,
                    "location": f.location,
                }
                for f in report.warnings
            ],
        }
        return Response(ValidationResultSerializer(body).data)


class InvoiceViewSet(BaseViewSet):
    """Invoices and credit notes you are a party to (seller, buyer, or a member of the selling consortium).

    POST draws up an XRechnung draft from an order's accepted, not yet invoiced quantities (the seller);
    `import` takes a document from the supplier's own system (UBL or CII as `application/xml`, Factur-X as
    `application/pdf`), validates and three-way matches it. `send` refuses a draft that fails a rule, naming each
    rule under its business term. `document?syntax=UBL|CII|FACTURX` downloads it. The buyer approves, disputes,
    rejects and records payments; the seller answers a dispute and issues credit notes.
    """

    http_method_names = ["get", "post", "head", "options"]
    serializer_class = s.InvoiceSerializer
    ordering_fields = ["issue_date", "due_date", "payable_amount"]
    object_action_permissions = {
        "send": "change",
        "credit_note": "change",
        "approve": "change",
        "dispute": "change",
        "answer": "change",
        "reject": "change",
        "pay": "change",
        "document": "view",
    }

    def visible_queryset(self, user):
        queryset = selectors.invoice_list_visible_to(user=user)
        if getattr(self, "action", None) != "list":
            queryset = queryset.prefetch_related("lines", "findings", "payments")
        return queryset

    def get_serializer_class(self):
        return s.InvoiceListSerializer if self.action == "list" else s.InvoiceSerializer

    def _answer(self, invoice, code=status.HTTP_200_OK):
        self.ensure_still_visible(invoice)
        return Response(s.InvoiceSerializer(self.get_queryset().get(pk=invoice.pk)).data, status=code)

    def _payload(self, serializer_class):
        payload = serializer_class(data=self.request.data)
        payload.is_valid(raise_exception=True)
        return payload.validated_data

    @extend_schema(request=s.DraftSerializer, responses={201: s.InvoiceSerializer})
    def create(self, request, *args, **kwargs):
        data = self._payload(s.DraftSerializer)
        order = order_list_visible_to(user=request.user).filter(pk=data.pop("order")).first()
        if order is None:
            raise ApplicationError(
                _("Choose an order of a contract you supply."),
                errors={"order": [_("Choose an order of a contract you supply.")]},
            )
        invoice = services.invoice_draft_from_order(order=order, by=request.user, **data)
        return self._answer(invoice, status.HTTP_201_CREATED)

    @extend_schema(
        operation_id="invoicing_invoices_import",
        request={
            "application/xml": OpenApiTypes.BINARY,
            "text/xml": OpenApiTypes.BINARY,
            "application/pdf": OpenApiTypes.BINARY,
        },
        parameters=[
            OpenApiParameter(
                "syntax",
                str,
                enum=["UBL", "CII"],
                required=False,
                description="the syntax you send; another one is refused",
            )
        ],
        responses={
            201: s.InvoiceSerializer,
            400: OpenApiResponse(description="unreadable document, or failed rules by business term"),
            409: OpenApiResponse(description="duplicate number, or above the accepted value (BT-109)"),
        },
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        parser_classes=[XMLBodyParser, TextXMLBodyParser, PDFBodyParser],
    )
    def import_document(self, request):
        """Import an invoice from the supplier's system; it goes to the buyer as sent, with its differences."""
        expected = request.query_params.get("syntax") or None
        if expected not in (None, "UBL", "CII"):
            raise ApplicationError(_("syntax must be UBL or CII."), errors={"syntax": [_("Choose UBL or CII.")]})
        invoice = services.invoice_import(
            data=request.data or b"", content_type=request.content_type, by=request.user, expected=expected
        )
        return self._answer(invoice, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=s.InvoiceSerializer)
    @action(detail=True, methods=["post"])
    def send(self, request, pk=None):
        return self._answer(services.invoice_send(invoice=self.get_object(), by=request.user))

    @extend_schema(request=s.CreditSerializer, responses={201: s.InvoiceSerializer})
    @action(detail=True, methods=["post"], url_path="credit-note")
    def credit_note(self, request, pk=None):
        data = self._payload(s.CreditSerializer)
        return self._answer(
            services.invoice_credit_note(invoice=self.get_object(), by=request.user, **data), status.HTTP_201_CREATED
        )

    @extend_schema(request=s.ApproveSerializer, responses=s.InvoiceSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        data = self._payload(s.ApproveSerializer)
        return self._answer(services.invoice_approve(invoice=self.get_object(), by=request.user, **data))

    @extend_schema(request=s.InvoiceReasonSerializer, responses=s.InvoiceSerializer)
    @action(detail=True, methods=["post"])
    def dispute(self, request, pk=None):
        data = self._payload(s.InvoiceReasonSerializer)
        return self._answer(services.invoice_dispute(invoice=self.get_object(), by=request.user, **data))

    @extend_schema(request=s.InvoiceAnswerSerializer, responses=s.InvoiceSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        data = self._payload(s.InvoiceAnswerSerializer)
        return self._answer(services.invoice_answer(invoice=self.get_object(), by=request.user, **data))

    @extend_schema(request=s.InvoiceReasonSerializer, responses=s.InvoiceSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        data = self._payload(s.InvoiceReasonSerializer)
        return self._answer(services.invoice_reject(invoice=self.get_object(), by=request.user, **data))

    @extend_schema(request=s.PaymentInputSerializer, responses={201: s.InvoiceSerializer})
    @action(detail=True, methods=["post"])
    def pay(self, request, pk=None):
        """Record a (partial) payment: date and amount."""
        invoice = self.get_object()
        services.payment_record(invoice=invoice, by=request.user, **self._payload(s.PaymentInputSerializer))
        return self._answer(invoice, status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[
            OpenApiParameter("syntax", str, enum=["UBL", "CII", "FACTURX"], required=False, description="default UBL")
        ],
        responses={(200, "application/xml"): OpenApiTypes.BINARY, (200, "application/pdf"): OpenApiTypes.BINARY},
    )
    @action(detail=True, methods=["get"])
    def document(self, request, pk=None):
        """The invoice as XRechnung UBL or CII (application/xml) or as a Factur-X PDF (application/pdf)."""
        syntax = (request.query_params.get("syntax") or "UBL").upper()
        if syntax not in ("UBL", "CII", "FACTURX"):
            raise ApplicationError(
                _("syntax must be UBL, CII or FACTURX."), errors={"syntax": [_("Choose UBL, CII or FACTURX.")]}
            )
        data, content_type, filename = invoice_rendition(invoice=self.get_object(), syntax=syntax)
        response = HttpResponse(data, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "private, no-store"
        return response
