"""The national Access Point endpoints under `nap/<nation_id>/`: the nation's requests (filed and incoming),
offers (made and received), bookings and hub calendars. Only the nation's nAP operators and the JCC see them."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from core.api.filters import AlxFilterBackend
from core.api.viewsets import BaseViewSet, VisibleViewSet

from ... import roles, selectors, services
from ...models import Booking, HubService, Offer, ServiceRequest
from .. import serializers as s
from ..filters import NapRequestFilter
from .common import NATION_PARAMETER, PERIOD_PARAMETERS, NationScopedMixin, int_param, period_from


@extend_schema(parameters=[NATION_PARAMETER])
class NapRequestViewSet(NationScopedMixin, BaseViewSet):
    """The nation's service requests: those it filed (`direction=outgoing`) and those the JCC routed to its hubs
    (`direction=incoming`). Create drafts, change them, submit; cancel; answer incoming ones by declining (offers
    are made under `offers/`) and decide on late cancellations."""

    serializer_class = s.ServiceRequestSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]
    filter_backends = [AlxFilterBackend]  # newest first, no `ordering` parameter
    filterset_class = NapRequestFilter
    object_action_permissions = {"submit": "change", "cancel": "change", "decline": "change", "cancellation": "change"}

    def visible_queryset(self, user):
        if user is None:
            return ServiceRequest.objects.all()
        return selectors.request_list_for_nation(user=user, nation_id=self.nation_id)

    def can_create(self, request) -> bool:
        return roles.is_nap_of(request.user, self.nation_id)

    def _answer(self, request_obj, code=status.HTTP_200_OK):
        return Response(s.ServiceRequestSerializer(self.get_queryset().get(pk=request_obj.pk)).data, status=code)

    @extend_schema(request=s.ServiceRequestWriteSerializer, responses={201: s.ServiceRequestSerializer})
    def create(self, request, *args, **kwargs):
        """File a draft request for one of the nation's units (submit it with `submit/`)."""
        payload = s.ServiceRequestWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        created = services.request_create(nation=self.nation, by=request.user, **payload.service_data())
        return self._answer(created, status.HTTP_201_CREATED)

    @extend_schema(request=s.ServiceRequestWriteSerializer, responses=s.ServiceRequestSerializer)
    def partial_update(self, request, *args, **kwargs):
        """Change a draft; `cargo`, when given, replaces all cargo lines."""
        instance = self.get_object()
        payload = s.ServiceRequestWriteSerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        return self._answer(services.request_update(request=instance, by=request.user, **payload.service_data()))

    @extend_schema(request=None, responses=s.ServiceRequestSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, nation_id=None, pk=None):
        """Send the draft to the JCC; the period, the hub and the cargo's export screening are checked again."""
        return self._answer(services.request_submit(request=self.get_object(), by=request.user))

    @extend_schema(request=s.DecisionReasonSerializer, responses=s.ServiceRequestSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, nation_id=None, pk=None):
        """Cancel; booked slots are freed until the cancellation cut-off, after it the hub must agree."""
        payload = s.DecisionReasonSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return self._answer(
            services.request_cancel(request=self.get_object(), by=request.user, reason=payload.validated_data["reason"])
        )

    @extend_schema(request=s.DecisionReasonSerializer, responses=s.ServiceRequestSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, nation_id=None, pk=None):
        """Decline a request routed to one of the nation's hubs, with the reason."""
        payload = s.DecisionReasonSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return self._answer(
            services.request_decline(
                request=self.get_object(), by=request.user, reason=payload.validated_data["reason"]
            )
        )

    @extend_schema(request=s.CancellationDecisionSerializer, responses=s.ServiceRequestSerializer)
    @action(detail=True, methods=["post"])
    def cancellation(self, request, nation_id=None, pk=None):
        """The hub nation's answer to a cancellation asked for after the cut-off."""
        payload = s.CancellationDecisionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return self._answer(
            services.request_cancellation_decide(
                request=self.get_object(),
                by=request.user,
                agree=payload.validated_data["agree"],
                reason=payload.validated_data["reason"],
            )
        )


@extend_schema(parameters=[NATION_PARAMETER])
class NapOfferViewSet(NationScopedMixin, BaseViewSet):
    """Offers the nation made for its hubs and offers it received for its requests. POST makes an offer on a request
    routed to one of the nation's hubs; the requesting nation accepts (which books the slots) or declines."""

    serializer_class = s.HubOfferSerializer
    http_method_names = ["get", "post", "head", "options"]
    filter_backends: list = []
    object_action_permissions = {"accept": "change", "decline": "change"}

    def visible_queryset(self, user):
        if user is None:
            return Offer.objects.all()
        return selectors.offer_list_for_nation(
            user=user, nation_id=self.nation_id, details=self.action not in ("accept", "decline")
        )

    def can_create(self, request) -> bool:
        return roles.is_nap_of(request.user, self.nation_id)

    @extend_schema(request=s.HubOfferWriteSerializer, responses={201: s.HubOfferSerializer})
    def create(self, request, *args, **kwargs):
        payload = s.HubOfferWriteSerializer(data=request.data)
        payload.fields["request"].queryset = selectors.request_list_for_nation(
            user=request.user, nation_id=self.nation_id, direction="incoming"
        )
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        service = None
        if data.pop("service", None) is not None:
            service = HubService.objects.filter(pk=payload.validated_data["service"]).first()
            if service is None:
                raise NotFound("No such service.")
        offer = services.offer_create(
            request=data.pop("request"),
            by=request.user,
            service=service,
            slots=[dict(row) for row in data.pop("slots")] if "slots" in data else None,
            **data,
        )
        return Response(s.HubOfferSerializer(self.get_queryset().get(pk=offer.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={201: s.OfferAcceptanceSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request, nation_id=None, pk=None):
        """Accept the offer: every slot is booked or none; when another acceptance took the capacity first the
        answer is 409 `capacity_taken`, and an expired offer answers 409 `offer_expired`."""
        bookings = services.offer_accept(offer=self.get_object(), by=request.user)
        offer = selectors.offer_list_for_nation(user=request.user, nation_id=self.nation_id).get(pk=pk)
        booked = selectors.booking_list_for_nation(user=request.user, nation_id=self.nation_id).filter(
            pk__in=[b.pk for b in bookings]
        )
        return Response(
            s.OfferAcceptanceSerializer({"offer": offer, "bookings": booked}).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=s.DecisionReasonSerializer, responses=s.HubOfferSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, nation_id=None, pk=None):
        payload = s.DecisionReasonSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        offer = services.offer_decline(
            offer=self.get_object(), by=request.user, reason=payload.validated_data["reason"]
        )
        offer = selectors.offer_list_for_nation(user=request.user, nation_id=self.nation_id).get(pk=offer.pk)
        return Response(s.HubOfferSerializer(offer).data)


@extend_schema(parameters=[NATION_PARAMETER])
class NapBookingViewSet(NationScopedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, VisibleViewSet):
    """Bookings of the nation's requests and bookings at the nation's hubs."""

    serializer_class = s.BookingSerializer
    filter_backends: list = []

    def visible_queryset(self, user):
        if user is None:
            return Booking.objects.all()
        return selectors.booking_list_for_nation(user=user, nation_id=self.nation_id)


@extend_schema(parameters=[NATION_PARAMETER])
class NapHubViewSet(NationScopedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, VisibleViewSet):
    """The nation's own hubs; `calendar` shows their slots with the bookings that hold them."""

    serializer_class = s.HubSerializer
    filter_backends: list = []

    def visible_queryset(self, user):
        return selectors.hub_list(nation_id=None if user is None else self.nation_id, active_only=False)

    @extend_schema(
        parameters=[*PERIOD_PARAMETERS, OpenApiParameter("service", OpenApiTypes.INT)],
        responses=s.CalendarSlotSerializer(many=True),
    )
    @action(detail=True, methods=["get"])
    def calendar(self, request, nation_id=None, pk=None):
        """The hub's slots in the period (default: the next 14 days) with capacity, bookings and their nations."""
        hub = self.get_object()
        start, end = period_from(request.query_params)
        slots = selectors.hub_calendar(hub=hub, start=start, end=end)
        if (service := int_param(request.query_params, "service")) is not None:
            slots = slots.filter(service_id=service)
        return Response(s.CalendarSlotSerializer(slots, many=True).data)
