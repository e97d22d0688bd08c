"""API of the invoicing reports: the platform's SME share of awarded and paid value (public, aggregates only)."""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from ..reports.common import Period
from ..reports.sme_share import CLASS_ORDER, OTHER_COUNTRIES, sme_share


def _amount(help_text: str = "") -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=18, decimal_places=2, help_text=help_text)


def _share(help_text: str) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True, help_text=help_text)


class PeriodQuerySerializer(serializers.Serializer):
    since = serializers.DateField(required=False, help_text="count final awards and payments from this day (ISO)")
    until = serializers.DateField(required=False, help_text="... until this day, inclusive")

    def validate(self, attrs):
        if attrs.get("since") and attrs.get("until") and attrs["since"] > attrs["until"]:
            raise serializers.ValidationError({"until": ["The period ends before it starts."]})
        return attrs


class ShareRowSerializer(serializers.Serializer):
    key = serializers.CharField(
        help_text=f"SME class ({', '.join(map(str, CLASS_ORDER))}) or ISO 3166 country "
        f"code; `{OTHER_COUNTRIES}` pools countries with too few suppliers"
    )
    name = serializers.CharField(source="label", help_text="the class or country, in the language of Accept-Language")
    is_sme = serializers.BooleanField(
        allow_null=True, help_text="for a class: whether it counts as SME; null for a country"
    )
    awarded = _amount("price of the final awards, net of VAT")
    paid = _amount("payments recorded, net of VAT (pro rata of each invoice)")
    awarded_suppliers = serializers.IntegerField(help_text="distinct suppliers with a final award")
    paid_suppliers = serializers.IntegerField(help_text="distinct suppliers that were paid")
    awarded_share = _share("% of the currency's awarded value; null if none")
    paid_share = _share("% of the currency's paid value; null if none")


class CurrencyShareSerializer(serializers.Serializer):
    currency = serializers.CharField(help_text="ISO 4217; values are never converted between currencies")
    awarded = _amount("platform total of final awards")
    paid = _amount("platform total paid, net of VAT")
    sme_awarded = _amount()
    sme_paid = _amount()
    sme_awarded_share = _share("% of awarded value that went to SMEs")
    sme_paid_share = _share("% of paid value that went to SMEs")
    by_class = ShareRowSerializer(many=True)
    by_country = ShareRowSerializer(many=True)


class SmeShareSerializer(serializers.Serializer):
    since = serializers.DateField(allow_null=True)
    until = serializers.DateField(allow_null=True)
    min_suppliers = serializers.IntegerField(help_text="countries with fewer suppliers are pooled under `other`")
    currencies = CurrencyShareSerializer(many=True, help_text="EUR first")


class SmeShareView(APIView):
    """The share of awarded and of paid value that went to SMEs on ALX, by SME class and by country.

    Public (no token needed): aggregates of final awards and recorded payments only, never a single contract,
    bid or payment. An SME is a micro, small or medium-sized enterprise by the EU definition; a consortium
    counts as one when every current member is one (`consortium_sme`), else `consortium_other`. Values are net
    of VAT, per currency. `since`/`until` limit the awards by the day they became final and the payments by
    the day they were made.
    """

    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="invoicing_sme_share",
        parameters=[PeriodQuerySerializer],
        responses={200: SmeShareSerializer, 400: OpenApiResponse(description="a date is not ISO 8601")},
    )
    def get(self, request):
        query = PeriodQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        period = Period(since=query.validated_data.get("since"), until=query.validated_data.get("until"))
        body = {
            "since": period.since,
            "until": period.until,
            "min_suppliers": settings.SME_SHARE_MIN_SUPPLIERS,
            "currencies": sme_share(period=period),
        }
        return Response(SmeShareSerializer(body).data)
