"""Bids API (sealed until the deadline) and awards."""

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from core.api.viewsets import BaseViewSet, ReadOnlyBaseViewSet, VisibleViewSet
from core.files import private_download
from organizations.selectors import organizations_of

from ... import selectors, services
from ...models import Award, Bid, BidDocument, BidLot
from .. import serializers as s
from ..filters import AwardFilter, BidFilter
from .common import ERROR, IF_MATCH_REQUIRED, etag, if_match_version


class BidViewSet(BaseViewSet):
    """Your organizations' bids; for buyers, the bids on their tenders once the submission deadline passed.
    Before the deadline no one but the bidder can read a bid — not the buyer, not a list, not a filter."""

    serializer_class = s.BidSerializer
    http_method_names = ["get", "post", "put", "head", "options"]
    filterset_class = BidFilter
    object_action_permissions = {"submit": "change", "withdraw": "change", "documents": "change"}
    etag_version_field = "version"
    if_match_required = ("update",)

    def visible_queryset(self, user):
        if user is None:
            return Bid.objects.all()
        return (
            selectors.bid_list_visible_to(user=user)
            .prefetch_related(Prefetch("lot_offers", BidLot.objects.order_by("lot__number")), "subcontractors")
            .order_by("-id")
        )

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        if self.action == "create" and not getattr(self, "swagger_fake_view", False):
            serializer.fields["bidder"].queryset = organizations_of(user=self.request.user)
            serializer.fields["tender"].queryset = selectors.tender_list_visible_to(user=self.request.user)
        return serializer

    def _answer(self, bid, code=status.HTTP_200_OK):
        bid = self.get_queryset().get(pk=bid.pk)
        response = Response(self.get_serializer(bid).data, status=code)
        response["ETag"] = etag(bid.version)
        return response

    def retrieve(self, request, *args, **kwargs):
        return self._answer(self.get_object())

    def create(self, request, *args, **kwargs):
        """Start a draft bid for one of your organizations; fill it with PUT, then submit."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        bid = services.bid_create(
            tender=serializer.validated_data["tender"], bidder=serializer.validated_data["bidder"], by=request.user
        )
        return self._answer(bid, status.HTTP_201_CREATED)

    @extend_schema(
        request=s.BidWriteSerializer,
        responses={200: s.BidSerializer, 412: ERROR, 428: ERROR},
        parameters=[IF_MATCH_REQUIRED],
    )
    def update(self, request, *args, **kwargs):
        """Replace the lot offers (and subcontractors). A submitted bid returns to draft until resubmitted."""
        bid = self.get_object()
        payload = s.BidWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        bid = services.bid_update(
            bid=bid, by=request.user, expected_version=if_match_version(request), **payload.service_data()
        )
        return self._answer(bid)

    @extend_schema(request=None, responses=s.BidSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        bid = services.bid_submit(bid=self.get_object(), by=request.user, expected_version=if_match_version(request))
        return self._answer(bid)

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
        """GET: the bid's documents. POST (multipart): add one (max 25 MB); a submitted bid must be resubmitted."""
        bid = self.get_object()
        if request.method == "POST":
            payload = s.DocumentUploadSerializer(data=request.data)
            payload.is_valid(raise_exception=True)
            document = services.bid_document_add(bid=bid, upload=payload.validated_data["file"], by=request.user)
            return Response(s.DocumentSerializer(document).data, status=status.HTTP_201_CREATED)
        return Response(s.DocumentSerializer(bid.documents.all(), many=True).data)

    @extend_schema(request=None, responses=s.BidSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._answer(services.bid_withdraw(bid=self.get_object(), by=request.user))


class BidDocumentViewSet(mixins.RetrieveModelMixin, VisibleViewSet):
    """A bid document, as sealed as its bid."""

    serializer_class = s.DocumentSerializer
    http_method_names = ["get", "head", "options"]

    def visible_queryset(self, user):
        return BidDocument.objects.all() if user is None else selectors.bid_document_list_visible_to(user=user)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiResponse(description="The file")})
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        document = self.get_object()
        return private_download(document.file, filename=document.original_name, content_type=document.content_type)


class AwardViewSet(ReadOnlyBaseViewSet):
    """Awards are public once proposed; the winner (or the buyer) may decline during the standstill."""

    serializer_class = s.AwardSerializer
    http_method_names = ["get", "post", "head", "options"]
    filterset_class = AwardFilter
    object_action_permissions = {"decline": "change"}

    def visible_queryset(self, user):
        return Award.objects.all() if user is None else selectors.award_list_visible_to(user=user).order_by("-id")

    @extend_schema(request=s.ReasonSerializer, responses={201: s.AwardSerializer, 204: None})
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        """Decline (winner) or mark ineligible (buyer); the next-ranked offer is proposed."""
        payload = s.ReasonSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        successor = services.award_decline(
            award=self.get_object(), reason=payload.validated_data["reason"], by=request.user
        )
        if successor is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(s.AwardSerializer(successor).data, status=status.HTTP_201_CREATED)
