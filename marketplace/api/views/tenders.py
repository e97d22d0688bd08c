"""Tenders API: drafts, publishing, amendments with If-Match, lots, questions, evaluation, the change feed
and OCDS exports."""

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from core.api.filters import AlxFilterBackend
from core.api.viewsets import BaseViewSet, ReadOnlyBaseViewSet, VisibleViewSet
from core.files import private_download
from organizations.selectors import organizations_of

from ... import ocds, selectors, services
from ...models import Award, AwardCriterion, Lot, Question, Tender, TenderDocument
from .. import list_pages
from .. import serializers as s
from ..filters import TenderFilter
from .common import ERROR, IF_MATCH_REQUIRED, etag, if_match_version, viewer_org_ids

OCDS_PACKAGE = {
    "type": "object",
    "additionalProperties": True,
    "description": "An OCDS 1.1.5 package: see the OCDS schema, with the lots and bid extensions",
}


def tender_queryset(queryset):
    """Everything a single tender's answer shows, as model instances (the list and the feed are built from
    rows in list_pages)."""
    awards = Award.objects.select_related("lot", "offer__bid__bidder").order_by("proposed_at", "id")
    lots = (
        Lot.objects.select_related("cpv")
        .prefetch_related(Prefetch("criteria", AwardCriterion.objects.order_by("id")), Prefetch("awards", awards))
        .order_by("number")
    )
    return queryset.annotate(live_bid_count=selectors.tender_bid_count_expression()).prefetch_related(
        Prefetch("lots", lots),
        Prefetch("criteria", AwardCriterion.objects.filter(lot__isnull=True).order_by("id"), to_attr="tender_criteria"),
    )


class TenderViewSet(BaseViewSet):
    """Tenders: published ones are public notices; drafts only for the buyer. Updates honour If-Match."""

    serializer_class = s.TenderSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]
    filter_backends = [AlxFilterBackend]
    filterset_class = TenderFilter
    etag_version_field = "version"
    if_match_required = ("partial_update",)
    object_action_permissions = {
        "publish": "change",
        "cancel": "change",
        "questions": "view",
        "ocds": "view",
        "ocds_record": "view",
        "documents": "view",
        "committee": "change",
    }

    def visible_queryset(self, user):
        return Tender.objects.all() if user is None else selectors.tender_list_visible_to(user=user)

    def _filters(self) -> selectors.TenderFilters:
        return TenderFilter.search_for(self.request)

    def list(self, request, *args, **kwargs):
        # Rows of statements compiled once instead of model instances and nested serializers: several times
        # faster, the same items (see list_pages).
        viewer = viewer_org_ids(request.user)
        page = self.paginate_queryset(list_pages.tender_page_rows(viewer_org_ids=viewer, filters=self._filters()))
        return self.get_paginated_response(list_pages.tender_items(page, viewer_org_ids=viewer))

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.request and self.request.user.is_authenticated:
            context["viewer_org_ids"] = viewer_org_ids(self.request.user)
        return context

    def _answer(self, tender, code=status.HTTP_200_OK):
        tender = tender_queryset(self.get_queryset()).get(pk=tender.pk)
        response = Response(self.get_serializer(tender).data, status=code)
        response["ETag"] = etag(tender.version)
        return response

    def retrieve(self, request, *args, **kwargs):
        return self._answer(self.get_object())

    @extend_schema(request=s.TenderWriteSerializer, responses={201: s.TenderSerializer})
    def create(self, request, *args, **kwargs):
        payload = s.TenderWriteSerializer(data=request.data)
        payload.fields["buyer"].queryset = organizations_of(user=request.user)
        payload.fields["buyer"].required = True
        payload.is_valid(raise_exception=True)
        tender = services.tender_create(
            buyer=payload.validated_data["buyer"], by=request.user, **payload.service_data()
        )
        return self._answer(tender, status.HTTP_201_CREATED)

    @extend_schema(
        request=s.TenderWriteSerializer,
        responses={200: s.TenderSerializer, 412: ERROR, 428: ERROR},
        parameters=[IF_MATCH_REQUIRED],
    )
    def partial_update(self, request, *args, **kwargs):
        tender = self.get_object()
        payload = s.TenderWriteSerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        tender = services.tender_update(
            tender=tender,
            by=request.user,
            expected_version=if_match_version(request),
            reason=payload.validated_data.get("reason", ""),
            **payload.service_data(),
        )
        return self._answer(tender)

    @extend_schema(request=None, responses=s.TenderSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """Publish a draft (the second step after creating it, so a retried create never posts twice)."""
        tender = services.tender_publish(
            tender=self.get_object(), by=request.user, expected_version=if_match_version(request)
        )
        return self._answer(tender)

    @extend_schema(request=s.ReasonSerializer, responses=s.TenderSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        payload = s.ReasonSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        tender = services.tender_cancel(
            tender=self.get_object(), reason=payload.validated_data["reason"], by=request.user
        )
        return self._answer(tender)

    # Per method: the list answers 200 with every question, asking answers 201 with the one question asked.
    @extend_schema(methods=["GET"], responses=s.QuestionSerializer(many=True))
    @extend_schema(methods=["POST"], request=s.QuestionSerializer, responses={201: s.QuestionSerializer})
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def questions(self, request, pk=None):
        """GET: answered questions (askers anonymous; the buyer sees all). POST: ask during the enquiry period."""
        tender = self.get_object()
        if request.method == "POST":
            payload = s.QuestionSerializer(data=request.data)
            payload.fields["asker"].queryset = organizations_of(user=request.user)
            payload.is_valid(raise_exception=True)
            asker = payload.validated_data.get("asker") or organizations_of(user=request.user).order_by("pk").first()
            if asker is None:
                raise NotFound("You are not a member of any organization.")
            question = services.question_ask(
                tender=tender,
                asker=asker,
                text=payload.validated_data["text"],
                lot=payload.validated_data.get("lot"),
                by=request.user,
            )
            return Response(s.QuestionSerializer(question).data, status=status.HTTP_201_CREATED)
        questions = selectors.question_list_visible_to(user=request.user, tender=tender)
        return Response(s.QuestionSerializer(questions, many=True).data)

    @extend_schema(request=s.CommitteeWriteSerializer, responses=s.CommitteeSerializer)
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def committee(self, request, pk=None):
        """The evaluation committee (the buyer's officers): once named, only its members open and score the
        bids and decide awards. POST replaces it; an empty list lets every officer of the buyer evaluate."""
        tender = self.get_object()
        if request.method == "POST":
            payload = s.CommitteeWriteSerializer(data=request.data)
            payload.is_valid(raise_exception=True)
            services.evaluation_committee_set(
                tender=tender, member_ids=payload.validated_data["members"], by=request.user
            )
        return Response(
            s.CommitteeSerializer(
                {
                    "members": selectors.evaluation_committee_of(tender=tender),
                    "candidates": selectors.evaluation_committee_candidates(tender=tender),
                }
            ).data
        )

    @extend_schema(
        request={"multipart/form-data": s.DocumentUploadSerializer},
        responses={200: s.DocumentSerializer(many=True), 201: s.DocumentSerializer},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        parser_classes=[MultiPartParser, FormParser],
        pagination_class=None,
        filter_backends=[],
    )
    def documents(self, request, pk=None):
        """GET: the tender's documents. POST (multipart, procurement officers): add one (max 25 MB)."""
        tender = self.get_object()
        if request.method == "POST":
            payload = s.DocumentUploadSerializer(data=request.data)
            payload.is_valid(raise_exception=True)
            document = services.tender_document_add(
                tender=tender,
                upload=payload.validated_data["file"],
                reason=payload.validated_data["reason"],
                by=request.user,
            )
            return Response(s.DocumentSerializer(document).data, status=status.HTTP_201_CREATED)
        return Response(s.DocumentSerializer(tender.documents.all(), many=True).data)

    @extend_schema(
        responses={200: OCDS_PACKAGE},
        description=(
            "The latest OCDS 1.1 release of the tender's process as published (of the tender, or of one of its "
            "contracts once signed), in a release package (lots and bid extensions; bids only after the deadline). "
            "Every release is in the record and in /marketplace/ocds-releases/."
        ),
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def ocds(self, request, pk=None):
        tender = self.get_object()
        releases = services.tender_releases(tender=tender)
        if not releases:
            raise NotFound("Drafts are not published as OCDS.")
        return Response(ocds.release_package(releases=releases[-1:], uri=request.build_absolute_uri()))

    @extend_schema(
        responses={200: OCDS_PACKAGE},
        description=(
            "The OCDS record package of a published tender: every release as it was published, the tender's and its "
            "signed contracts' (contracts, amendments, deliveries as milestones, payments as transactions), and the "
            "release compiled from them by the OCDS merge rules."
        ),
    )
    @action(detail=True, methods=["get"], url_path="ocds-record", pagination_class=None)
    def ocds_record(self, request, pk=None):
        tender = self.get_object()
        releases = services.tender_releases(tender=tender)
        if not releases:
            raise NotFound("Drafts are not published as OCDS.")
        return Response(ocds.record_package(releases=releases, uri=request.build_absolute_uri()))


class LotViewSet(ReadOnlyBaseViewSet):
    """Lots: cancel one with a reason; during evaluation the buyer sees the ranking and proposes the award."""

    serializer_class = s.LotSerializer
    http_method_names = ["get", "post", "head", "options"]  # POST only on the actions below
    object_action_permissions = {"cancel": "change", "ranking": "change", "award": "change", "score": "change"}

    def visible_queryset(self, user):
        if user is None:
            return Lot.objects.all()
        return (
            selectors.lot_list_visible_to(user=user)
            .select_related("tender__buyer", "cpv")
            .prefetch_related("criteria")
            .order_by("tender_id", "number")
        )

    @extend_schema(request=s.ReasonSerializer, responses=s.LotSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        payload = s.ReasonSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        lot = services.lot_cancel(lot=self.get_object(), reason=payload.validated_data["reason"], by=request.user)
        return Response(s.LotSerializer(lot).data)

    @extend_schema(responses=s.RankedOfferSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def ranking(self, request, pk=None):
        """The comparison table of the lot, best first (after the submission deadline only)."""
        lot = self.get_object()
        if lot.tender.state not in ("evaluation", "awarded", "completed"):
            raise NotFound("Bids are sealed until the submission deadline.")
        return Response(s.RankedOfferSerializer(services.lot_ranking(lot=lot), many=True).data)

    @extend_schema(request=s.ScoreSerializer, responses=s.RankedOfferSerializer(many=True))
    @action(detail=True, methods=["post"], pagination_class=None, filter_backends=[])
    def score(self, request, pk=None):
        """Score one offer on a qualitative criterion (0-100)."""
        from ...models import BidLot

        lot = self.get_object()
        payload = s.ScoreSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        offer = BidLot.objects.filter(pk=payload.validated_data["offer"], lot=lot).first()
        criterion = AwardCriterion.objects.filter(pk=payload.validated_data["criterion"], tender=lot.tender).first()
        if offer is None or criterion is None:
            raise NotFound("No such offer or criterion on this lot.")
        services.criterion_score_set(
            offer=offer, criterion=criterion, score=payload.validated_data["score"], by=request.user
        )
        return Response(s.RankedOfferSerializer(services.lot_ranking(lot=lot), many=True).data)

    @extend_schema(request=None, responses=s.AwardSerializer)
    @action(detail=True, methods=["post"])
    def award(self, request, pk=None):
        """Propose the award to the best-ranked eligible offer; the standstill period starts."""
        award = services.award_propose(lot=self.get_object(), by=request.user)
        if award is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(s.AwardSerializer(award).data, status=status.HTTP_201_CREATED)


class QuestionViewSet(ReadOnlyBaseViewSet):
    serializer_class = s.QuestionSerializer
    http_method_names = ["get", "post", "head", "options"]
    object_action_permissions = {"answer": "change"}

    def visible_queryset(self, user):
        if user is None:
            return Question.objects.all()
        return (
            selectors.questions_visible_to(user=user)
            .select_related("tender__buyer")
            .order_by("tender_id", "asked_at", "id")
        )

    @extend_schema(request=s.AnswerSerializer, responses=s.QuestionSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        payload = s.AnswerSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        question = services.question_answer(
            question=self.get_object(), answer=payload.validated_data["answer"], by=request.user
        )
        return Response(s.QuestionSerializer(question).data)


class TenderDocumentViewSet(mixins.RetrieveModelMixin, VisibleViewSet):
    """A tender document: anyone who may see the tender may download it."""

    serializer_class = s.DocumentSerializer
    http_method_names = ["get", "head", "options"]

    def visible_queryset(self, user):
        return TenderDocument.objects.all() if user is None else selectors.tender_document_list_visible_to(user=user)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiResponse(description="The file")})
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        document = self.get_object()
        return private_download(document.file, filename=document.original_name, content_type=document.content_type)
