"""The JCC's endpoints under `jcc/`: every request and its routing, conflicts and their decisions, utilisation per
hub, service and week. JCC coordinators only."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from core.api.filters import AlxFilterBackend
from core.api.viewsets import ActionViewSet, VisibleViewSet

from ... import selectors, services
from ...models import ServiceRequest
from .. import serializers as s
from ..filters import JccRequestFilter
from .common import PERIOD_PARAMETERS, IsJccCoordinator, int_param, period_from


class JccRequestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, VisibleViewSet):
    """Every submitted request across nations; `route` sends one to a hub with the reason recorded."""

    serializer_class = s.ServiceRequestSerializer
    # The role is the right: the JCC routes any request, which no object rule (the nations', the hubs') grants.
    permission_classes = [IsJccCoordinator]
    filter_backends = [AlxFilterBackend]  # newest first, no `ordering` parameter
    filterset_class = JccRequestFilter

    def visible_queryset(self, user):
        return ServiceRequest.objects.all() if user is None else selectors.request_list_for_jcc(user=user)

    @extend_schema(request=s.RoutingSerializer, responses=s.ServiceRequestSerializer)
    @action(detail=True, methods=["post"])
    def route(self, request, pk=None):
        """Route the request to a hub (default: the hub it named); the hub must take the service and the cargo."""
        payload = s.RoutingSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        routed = services.request_route(
            request=self.get_object(),
            by=request.user,
            hub=payload.validated_data.get("hub"),
            reason=payload.validated_data["reason"],
        )
        return Response(s.ServiceRequestSerializer(self.get_queryset().get(pk=routed.pk)).data)


class JccConflictViewSet(ActionViewSet):
    """Requests competing for the same hub capacity, ranked by priority; `resolve` records the JCC's decision."""

    permission_classes = [IsJccCoordinator]

    @extend_schema(parameters=[OpenApiParameter("hub", OpenApiTypes.INT)], responses=s.ConflictSerializer(many=True))
    def list(self, request):
        conflicts = selectors.conflicts_open(hub_id=int_param(request.query_params, "hub"))
        return Response(s.ConflictSerializer(conflicts, many=True).data)

    @extend_schema(request=s.ConflictResolveSerializer, responses={201: s.ConflictDecisionSerializer})
    @action(detail=False, methods=["post"])
    def resolve(self, request):
        """Decide: in rank order (priority unless `ranked`), requests that fit are routed to the hub; the others go
        to the hub named in `reroute` or are deferred. The ranking, outcomes and reason are recorded."""
        payload = s.ConflictResolveSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        found = ServiceRequest.objects.in_bulk(data["requests"])
        missing = [pk for pk in data["requests"] if pk not in found]
        if missing:
            raise ValidationError({"requests": [f"Unknown request: {', '.join(map(str, missing))}."]})
        decision = services.conflict_resolve(
            hub=data["hub"],
            requests=[found[pk] for pk in data["requests"]],
            by=request.user,
            reason=data["reason"],
            ranked=data["ranked"],
            reroute={row["request"]: row["hub"] for row in data.get("reroute", [])},
        )
        return Response(s.ConflictDecisionSerializer(decision).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=s.ConflictDecisionSerializer(many=True))
    @action(detail=False, methods=["get"])
    def decisions(self, request):
        """The JCC's recorded conflict decisions, newest first (the latest 100)."""
        decisions = selectors.conflict_decision_list(user=request.user)[:100]
        return Response(s.ConflictDecisionSerializer(decisions, many=True).data)


class JccUtilisationViewSet(ActionViewSet):
    """Capacity and bookings per hub, service and ISO week (default: the next 8 weeks)."""

    permission_classes = [IsJccCoordinator]

    @extend_schema(
        parameters=[*PERIOD_PARAMETERS, OpenApiParameter("hub", OpenApiTypes.INT)],
        responses=s.UtilisationSerializer(many=True),
    )
    def list(self, request):
        start, end = period_from(request.query_params, default_days=56)
        rows = selectors.utilisation(start=start, end=end, hub_id=int_param(request.query_params, "hub"))
        return Response(s.UtilisationSerializer(rows, many=True).data)
