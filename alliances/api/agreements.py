"""Agreement endpoints of the alliances API: generate, versions, propose a clause, diff, HTML/PDF, sign."""

from django.http import HttpResponse
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from core.api.serializers import StrictModelSerializer, StrictSerializer

from ..agreements.diff import agreement_diff
from ..agreements.rendering import agreement_render_html, agreement_render_pdf
from ..agreements.services import agreement_generate, agreement_sign, background_ip_add, clause_propose
from ..models import AgreementVersion


class GenerateSerializer(StrictSerializer):
    language = serializers.ChoiceField(choices=["en", "de"], default="en")
    liability_cap = serializers.IntegerField(min_value=0, help_text="euros")
    arbitration_seat = serializers.CharField()
    governing_law = serializers.CharField()
    notice_days = serializers.IntegerField(min_value=0, required=False)
    liability = serializers.ChoiceField(choices=["several", "joint"], required=False)
    foreground_ip = serializers.ChoiceField(choices=["creator", "joint", "lead"], required=False)
    ip_licensing = serializers.ChoiceField(choices=["royalty_free", "fair_reasonable"], required=False)


class VersionSerializer(StrictModelSerializer):
    signatures = serializers.SerializerMethodField()

    class Meta:
        model = AgreementVersion
        fields = [
            "id",
            "number",
            "clauses",
            "change_note",
            "changed_clause",
            "created_by_organization",
            "created_at",
            "pdf_sha256",
            "signatures",
        ]

    def get_signatures(self, version) -> list[dict]:
        return [
            {"organization": s.organization_id, "signed_at": s.signed_at, "pdf_sha256": s.pdf_sha256}
            for s in version.signatures.all()
        ]


class ProposeSerializer(StrictSerializer):
    clause = serializers.CharField(help_text="clause key, e.g. confidentiality")
    text = serializers.CharField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class SignSerializer(StrictSerializer):
    organization = serializers.IntegerField(help_text="the member organization you sign for")
    pdf_sha256 = serializers.CharField(required=False, help_text="SHA-256 of the PDF you read")


class BackgroundIpSerializer(StrictSerializer):
    organization = serializers.IntegerField()
    description = serializers.CharField()
    terms = serializers.CharField()


class AgreementActions:
    """Mixed into the AllianceViewSet; every action needs a workspace member (`_workspace()`)."""

    def _version(self, alliance, number):
        version = AgreementVersion.objects.filter(agreement__alliance=alliance, number=number).first()
        if version is None:
            raise NotFound("No such version of the agreement.")
        return version

    @extend_schema(request=GenerateSerializer, responses={200: VersionSerializer(many=True)})
    @action(detail=True, methods=["get", "post"], url_path="agreement")
    def agreement(self, request, pk=None):
        """GET: every version with its signatures. POST: draw up the agreement (version 1) from the library."""
        alliance = self._workspace()
        if request.method == "POST":
            payload = GenerateSerializer(data=request.data)
            payload.is_valid(raise_exception=True)
            data = dict(payload.validated_data)
            agreement_generate(alliance=alliance, by=request.user, language=data.pop("language"), settings=data)
        versions = AgreementVersion.objects.filter(agreement__alliance=alliance).prefetch_related("signatures")
        code = status.HTTP_201_CREATED if request.method == "POST" else status.HTTP_200_OK
        return Response(VersionSerializer(versions.order_by("number"), many=True).data, status=code)

    @extend_schema(request=ProposeSerializer, responses={201: VersionSerializer})
    @action(detail=True, methods=["post"], url_path="agreement/propose")
    def agreement_propose(self, request, pk=None):
        """Propose a new text for one clause: a new version that needs everyone's signature."""
        alliance = self._workspace()
        payload = ProposeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        version = clause_propose(
            alliance=alliance,
            clause_key=payload.validated_data["clause"],
            text=payload.validated_data["text"],
            note=payload.validated_data["note"],
            by=request.user,
        )
        return Response(VersionSerializer(version).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[
            OpenApiParameter("a", int),
            OpenApiParameter("b", int),
            OpenApiParameter("level", str, enum=["word", "line"]),
        ],
        responses={200: OpenApiResponse(description="clause-by-clause differences")},
    )
    @action(detail=True, methods=["get"], url_path="agreement/diff")
    def agreement_diff(self, request, pk=None):
        alliance = self._workspace()
        params = request.query_params
        if not (params.get("a", "").isdigit() and params.get("b", "").isdigit()):
            raise serializers.ValidationError({"a": ["Give version numbers a and b."]})
        return Response(
            agreement_diff(
                version_a=self._version(alliance, int(params["a"])),
                version_b=self._version(alliance, int(params["b"])),
                level=params.get("level", "word"),
            )
        )

    @extend_schema(
        parameters=[OpenApiParameter("version", int), OpenApiParameter("format", str, enum=["pdf", "html"])],
        responses={(200, "application/pdf"): OpenApiResponse(description="The agreement")},
    )
    @action(detail=True, methods=["get"], url_path="agreement/document")
    def agreement_document(self, request, pk=None):
        alliance = self._workspace()
        version = self._version(alliance, int(request.query_params.get("version") or 0) or 1)
        if request.query_params.get("format") == "html":
            return HttpResponse(
                agreement_render_html(version=version, standalone=True), content_type="text/html; charset=utf-8"
            )
        response = HttpResponse(agreement_render_pdf(version=version), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="agreement-{alliance.pk}-v{version.number}.pdf"'
        return response

    @extend_schema(request=SignSerializer, responses={201: VersionSerializer})
    @action(detail=True, methods=["post"], url_path=r"agreement/versions/(?P<number>\d+)/sign")
    def agreement_sign(self, request, pk=None, number=None):
        """Sign a version for one of your member organizations (its administrators only; the latest only)."""
        alliance = self._workspace()
        payload = SignSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        member = (
            alliance.members.filter(organization_id=payload.validated_data["organization"], left_at__isnull=True)
            .select_related("organization")
            .first()
        )
        if member is None:
            raise NotFound("That organization is not a member.")
        version = self._version(alliance, int(number))
        agreement_sign(
            version=version,
            organization=member.organization,
            by=request.user,
            pdf_sha256=payload.validated_data.get("pdf_sha256"),
        )
        return Response(VersionSerializer(version).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=BackgroundIpSerializer, responses={201: VersionSerializer(many=True)})
    @action(detail=True, methods=["post"], url_path="agreement/background-ip")
    def agreement_background_ip(self, request, pk=None):
        """Add to a member's background IP schedule (what it brings and on what terms)."""
        alliance = self._workspace()
        payload = BackgroundIpSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        member = (
            alliance.members.filter(organization_id=payload.validated_data["organization"], left_at__isnull=True)
            .select_related("organization")
            .first()
        )
        if member is None:
            raise NotFound("That organization is not a member.")
        background_ip_add(
            alliance=alliance,
            organization=member.organization,
            by=request.user,
            description=payload.validated_data["description"],
            terms=payload.validated_data["terms"],
        )
        versions = AgreementVersion.objects.filter(agreement__alliance=alliance).order_by("number")
        return Response(VersionSerializer(versions, many=True).data, status=status.HTTP_201_CREATED)
