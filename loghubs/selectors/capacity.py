"""Reads of capacity: free slots per service and period, a hub's calendar, utilisation per hub, service and week,
and the conflicts between requests competing for the same hub capacity."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, DateField, Exists, F, Max, Min, OuterRef, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncWeek

from ..models import Booking, BookingState, Hub, HubService, RequestState, ServiceRequest, Slot

CONFLICT_STATES = [RequestState.SUBMITTED, RequestState.COORDINATING]


def slots_in_period(*, start: datetime, end: datetime) -> QuerySet[Slot]:
    """Slots overlapping [start, end)."""
    return Slot.objects.filter(start__lt=end, end__gt=start)


def hub_availability(
    *, hub: Hub, start: datetime, end: datetime, service_id: int | None = None, kind: str = ""
) -> QuerySet[Slot]:
    """The hub's active service slots in the period, with `free` computed by the database."""
    queryset = slots_in_period(start=start, end=end).filter(service__hub=hub, service__is_active=True)
    if service_id is not None:
        queryset = queryset.filter(service_id=service_id)
    if kind:
        queryset = queryset.filter(service__kind=kind)
    return (
        queryset.select_related("service")
        .annotate(free_capacity=F("capacity") - F("booked"))
        .order_by("service_id", "start")
    )


def service_slot_span(*, service: HubService, after: datetime) -> dict:
    """How far the service's slots reach: the count of slots ending after `after`, the first start and last end."""
    return Slot.objects.filter(service=service, end__gt=after).aggregate(
        count=Count("id"), first=Min("start"), last=Max("end")
    )


def hub_calendar(*, hub: Hub, start: datetime, end: datetime) -> QuerySet[Slot]:
    """The hub's slots in the period with the bookings that hold them (and which nation's request they serve)."""
    holding = Booking.objects.filter(
        state__in=[BookingState.CONFIRMED, BookingState.CHECKED_IN, BookingState.COMPLETED]
    ).select_related("offer__request__nation")
    return (
        slots_in_period(start=start, end=end)
        .filter(service__hub=hub)
        .select_related("service")
        .prefetch_related(Prefetch("bookings", holding.order_by("id"), to_attr="holding_bookings"))
        .order_by("start", "service_id")
    )


def utilisation(*, start: datetime, end: datetime, hub_id: int | None = None):
    """Capacity and bookings summed per hub, service and ISO week (weeks starting in the period)."""
    queryset = Slot.objects.filter(start__gte=start, start__lt=end, service__is_active=True)
    if hub_id is not None:
        queryset = queryset.filter(service__hub_id=hub_id)
    return (
        queryset.annotate(week=TruncWeek("start", output_field=DateField()))
        .values(
            "service__hub_id",
            "service__hub__name",
            "service__hub__nation__country",
            "service_id",
            "service__name",
            "service__kind",
            "service__unit",
            "week",
        )
        .annotate(capacity=Sum("capacity"), booked=Sum("booked"))
        .order_by("service__hub__name", "service__hub_id", "service_id", "week")
    )


@dataclass
class Conflict:
    """Requests that overlap in time at one hub for one kind of service and ask for more than is free."""

    hub: Hub
    service_kind: str
    period_start: datetime
    period_end: datetime
    requests: list[ServiceRequest] = field(default_factory=list)
    peak_start: datetime | None = None
    peak_demand: int = 0
    peak_free: int = 0

    @property
    def key(self) -> str:
        return f"{self.hub.pk}:{self.service_kind}:{self.period_start.isoformat()}"


def priority_order(requests: list[ServiceRequest]) -> list[ServiceRequest]:
    """Highest priority (1) first; among equals, who submitted first."""
    return sorted(requests, key=lambda r: (r.priority, r.submitted_at or r.created_at, r.pk))


def _clusters(requests: list[ServiceRequest]) -> list[list[ServiceRequest]]:
    clusters: list[list[ServiceRequest]] = []
    end = None
    for request in sorted(requests, key=lambda r: r.period_start):
        if clusters and request.period_start < end:
            clusters[-1].append(request)
            end = max(end, request.period_end)
        else:
            clusters.append([request])
            end = request.period_end
    return [cluster for cluster in clusters if len(cluster) > 1]


def _peak(cluster: list[ServiceRequest], slots: list[Slot]) -> tuple[datetime, int, int] | None:
    """The slot time where competing requests exceed the free capacity most, or None when all fit."""
    by_start: dict[datetime, list[Slot]] = defaultdict(list)
    for slot in slots:
        by_start[slot.start].append(slot)
    worst = None
    for start in sorted(by_start):
        group = by_start[start]
        end = max(slot.end for slot in group)
        active = [r for r in cluster if r.period_start < end and r.period_end > start]
        demand, free = sum(r.quantity for r in active), sum(slot.free for slot in group)
        if len(active) > 1 and demand > free and (worst is None or demand - free > worst[1] - worst[2]):
            worst = (start, demand, free)
    return worst


def conflicts_open(*, hub_id: int | None = None) -> list[Conflict]:
    """Requests submitted or routed to the same hub for the same service whose periods overlap and whose combined
    quantity exceeds the free capacity in some slot, ranked by priority for the JCC's decision."""
    # A request a decision deferred from the hub it names waits for the JCC to route it elsewhere: it no longer
    # competes there (else the decided conflict would come back at once).
    deferred_here = ServiceRequest.conflict_decisions.through.objects.filter(
        servicerequest_id=OuterRef("pk"), conflictdecision__hub_id=OuterRef("at_hub")
    )
    requests = (
        ServiceRequest.objects.filter(state__in=CONFLICT_STATES)
        .annotate(at_hub=Coalesce("routed_to_id", "target_hub_id"))
        .exclude(at_hub=None)
        .exclude(Q(routed_to=None) & Exists(deferred_here))
        .select_related("nation")
        .order_by("period_start", "id")
    )
    if hub_id is not None:
        requests = requests.filter(at_hub=hub_id)
    groups: dict[tuple[int, str], list[ServiceRequest]] = defaultdict(list)
    for request in requests:
        groups[(request.at_hub, request.service_kind)].append(request)
    hubs = Hub.objects.in_bulk({hub for hub, _kind in groups})
    conflicts = []
    for (hub, kind), members in groups.items():
        for cluster in _clusters(members):
            start, end = min(r.period_start for r in cluster), max(r.period_end for r in cluster)
            slots = list(
                slots_in_period(start=start, end=end).filter(
                    service__hub_id=hub, service__kind=kind, service__is_active=True
                )
            )
            peak = _peak(cluster, slots)
            if peak is not None:
                conflicts.append(
                    Conflict(
                        hub=hubs[hub],
                        service_kind=kind,
                        period_start=start,
                        period_end=end,
                        requests=priority_order(cluster),
                        peak_start=peak[0],
                        peak_demand=peak[1],
                        peak_free=peak[2],
                    )
                )
    return sorted(conflicts, key=lambda c: (c.period_start, c.hub.name))
