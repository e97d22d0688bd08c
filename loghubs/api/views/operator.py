"""Hub operators' endpoints under `operator/`: bookings to check in and complete, accepted requests to schedule
or release, and the service and capacity editor. Each lists only the hubs the user runs; users without the hub
operator role get 403, as the JCC endpoints answer everyone but the JCC."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.viewsets import BaseViewSet, ObjectActionPermission, VisibleViewSet

from ... import roles, selectors, services
from ...models import Booking, HubService, ServiceRequest
from .. import serializers as s
from .common import IsHubOperator


class OperatorBookingViewSet(BaseViewSet):
    """Bookings at your hubs, by slot start; check cargo in and complete the service."""

    serializer_class = s.BookingSerializer
    permission_classes = [IsHubOperator, ObjectActionPermission]
    http_method_names = ["get", "post", "head", "options"]
    filter_backends: list = []
    object_action_permissions = {"check_in": "change", "complete": "change"}

    def visible_queryset(self, user):
        return Booking.objects.all() if user is None else selectors.booking_list_for_operator(user=user)

    def can_create(self, request) -> bool:
        return False

    def _answer(self, bookings):
        return Response(
            s.BookingSerializer(self.get_queryset().filter(pk__in=[b.pk for b in bookings]), many=True).data
        )

    @extend_schema(request=None, responses=s.BookingSerializer(many=True))
    @action(detail=True, methods=["post"], url_path="check-in")
    def check_in(self, request, pk=None):
        """The cargo arrived: this booking and the later slots of the same offer are checked in."""
        return self._answer(services.booking_check_in(booking=self.get_object(), by=request.user))

    @extend_schema(request=None, responses=s.BookingSerializer(many=True))
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        """The service is done up to this slot; the request completes with its last open slot."""
        return self._answer(services.booking_complete(booking=self.get_object(), by=request.user))


class OperatorRequestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, VisibleViewSet):
    """Requests booked at your hubs: confirm the schedule, answer cancellations asked after the cut-off."""

    serializer_class = s.ServiceRequestSerializer
    # The role is the right here: the services check that the request is booked at a hub the user runs.
    permission_classes = [IsHubOperator]
    filter_backends: list = []

    def visible_queryset(self, user):
        return ServiceRequest.objects.all() if user is None else selectors.request_list_for_operator(user=user)

    def _answer(self, request_obj):
        return Response(s.ServiceRequestSerializer(self.get_queryset().get(pk=request_obj.pk)).data)

    @extend_schema(request=s.ScheduleNoteSerializer, responses=s.ServiceRequestSerializer)
    @action(detail=True, methods=["post"])
    def schedule(self, request, pk=None):
        payload = s.ScheduleNoteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return self._answer(
            services.request_schedule(request=self.get_object(), by=request.user, note=payload.validated_data["note"])
        )

    @extend_schema(request=s.CancellationDecisionSerializer, responses=s.ServiceRequestSerializer)
    @action(detail=True, methods=["post"])
    def cancellation(self, request, pk=None):
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


class OperatorServiceViewSet(BaseViewSet):
    """The services of your hubs: change capacity and rules (PATCH), open slots for a period."""

    serializer_class = s.HubServiceSerializer
    permission_classes = [IsHubOperator, ObjectActionPermission]
    http_method_names = ["get", "post", "patch", "head", "options"]
    filter_backends: list = []
    object_action_permissions = {"open_slots": "change"}

    def visible_queryset(self, user):
        if user is None:
            return HubService.objects.all()
        return (
            HubService.objects.filter(hub__in=roles.operated_hubs(user))
            .select_related("hub")
            .order_by("hub__name", "kind", "pk")
        )

    def can_create(self, request) -> bool:
        return False

    def perform_update(self, serializer):
        serializer.instance = services.hub_service_update(
            service=serializer.instance, by=self.request.user, **serializer.validated_data
        )

    @extend_schema(request=s.SlotsOpenSerializer, responses={201: s.SlotsOpenedSerializer})
    @action(detail=True, methods=["post"], url_path="open-slots")
    def open_slots(self, request, pk=None):
        """Open the service's slots for a period (existing ones stay as they are)."""
        payload = s.SlotsOpenSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        created = services.slots_open(service=self.get_object(), by=request.user, **payload.validated_data)
        return Response({"created": created}, status=status.HTTP_201_CREATED)
