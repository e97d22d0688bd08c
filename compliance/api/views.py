"""ViewSets of the compliance API: frameworks, assessments with answers and evidence, review, badges,
sharing, licences and export screening."""

from django.db.models import Prefetch
from django.http import HttpResponse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from core.api.parsers import SafeJSONParser
from core.api.viewsets import ActionViewSet, BaseViewSet, ReadOnlyBaseViewSet
from core.files import private_download
from organizations.selectors import organizations_of, organizations_where_admin

from .. import exports, selectors, services
from ..models import Assessment, Badge, Evidence, Framework, Licence, Question, ReadinessShare, Requirement
from . import serializers as s
from .filters import AssessmentFilter, BadgeFilter, EvidenceFilter


class FrameworkViewSet(ReadOnlyBaseViewSet):
    """The current readiness frameworks; the detail holds the requirement tree with its questions."""

    http_method_names = ["get", "head", "options"]
    filter_backends: list = []

    def visible_queryset(self, user):
        if user is None:
            return Framework.objects.all()
        if self.action == "retrieve":
            requirements = Requirement.objects.select_related("parent").prefetch_related(
                Prefetch("questions", Question.objects.select_related("depends_on").prefetch_related("choices"))
            )
            return selectors.framework_list().prefetch_related(Prefetch("requirements", requirements))
        return selectors.framework_list()

    def get_serializer_class(self):
        return s.FrameworkDetailSerializer if self.action == "retrieve" else s.FrameworkSerializer


class AssessmentViewSet(BaseViewSet):
    """Your organizations' assessments, and those shared with you or submitted for your review."""

    http_method_names = ["get", "post", "head", "options"]
    filterset_class = AssessmentFilter
    ordering_fields = ["updated_at", "created_at"]
    # Reviewing needs only to see the assessment (reviewers see every submitted one); the services decide who
    # reviews: a compliance reviewer, never of their own organization, one at a time.
    object_action_permissions = {
        "comments": "view",
        "decision": "view",
        "review_take": "view",
        "review_release": "view",
        "export": "view",
        "soa": "view",
    }

    def visible_queryset(self, user):
        return Assessment.objects.all() if user is None else selectors.assessment_list_visible_to(user=user)

    def get_serializer_class(self):
        return s.AssessmentDetailSerializer if self.action == "retrieve" else s.AssessmentSerializer

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        if self.action == "create" and not getattr(self, "swagger_fake_view", False):
            serializer.fields["organization"].queryset = organizations_of(user=self.request.user)
        return serializer

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.assessment_start(
            organization=data["organization"], framework=data["framework"], by=self.request.user
        )

    @extend_schema(
        request=s.AnswerInputSerializer, responses={200: s.AnswerSerializer(many=True), 201: s.AnswerSerializer}
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def answers(self, request, pk=None):
        """GET: the answers so far. POST: answer one requirement (and its questions)."""
        assessment = self.get_object()
        if request.method == "GET":
            answers = assessment.answers.select_related("requirement").order_by("requirement__position")
            return Response(s.AnswerSerializer(answers, many=True).data)
        payload = s.AnswerInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        answer = services.assessment_answer(assessment=assessment, by=request.user, **payload.validated_data)
        return Response(s.AnswerSerializer(answer).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=s.AssessmentDetailSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Send the assessment for the plausibility check (every requirement must be answered)."""
        assessment = services.assessment_submit(assessment=self.get_object(), by=request.user)
        return Response(s.AssessmentDetailSerializer(assessment).data)

    @extend_schema(
        request={"multipart/form-data": s.EvidenceUploadSerializer},
        responses={200: s.EvidenceSerializer(many=True), 201: s.EvidenceSerializer},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        parser_classes=[MultiPartParser, FormParser, SafeJSONParser],
        pagination_class=None,
        filter_backends=[],
    )
    def evidence(self, request, pk=None):
        """GET: evidence files with their versions. POST (multipart): upload a file for a requirement."""
        assessment = self.get_object()
        if request.method == "GET":
            items = assessment.evidence.select_related("requirement").order_by("requirement__position", "-version")
            return Response(s.EvidenceSerializer(items, many=True).data)
        payload = s.EvidenceUploadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        replaces_id = data.pop("replaces", None)
        replaces = assessment.evidence.filter(pk=replaces_id).first() if replaces_id else None
        if replaces_id and replaces is None:
            raise NotFound("The evidence to replace does not exist in this assessment.")
        evidence = services.evidence_upload(
            assessment=assessment, upload=data.pop("file"), replaces=replaces, by=request.user, **data
        )
        return Response(s.EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ReviewCommentSerializer, responses=s.ReviewCommentSerializer(many=True))
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def comments(self, request, pk=None):
        """The reviewer's comments per requirement; reviewers add one with POST."""
        assessment = self.get_object()
        if request.method == "POST":
            payload = s.ReviewCommentSerializer(data=request.data)
            payload.is_valid(raise_exception=True)
            services.review_comment_add(
                assessment=assessment,
                reviewer=request.user,
                requirement=payload.validated_data["requirement"]["code"],
                text=payload.validated_data["text"],
            )
        comments = assessment.comments.select_related("requirement")
        return Response(
            s.ReviewCommentSerializer(comments, many=True).data,
            status=status.HTTP_201_CREATED if request.method == "POST" else status.HTTP_200_OK,
        )

    @extend_schema(request=s.ReviewDecisionSerializer, responses=s.AssessmentDetailSerializer)
    @action(detail=True, methods=["post"])
    def decision(self, request, pk=None):
        """The reviewer's decision: accepted (issues the checked badge), needs_more or rejected."""
        assessment = self.get_object()
        payload = s.ReviewDecisionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.review_decide(assessment=assessment, reviewer=request.user, **payload.validated_data)
        assessment.refresh_from_db()
        return Response(s.AssessmentDetailSerializer(assessment).data)

    def _review_holder(self, assessment):
        reviewer = selectors.assessment_reviewer(assessment=assessment)
        return Response(
            s.ReviewHolderSerializer(
                {"assessment": assessment.pk, "reviewer": reviewer.email if reviewer else None}
            ).data
        )

    @extend_schema(request=None, responses=s.ReviewHolderSerializer)
    @action(detail=True, methods=["post"], url_path="review-take")
    def review_take(self, request, pk=None):
        """Take a submitted assessment for review (compliance reviewers): from now on only you comment on it and
        decide, also when it comes back after "needs more", until you release it. Taking one you hold is a no-op;
        one a colleague holds answers 403."""
        return self._review_holder(services.review_take(assessment=self.get_object(), reviewer=request.user))

    @extend_schema(request=None, responses=s.ReviewHolderSerializer)
    @action(detail=True, methods=["post"], url_path="review-release")
    def review_release(self, request, pk=None):
        """Give a taken assessment back to the queue: the reviewer who took it, or a platform administrator (for
        a reviewer who is away). Nobody holding it answers 409."""
        return self._review_holder(services.review_release(assessment=self.get_object(), reviewer=request.user))

    @extend_schema(responses={(200, "text/csv"): OpenApiResponse(description="The answers as CSV")})
    @action(detail=True, methods=["get"])
    def export(self, request, pk=None):
        assessment = self.get_object()
        return _csv_response(exports.assessment_csv(assessment=assessment), f"assessment-{assessment.pk}.csv")

    @extend_schema(responses={(200, "text/csv"): OpenApiResponse(description="Statement of Applicability")})
    @action(detail=True, methods=["get"])
    def soa(self, request, pk=None):
        """The Statement of Applicability of an ISO 27001 assessment."""
        assessment = self.get_object()
        if assessment.framework.key != "iso27001":
            raise NotFound("A Statement of Applicability exists only for ISO 27001 assessments.")
        return _csv_response(exports.statement_of_applicability(assessment=assessment), f"soa-{assessment.pk}.csv")


def _csv_response(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class EvidenceViewSet(BaseViewSet):
    """Evidence files you may see; the file itself only through `download` (never a public URL)."""

    serializer_class = s.EvidenceSerializer
    http_method_names = ["get", "head", "options"]
    filterset_class = EvidenceFilter

    def visible_queryset(self, user):
        return (
            Evidence.objects.all()
            if user is None
            else selectors.evidence_list_visible_to(user=user).order_by("-uploaded_at", "-id")
        )

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiResponse(description="The file")})
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        evidence = self.get_object()
        return private_download(evidence.file, filename=evidence.original_name, content_type=evidence.content_type)


class BadgeViewSet(ReadOnlyBaseViewSet):
    """Badges: valid ones of everybody (public), plus your own inactive ones. Scores only where shared."""

    serializer_class = s.BadgeSerializer
    http_method_names = ["get", "post", "head", "options"]
    filterset_class = BadgeFilter
    object_action_permissions = {"suspend": "change", "revoke": "change"}

    def visible_queryset(self, user):
        return Badge.objects.all() if user is None else selectors.badge_list_visible_to(user=user)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.request.user.is_authenticated:
            context["detail_owner_ids"] = selectors.readiness_detail_owner_ids(user=self.request.user)
        return context

    def _act(self, request, service):
        payload = s.BadgeActionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        badge = service(badge=self.get_object(), reason=payload.validated_data["reason"], by=request.user)
        return Response(self.get_serializer(badge).data)

    @extend_schema(request=s.BadgeActionSerializer, responses=s.BadgeSerializer)
    @action(detail=True, methods=["post"])
    def suspend(self, request, pk=None):
        """Suspend a badge (compliance reviewers): it stops counting for eligibility at once."""
        return self._act(request, services.badge_suspend)

    @extend_schema(request=s.BadgeActionSerializer, responses=s.BadgeSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        return self._act(request, services.badge_revoke)


class ShareViewSet(BaseViewSet):
    """Who may see your scores and evidence. DELETE revokes a share at once."""

    serializer_class = s.ShareSerializer
    http_method_names = ["get", "post", "delete", "head", "options"]

    def visible_queryset(self, user):
        return ReadinessShare.objects.all() if user is None else selectors.share_list_of(user=user)

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        if self.action == "create" and not getattr(self, "swagger_fake_view", False):
            serializer.fields["owner"].queryset = organizations_where_admin(user=self.request.user)
        return serializer

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.share_grant(
            owner=data["owner"], grantee_id=data["grantee_id"], by=self.request.user
        )

    def perform_destroy(self, instance):
        services.share_revoke(share=instance, by=self.request.user)


class LicenceViewSet(BaseViewSet):
    """Export licences your organizations hold (e.g. from BAFA); used by export screening."""

    serializer_class = s.LicenceSerializer
    http_method_names = ["get", "post", "head", "options"]

    def visible_queryset(self, user):
        return Licence.objects.all() if user is None else selectors.licence_list_of(user=user)

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        if self.action == "create" and not getattr(self, "swagger_fake_view", False):
            serializer.fields["organization"].queryset = organizations_where_admin(user=self.request.user)
        return serializer

    def perform_create(self, serializer):
        serializer.instance = services.licence_add(by=self.request.user, **serializer.validated_data)


class ScreeningViewSet(ActionViewSet):
    """Export screening for one of your organizations: allowed, licence_required or refused, with reasons."""

    @extend_schema(request=s.ScreeningRequestSerializer, responses=s.ScreeningResultSerializer)
    def create(self, request):
        payload = s.ScreeningRequestSerializer(data=request.data)
        payload.fields["organization"].queryset = organizations_of(user=request.user)
        payload.is_valid(raise_exception=True)
        organization = (
            payload.validated_data.get("organization") or organizations_of(user=request.user).order_by("pk").first()
        )
        if organization is None:
            raise NotFound("You are not a member of any organization.")
        result = selectors.screen(
            organization=organization,
            destination=str(payload.validated_data["destination"]),
            classification=payload.validated_data["classification"],
            on=payload.validated_data.get("on"),
        )
        return Response(s.ScreeningResultSerializer(result.as_dict()).data)
