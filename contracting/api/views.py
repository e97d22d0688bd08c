"""ViewSets of the contracting API. Each lists only what its selector shows the user (someone else's contract,
order or delivery answers 404); every write calls a service, whose refusals come back in the one error shape."""

from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, parsers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from core.api.viewsets import ActionViewSet, BaseViewSet, VisibleViewSet
from core.files import private_download

from .. import filters, selectors, services
from ..models import Contract, Delivery, EventSource, Order, TrackingEvent
from ..ocds import contract_release_package
from ..rendering import contract_render_pdf
from ..units import unit_codes, unit_name
from . import serializers as s

READ_AND_ACT = ["get", "post", "head", "options"]


class ContractingViewSet(BaseViewSet):
    http_method_names = READ_AND_ACT

    def _answer(self, obj, serializer, code=status.HTTP_200_OK):
        self.ensure_still_visible(obj)
        return Response(
            serializer(self.get_queryset().get(pk=obj.pk), context={"request": self.request}).data, status=code
        )

    def _payload(self, serializer_class, **kwargs):
        payload = serializer_class(data=self.request.data, **kwargs)
        payload.is_valid(raise_exception=True)
        return payload.validated_data


class ContractViewSet(ContractingViewSet):
    """Contracts you are a party to (buyer, supplier, or a member of the supplying consortium). POST draws one up
    from a tender's final awards; sign, amend, terminate and complete are actions; `pdf` is the signed document."""

    serializer_class = s.ContractSerializer
    filterset_class = filters.ContractFilter
    ordering_fields = ["created_at", "period_start", "value"]
    object_action_permissions = {
        "sign": "change",
        "amend": "change",
        "terminate": "change",
        "complete": "change",
        "pdf": "view",
        "ocds": "view",
    }

    def visible_queryset(self, user):
        return selectors.contract_list_visible_to(user=user).prefetch_related(
            "lines", "revisions__signatures__organization", "revisions__signatures__signed_by"
        )

    @extend_schema(request=s.ContractDraftSerializer, responses={201: s.ContractSerializer})
    def create(self, request, *args, **kwargs):
        data = self._payload(s.ContractDraftSerializer)
        contract = services.contract_draft(by=request.user, **data)
        return self._answer(contract, s.ContractSerializer, status.HTTP_201_CREATED)

    def _revision(self, contract: Contract, number):
        revisions = contract.revisions.order_by("-number")
        revision = (
            revisions.filter(number=number).first()
            if number
            else (revisions.filter(signed_at__isnull=True).first() or revisions.first())
        )
        if revision is None:
            raise NotFound()
        return revision

    @extend_schema(request=s.ContractSignSerializer, responses=s.ContractSerializer)
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):
        """Sign the pending revision (or the one numbered) for your side; give `pdf_sha256` of what you read."""
        contract = self.get_object()
        data = self._payload(s.ContractSignSerializer)
        services.contract_sign(
            revision=self._revision(contract, data.get("revision")), by=request.user, pdf_sha256=data.get("pdf_sha256")
        )
        return self._answer(contract, s.ContractSerializer)

    @extend_schema(request=s.AmendSerializer, responses={201: s.ContractSerializer})
    @action(detail=True, methods=["post"])
    def amend(self, request, pk=None):
        """Propose an amendment (value, ceiling, period, lines) with its reason; both sides sign it."""
        contract = self.get_object()
        services.contract_amend(contract=contract, by=request.user, **self._payload(s.AmendSerializer))
        return self._answer(contract, s.ContractSerializer, status.HTTP_201_CREATED)

    @extend_schema(request=s.ContractReasonSerializer, responses=s.ContractSerializer)
    @action(detail=True, methods=["post"])
    def terminate(self, request, pk=None):
        contract = services.contract_terminate(
            contract=self.get_object(), by=request.user, reason=self._payload(s.ContractReasonSerializer)["reason"]
        )
        return self._answer(contract, s.ContractSerializer)

    @extend_schema(request=None, responses=s.ContractSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        return self._answer(
            services.contract_complete(contract=self.get_object(), by=request.user), s.ContractSerializer
        )

    @extend_schema(
        parameters=[OpenApiParameter("revision", OpenApiTypes.INT, description="default: the latest")],
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
    )
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        """The revision's PDF, whose SHA-256 the signatories sign."""
        number = request.query_params.get("revision")
        revision = self._revision(self.get_object(), int(number) if str(number or "").isdigit() else None)
        response = HttpResponse(contract_render_pdf(revision=revision), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="C-{revision.contract_id}-r{revision.number}.pdf"'
        response["Cache-Control"] = "private, no-store"
        return response

    @extend_schema(responses={(200, "application/json"): OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get"])
    def ocds(self, request, pk=None):
        """The contract and its implementation (deliveries as milestones) as an OCDS 1.1 release package."""
        return Response(contract_release_package(contract=self.get_object(), request=request))


class OrderViewSet(ContractingViewSet):
    """Call-off orders under your contracts. POST places one (buyer's officers); the supplier confirms."""

    serializer_class = s.OrderSerializer
    filterset_class = filters.OrderFilter
    ordering_fields = ["created_at"]
    object_action_permissions = {"confirm": "change", "cancel": "change"}

    def visible_queryset(self, user):
        return selectors.order_list_visible_to(user=user)

    @extend_schema(request=s.OrderPlaceSerializer, responses={201: s.OrderSerializer})
    def create(self, request, *args, **kwargs):
        data = self._payload(s.OrderPlaceSerializer, contracts=selectors.contract_list_visible_to(user=request.user))
        order = services.order_place(
            contract=data["contract"], by=request.user, lines=data["lines"], buyer_reference=data["buyer_reference"]
        )
        return self._answer(order, s.OrderSerializer, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=s.OrderSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        return self._answer(services.order_confirm(order=self.get_object(), by=request.user), s.OrderSerializer)

    @extend_schema(request=s.ContractReasonSerializer, responses=s.OrderSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        order = services.order_cancel(
            order=self.get_object(), by=request.user, reason=self._payload(s.ContractReasonSerializer)["reason"]
        )
        return self._answer(order, s.OrderSerializer)


class DeliveryViewSet(ContractingViewSet):
    """Deliveries of your orders: announce one (the supplier), report events, record the proof of delivery, link a
    LogHubs booking (its nAP or the JCC), and receive it (the buyer: in full, in part, or reject lines)."""

    serializer_class = s.DeliverySerializer
    filterset_class = filters.DeliveryFilter
    ordering_fields = ["created_at", "promised_date"]
    object_action_permissions = {
        "events": "view",
        "proof": "change",
        "proof_file": "view",
        "accept": "change",
        "booking": "change",
    }

    def get_parsers(self):
        if getattr(self, "action", None) == "proof":
            return [parsers.MultiPartParser(), parsers.FormParser()]
        return super().get_parsers()

    def visible_queryset(self, user):
        return selectors.delivery_list_visible_to(user=user)

    @extend_schema(request=s.DeliveryCreateSerializer, responses={201: s.DeliverySerializer})
    def create(self, request, *args, **kwargs):
        data = self._payload(s.DeliveryCreateSerializer, orders=selectors.order_list_visible_to(user=request.user))
        delivery = services.delivery_create(
            order=data["order"],
            by=request.user,
            lines=data["lines"],
            promised_date=data.get("promised_date"),
            carrier=data["carrier"],
        )
        return self._answer(delivery, s.DeliverySerializer, status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], responses=s.TrackingEventSerializer(many=True))
    @extend_schema(methods=["POST"], request=s.EventInputSerializer, responses={201: s.IngestResultSerializer})
    @action(detail=True, methods=["get", "post"])
    def events(self, request, pk=None):
        """GET: the delivery's events by the time they happened. POST: report one (the supplier)."""
        delivery = self.get_object()
        if request.method == "GET":
            events = TrackingEvent.objects.filter(delivery=delivery).order_by("occurred_at", "id")
            return Response(s.TrackingEventSerializer(events, many=True).data)
        data = self._payload(s.EventInputSerializer)
        result = services.tracking_record(
            delivery=delivery,
            by=request.user,
            source=EventSource.API,
            kind=data["kind"],
            occurred_at=data.get("occurred_at"),
            external_id=data.get("external_id") or "",
            location=data["location"],
            hub_id=data.get("hub"),
            reason=data["reason"],
        )
        return Response(result, status=status.HTTP_201_CREATED)

    @extend_schema(request={"multipart/form-data": s.ProofSerializer}, responses={201: s.DeliverySerializer})
    @action(detail=True, methods=["post"])
    def proof(self, request, pk=None):
        delivery = self.get_object()
        data = self._payload(s.ProofSerializer)
        services.proof_record(
            delivery=delivery,
            by=request.user,
            receiver_name=data["receiver_name"],
            received_at=data["received_at"],
            place=data["place"],
            upload=data["file"],
        )
        return self._answer(delivery, s.DeliverySerializer, status.HTTP_201_CREATED)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], url_path="proof-file")
    def proof_file(self, request, pk=None):
        proof = getattr(self.get_object(), "proof", None)
        if proof is None:
            raise NotFound()
        return private_download(proof.file, filename=proof.original_name, content_type=proof.content_type)

    @extend_schema(request=s.AcceptSerializer, responses=s.DeliverySerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        delivery = self.get_object()
        data = self._payload(s.AcceptSerializer)
        services.delivery_accept(delivery=delivery, by=request.user, lines=data.get("lines"), note=data["note"])
        return self._answer(delivery, s.DeliverySerializer)

    @extend_schema(request=s.BookingLinkSerializer, responses=s.DeliverySerializer)
    @action(detail=True, methods=["post"])
    def booking(self, request, pk=None):
        delivery = self.get_object()
        services.delivery_link_booking(
            delivery=delivery, booking=self._payload(s.BookingLinkSerializer)["booking"], by=request.user
        )
        return self._answer(delivery, s.DeliverySerializer)


class TrackingEventViewSet(mixins.ListModelMixin, VisibleViewSet):
    """Events of the deliveries you may see; `bulk` takes up to 500 events from telematics at once."""

    serializer_class = s.TrackingEventSerializer
    filterset_class = filters.TrackingEventFilter

    def visible_queryset(self, user):
        return TrackingEvent.objects.all() if user is None else selectors.event_list_visible_to(user=user)

    @extend_schema(request=s.EventBatchSerializer, responses=s.IngestResultSerializer)
    @action(detail=False, methods=["post"])
    def bulk(self, request):
        """All or nothing: an event for a delivery you do not ship, or with a bad field, refuses the batch with
        the field named (events.<index>.<field>). Events already stored (same delivery and external_id) are
        counted as duplicates and not stored again."""
        events = request.data.get("events") if isinstance(request.data, dict) else None
        return Response(services.tracking_ingest(by=request.user, events=events))


class UnitViewSet(ActionViewSet):
    """The UN/ECE Recommendation 20 unit codes ALX accepts on order lines."""

    @extend_schema(responses=s.UnitSerializer(many=True))
    def list(self, request):
        return Response([{"code": code, "name": unit_name(code)} for code in unit_codes()])


class BookingLinkViewSet(mixins.ListModelMixin, VisibleViewSet):
    """For the JCC: which contracts each LogHubs booking serves (deliveries linked to bookings)."""

    serializer_class = s.BookingContractSerializer
    filter_backends: list = []

    def visible_queryset(self, user):
        return Delivery.objects.all() if user is None else selectors.booking_links_for_jcc(user=user)


__all__ = [
    "BookingLinkViewSet",
    "ContractViewSet",
    "DeliveryViewSet",
    "Order",
    "OrderViewSet",
    "TrackingEventViewSet",
    "UnitViewSet",
]
