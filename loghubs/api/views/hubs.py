"""Hubs for planners (any signed-in user): the hubs, their services and free capacity per period."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.filters import AlxFilterBackend
from core.api.viewsets import ReadOnlyBaseViewSet

from ...models import ServiceKind
from ...planner import civilian_capacity_near
from ...selectors import hub_availability, hub_list
from .. import serializers as s
from ..filters import HubFilter
from .common import PERIOD_PARAMETERS, int_param, period_from


class HubViewSet(ReadOnlyBaseViewSet):
    """Every active hub with its services, modes and gauges; `availability` shows free capacity per slot."""

    serializer_class = s.HubSerializer
    http_method_names = ["get", "head", "options"]
    filter_backends = [AlxFilterBackend]  # by name, no `ordering` parameter
    filterset_class = HubFilter

    def visible_queryset(self, user):
        return hub_list()  # hubs are known to every signed-in planner

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
