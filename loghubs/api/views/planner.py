"""The movement planner for any signed-in planner: a route over the hub corridors with the bookings it needs."""

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.viewsets import ActionViewSet

from ...planner import route_plan
from ...services.cargo import cargo_lines_build
from .. import serializers as s


class PlannerViewSet(ActionViewSet):
    """Propose routes; nothing is booked."""

    @extend_schema(request=s.RouteInputSerializer, responses=s.RoutePlanSerializer)
    @action(detail=False, methods=["post"])
    def route(self, request):
        """The shortest feasible route from origin to destination within the period. Where the rail gauge changes
        (e.g. 1435 → 1520 mm) or the mode changes, a transshipment at a hub able to do it, with a free slot, is
        inserted; full services come with civilian capacity nearby from the marketplace."""
        payload = s.RouteInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        plan = route_plan(
            origin=data["origin"],
            destination=data["destination"],
            start=data["period_start"],
            end=data["period_end"],
            quantity=data["quantity"],
            user=request.user,
            cargo=cargo_lines_build([dict(line) for line in data.get("cargo", [])]),
            modes=data.get("modes") or None,
            destination_service=data.get("destination_service", ""),
        )
        return Response(s.RoutePlanSerializer(plan).data)
