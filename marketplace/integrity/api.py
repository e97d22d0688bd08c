"""The integrity API under /api/v1/integrity/: the flag definitions, the stored flags (for the buyer's
officers, platform admins and auditors) and the abnormally-low-tender procedure.

Why a JSON endpoint and not the OCDS release: OCDS 1.1 has no field for red flags or risk indicators in the
release schema (flags are an analysis *of* releases: the Cardinal tool reads releases and writes indicators
apart from them), and publishing a bid-level flag with the release would tell competitors about one another's
offers. The definitions are public; the flags are not."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from core.api.viewsets import ActionViewSet, ReadOnlyBaseViewSet, VisibleViewSet

from . import selectors, services
from .access import is_officer_of, sees_all_flags
from .models import AltCase, AltState, RedFlag
from .registry import definitions


class FlagDefinitionSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    source = serializers.CharField()
    source_url = serializers.URLField()
    exclusions = serializers.ListField(child=serializers.CharField())
    level = serializers.ChoiceField(choices=["lot", "tender"])
    layer = serializers.CharField()


class RedFlagSerializer(serializers.ModelSerializer):
    figures = serializers.DictField(help_text="the figures that triggered the flag (see the definition)")

    class Meta:
        model = RedFlag
        fields = ["id", "code", "tender", "lot", "offer", "buyer", "figures", "computed_at"]


class AltCaseSerializer(serializers.ModelSerializer):
    state = serializers.ChoiceField(choices=AltState.choices, read_only=True)
    figures = serializers.SerializerMethodField()

    class Meta:
        model = AltCase
        fields = [
            "id",
            "tender",
            "lot",
            "offer",
            "state",
            "figures",
            "request_text",
            "respond_by",
            "requested_at",
            "answer_text",
            "answered_at",
            "decision_reason",
            "decided_at",
        ]
        read_only_fields = fields

    def get_figures(self, case) -> dict:
        """Hidden from the bidder: they compare its offer with its competitors'."""
        user = self.context["request"].user
        return case.figures if sees_all_flags(user) or is_officer_of(user, case.tender.buyer_id) else {}


class AltRequestInput(serializers.Serializer):
    text = serializers.CharField()
    respond_by = serializers.DateTimeField()


class AltAnswerInput(serializers.Serializer):
    text = serializers.CharField()
    documents = serializers.ListField(child=serializers.FileField(), required=False)


class AltDecisionInput(serializers.Serializer):
    accept = serializers.BooleanField()
    reason = serializers.CharField()


class DefinitionViewSet(ActionViewSet):
    """Every red flag the platform computes: definition, source and exclusions."""

    @extend_schema(responses=FlagDefinitionSerializer(many=True))
    def list(self, request):
        return Response(FlagDefinitionSerializer(definitions(), many=True).data)


class RedFlagViewSet(ReadOnlyBaseViewSet):
    """Stored red flags of opened tenders; filter with `?tender=`, `?code=`, `?buyer=`."""

    serializer_class = RedFlagSerializer
    http_method_names = ["get", "head", "options"]
    # Who may read flags is decided by the selector alone (the buyer's officers, platform admins, auditors).
    permission_classes = [permissions.IsAuthenticated]
    filterset_fields = ["tender", "lot", "code", "buyer"]

    def visible_queryset(self, user):
        return RedFlag.objects.all() if user is None else selectors.flags_visible_to(user=user)


class AltCaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, VisibleViewSet):
    """Abnormally-low-tender cases: officers request and decide, the bidder answers (states in `state`)."""

    serializer_class = AltCaseSerializer
    http_method_names = ["get", "post", "head", "options"]  # POST only for the actions
    # The selector narrows to the cases the user takes part in; each service checks who may request, answer
    # and decide.
    permission_classes = [permissions.IsAuthenticated]
    filterset_fields = ["tender", "lot", "state"]

    def visible_queryset(self, user):
        return AltCase.objects.all() if user is None else selectors.alt_cases_visible_to(user=user)

    def _answer(self, case):
        case = self.get_queryset().get(pk=case.pk)
        return Response(self.get_serializer(case).data)

    @extend_schema(request=AltRequestInput, responses=AltCaseSerializer)
    @action(detail=True, methods=["post"], url_path="request")
    def request_explanation(self, request, pk=None):
        case = self.get_object()
        data = AltRequestInput(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(services.alt_request_send(case=case, by=request.user, **data.validated_data))

    @extend_schema(request={"multipart/form-data": AltAnswerInput}, responses=AltCaseSerializer)
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser, JSONParser])
    def answer(self, request, pk=None):
        case = self.get_object()
        data = AltAnswerInput(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(
            services.alt_answer(
                case=case, by=request.user, text=data.validated_data["text"], uploads=request.FILES.getlist("documents")
            )
        )

    @extend_schema(request=AltDecisionInput, responses=AltCaseSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        case = self.get_object()
        data = AltDecisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(services.alt_decide(case=case, by=request.user, **data.validated_data))


router = DefaultRouter()
router.register("definitions", DefinitionViewSet, basename="definition")
router.register("flags", RedFlagViewSet, basename="flag")
router.register("alt-cases", AltCaseViewSet, basename="alt-case")
urlpatterns = router.urls
