"""Hubs for planners (any signed-in user): the hubs, their services and free capacity per period."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from ...models import Hub, ServiceKind, TransportMode
from ...planner import civilian_capacity_near
from ...selectors import hub_availability, hub_list
from .. import serializers as s
from .common import PERIOD_PARAMETERS, int_param, period_from


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("nation", OpenApiTypes.INT),
            OpenApiParameter("mode", enum=TransportMode.values),
            OpenApiParameter("service_kind", enum=ServiceKind.values),
        ]
    )
)
class HubViewSet(viewsets.ReadOnlyModelViewSet):
    """Every active hub with its services, modes and gauges; `availability` shows free capacity per slot."""

    serializer_class = s.HubSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends: list = []
    queryset = Hub.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Hub.objects.none()
        params = self.request.query_params
        queryset = hub_list(nation_id=int_param(params, "nation"))
        if params.get("mode") in TransportMode.values:
            queryset = queryset.filter(modes__contains=[params["mode"]])
        if params.get("service_kind") in ServiceKind.values:
            queryset = queryset.filter(services__kind=params["service_kind"], services__is_active=True).distinct()
        return queryset

    @extend_schema(
        parameters=[
            *PERIOD_PARAMETERS,
            OpenApiParameter("service", OpenApiTypes.INT),
            OpenApiParameter("kind", enum=ServiceKind.values),
            OpenApiParameter("quantity", OpenApiTypes.INT, description="room needed in a slot (default 1)"),
        ],
        responses=s.AvailabilitySerializer,
    )
    @action(detail=True, methods=["get"])
    def availability(self, request, pk=None):
        """Free capacity of the hub's services per slot in the period. A service with no slot that has room for
        `quantity` is full: civilian capacity listed on the marketplace near the hub is suggested."""
        hub = self.get_object()
        params = request.query_params
        start, end = period_from(params)
        quantity = int_param(params, "quantity") or 1
        kind = params.get("kind") if params.get("kind") in ServiceKind.values else ""
        slots = list(
            hub_availability(hub=hub, start=start, end=end, service_id=int_param(params, "service"), kind=kind)
        )
        services = {}
        for slot in slots:
            services.setdefault(slot.service_id, {"service": slot.service, "slots": []})["slots"].append(slot)
        wanted = hub.services.filter(is_active=True)
        if int_param(params, "service") is not None:
            wanted = wanted.filter(pk=int_param(params, "service"))
        if kind:
            wanted = wanted.filter(kind=kind)
        result = []
        for service in wanted.order_by("pk"):
            entry = services.get(service.pk, {"service": service, "slots": []})
            full = not any(slot.capacity - slot.booked >= quantity for slot in entry["slots"])
            suggestions = (
                civilian_capacity_near(user=request.user, hub=hub, service_kind=service.kind, start=start, end=end)
                if full
                else []
            )
            result.append({**entry, "full": full, "suggestions": suggestions})
        payload = {"hub": hub.pk, "start": start, "end": end, "quantity": quantity, "services": result}
        return Response(s.AvailabilitySerializer(payload).data)
