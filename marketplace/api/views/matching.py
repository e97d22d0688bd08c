"""Matching API: suppliers that fit a tender (for its buyer), tenders that fit an organization (for its
members), saved searches, and the full re-match with its progress (platform admins)."""

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from core.api.serializers import StrictModelSerializer
from core.api.viewsets import VisibleViewSet
from core.queueing import enqueue_on_commit
from organizations.models import Organization
from organizations.selectors import organizations_of

from ... import selectors
from ...matching import saved_searches
from ...matching.engine import explain
from ...matching.rematch import run_state
from ...matching.selectors import (
    match_runs_newest_first,
    matches_for_organization,
    matches_for_tender,
    saved_searches_of,
)
from ...models import Match, MatchRun, SavedSearch


class MatchSerializer(StrictModelSerializer):
    lot_number = serializers.IntegerField(source="lot.number", read_only=True)
    listing_title = serializers.CharField(source="listing.title", default=None, read_only=True, allow_null=True)
    organization_name = serializers.CharField(source="organization.legal_name", read_only=True)
    sme_class = serializers.CharField(source="organization.sme_class", read_only=True)
    explanation = serializers.SerializerMethodField()

    class Meta:
        model = Match
        fields = [
            "id",
            "tender",
            "lot",
            "lot_number",
            "listing",
            "listing_title",
            "organization",
            "organization_name",
            "sme_class",
            "score",
            "parts",
            "explanation",
            "computed_at",
        ]

    def get_explanation(self, match) -> list[str]:
        return [str(line) for line in explain(match.parts)]


class MatchViewSet(mixins.ListModelMixin, VisibleViewSet):
    """Matches you may see: give `tender` (you are its buyer) or `organization` (you are a member)."""

    serializer_class = MatchSerializer
    http_method_names = ["get", "head", "options"]
    filter_backends: list = []

    @extend_schema(
        description="Give exactly one of `tender` or `organization`: OpenAPI 3.0 cannot mark a choice "
        "of parameters required, so a request with neither answers 400 `validation_error`.",
        parameters=[
            OpenApiParameter("tender", int, description="a tender you are the buyer of (one of tender / organization)"),
            OpenApiParameter(
                "organization", int, description="an organization you are a member of (one of tender / organization)"
            ),
        ],
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def visible_queryset(self, user):
        # Which matches one may see depends on whose they are (a tender's buyer, an organization's members):
        # the selector needs the tender or the organization, not a filter applied afterwards.
        if user is None:
            return Match.objects.all()
        params = self.request.query_params
        if params.get("tender", "").isdigit():
            tender = selectors.tender_list_visible_to(user=user).filter(pk=params["tender"]).first()
            if tender is None:
                raise NotFound()
            return matches_for_tender(user=user, tender=tender)
        if params.get("organization", "").isdigit():
            return matches_for_organization(user=user, organization_id=int(params["organization"]))
        raise serializers.ValidationError({"tender": ["Give tender=<id> or organization=<id>."]})


class SavedSearchSerializer(StrictModelSerializer):
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.none())

    class Meta:
        model = SavedSearch
        fields = [
            "id",
            "organization",
            "name",
            "cpv_codes",
            "countries",
            "kinds",
            "min_score",
            "frequency",
            "created_at",
        ]
        read_only_fields = ["id", "created_at"]


class SavedSearchViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    VisibleViewSet,
):
    """Your saved searches; new matching tenders notify you once (immediately or in a daily digest)."""

    serializer_class = SavedSearchSerializer
    http_method_names = ["get", "post", "delete", "head", "options"]

    def visible_queryset(self, user):
        return SavedSearch.objects.all() if user is None else saved_searches_of(user=user)

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        if self.action == "create" and not getattr(self, "swagger_fake_view", False):
            serializer.fields["organization"].queryset = organizations_of(user=self.request.user)
        return serializer

    def perform_destroy(self, instance):
        saved_searches.saved_search_delete(search=instance, by=self.request.user)

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = saved_searches.saved_search_create(
            user=self.request.user,
            organization=data["organization"],
            name=data["name"],
            cpv_codes=data.get("cpv_codes", []),
            country_codes=data.get("countries", []),
            kinds=data.get("kinds", []),
            min_score=data.get("min_score", 50),
            frequency=data.get("frequency", "immediate"),
        )


class MatchRunSerializer(StrictModelSerializer):
    progress = serializers.SerializerMethodField()
    state = serializers.SerializerMethodField(
        help_text="running, finished or failed (stop_reason says why); a "
        "run whose worker stopped beating for JOB_STALE_AFTER_SECONDS failed"
    )

    class Meta:
        model = MatchRun
        fields = [
            "id",
            "started_at",
            "finished_at",
            "total",
            "done",
            "progress",
            "state",
            "stop_reason",
            "stopped_at",
            "attempts",
            "heartbeat_at",
            "error",
        ]

    def get_state(self, run) -> str:
        return run_state(run, timezone.now())

    def get_progress(self, run) -> int:
        return round(100 * run.done / run.total) if run.total else (100 if run.finished_at else 0)


class IsPlatformAdmin(permissions.BasePermission):
    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.is_platform_admin)


class MatchRunViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, VisibleViewSet):
    """Full re-matches (platform admins): POST starts one in the background; GET shows done / total."""

    serializer_class = MatchRunSerializer
    permission_classes = [IsPlatformAdmin]  # the platform's runs, not an organization's objects
    http_method_names = ["get", "post", "head", "options"]

    def visible_queryset(self, user):
        return match_runs_newest_first()

    @extend_schema(request=None, responses={202: MatchRunSerializer})
    def create(self, request):
        from ...matching.rematch import rematch_start
        from ...tasks import rematch_all

        run = rematch_start()
        enqueue_on_commit(rematch_all, run.pk)
        return Response(MatchRunSerializer(run).data, status=status.HTTP_202_ACCEPTED)
