"""The movement planner: a route over the corridor graph from an origin to a destination hub for cargo in a period.

Dijkstra runs over states (hub, mode and gauge of arrival), so a change of mode or of rail gauge at a hub is a
transition of its own: it costs a handling penalty and is allowed only where the hub transships (for a gauge
change, where the hub changes gauge) with a transshipment slot free for the quantity after the cargo arrives.
Leg times follow a planning speed per mode; a route must arrive before the period ends. Where a needed service
is full, the plan names the hub and suggests civilian capacity nearby from the marketplace.
"""

from __future__ import annotations

import heapq
import itertools
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils.translation import gettext as _

from core.formatting import format_datetime
from organizations.models import User

from ..models import CargoLine, Hub, HubLink, HubService, ServiceKind, Slot, TransportMode
from ..services.cargo import cargo_problems
from .overflow import civilian_capacity_near

SPEED_KMH = {
    TransportMode.ROAD: 60,
    TransportMode.RAIL: 45,
    TransportMode.INLAND_WATER: 12,
    TransportMode.SEA: 28,
    TransportMode.AIR: 600,
}
# A change of mode or gauge costs like this many kilometres, so the planner avoids needless handling.
HANDLING_PENALTY_KM = 150


@dataclass
class Leg:
    from_hub: Hub
    to_hub: Hub
    mode: str
    gauge: int | None
    distance_km: int
    depart: datetime
    arrive: datetime


@dataclass
class NeededBooking:
    hub: Hub
    service: HubService
    slot: Slot
    quantity: int
    reason: str


@dataclass
class FullService:
    hub: Hub
    service_kind: str
    reason: str
    suggestions: list[dict] = field(default_factory=list)


@dataclass
class RoutePlan:
    origin: Hub
    destination: Hub
    found: bool
    message: str
    legs: list[Leg] = field(default_factory=list)
    steps: list[NeededBooking] = field(default_factory=list)
    full: list[FullService] = field(default_factory=list)

    @property
    def distance_km(self) -> int:
        return sum(leg.distance_km for leg in self.legs)

    @property
    def bookings(self) -> list[NeededBooking]:
        return self.steps


class _Capacity:
    """Free slots per hub and service kind in the period, loaded once per hub and kind."""

    def __init__(self, *, start: datetime, end: datetime, quantity: int, cargo: list[CargoLine]):
        self.start, self.end, self.quantity, self.cargo = start, end, quantity, cargo
        self._cache: dict[tuple[int, str], list[tuple[HubService, list[Slot]]]] = {}

    def services(self, hub: Hub, kind: str) -> list[tuple[HubService, list[Slot]]]:
        key = (hub.pk, kind)
        if key not in self._cache:
            services = [
                s
                for s in HubService.objects.filter(hub=hub, kind=kind, is_active=True).order_by("pk")
                if not cargo_problems(self.cargo, s) and s.capacity_per_slot >= self.quantity
            ]
            slots = {s.pk: [] for s in services}
            for slot in Slot.objects.filter(service__in=services, start__lt=self.end, end__gt=self.start).order_by(
                "start"
            ):
                slots[slot.service_id].append(slot)
            self._cache[key] = [(s, slots[s.pk]) for s in services]
        return self._cache[key]

    def first_free(self, hub: Hub, kind: str, after: datetime) -> tuple[HubService, Slot] | None:
        best = None
        for service, slots in self.services(hub, kind):
            for slot in slots:
                if slot.end > after and slot.free >= self.quantity:
                    if best is None or slot.start < best[1].start:
                        best = (service, slot)
                    break
        return best

    def covering(self, hub: Hub, kind: str, start: datetime) -> tuple[HubService, list[Slot]] | None:
        """One service whose slots from `start` to the period's end all have room."""
        for service, slots in self.services(hub, kind):
            needed = [slot for slot in slots if slot.end > start]
            if needed and all(slot.free >= self.quantity for slot in needed):
                return service, needed
        return None


def _transition_reason(arrival_mode: str, arrival_gauge: int | None, link: HubLink) -> str | None:
    if arrival_mode is None:
        return None
    if link.mode != arrival_mode:
        return _("transshipment %(a)s → %(b)s") % {
            "a": TransportMode(arrival_mode).label,
            "b": TransportMode(link.mode).label,
        }
    if link.mode == TransportMode.RAIL and link.gauge != arrival_gauge:
        return _("gauge change %(a)s → %(b)s mm") % {"a": arrival_gauge, "b": link.gauge}
    return None


def _links_by_hub(modes: list[str] | None) -> dict[int, list[HubLink]]:
    links: dict[int, list[HubLink]] = {}
    queryset = (
        HubLink.objects.filter(from_hub__is_active=True, to_hub__is_active=True)
        .select_related("from_hub__nation", "to_hub__nation")
        .order_by("pk")
    )
    if modes:
        queryset = queryset.filter(mode__in=modes)
    for link in queryset:
        links.setdefault(link.from_hub_id, []).append(link)
    return links


def route_plan(
    *,
    origin: Hub,
    destination: Hub,
    start: datetime,
    end: datetime,
    quantity: int,
    user: User | None,
    cargo: list[CargoLine] | None = None,
    modes: list[str] | None = None,
    destination_service: str = "",
) -> RoutePlan:
    """Propose the shortest feasible route (see the module docstring) and the bookings it would need."""
    cargo = cargo or []
    capacity = _Capacity(start=start, end=end, quantity=quantity, cargo=cargo)
    links = _links_by_hub(modes)
    full: dict[tuple[int, str], FullService] = {}
    counter = itertools.count()
    # state: (hub id, arrival mode, arrival gauge) → (cost, time, previous state, leg, needed booking)
    best: dict[tuple, tuple] = {(origin.pk, None, None): (0, start, None, None, None)}
    queue = [(0, next(counter), (origin.pk, None, None))]
    done: set[tuple] = set()
    goal = None
    while queue:
        cost, _tie, state = heapq.heappop(queue)
        if state in done:
            continue
        done.add(state)
        hub_id, mode, gauge = state
        if hub_id == destination.pk:
            goal = state
            break
        now = best[state][1]
        for link in links.get(hub_id, []):
            hub = link.from_hub
            reason = _transition_reason(mode, gauge, link)
            depart, step, extra = now, None, 0
            if reason is not None:
                if link.mode == mode and not hub.changes_gauge:
                    continue  # rail of another gauge, but the hub cannot move loads between gauges
                found = capacity.first_free(hub, ServiceKind.TRANSSHIPMENT, now)
                if found is None:
                    full.setdefault(
                        (hub.pk, ServiceKind.TRANSSHIPMENT),
                        FullService(
                            hub,
                            ServiceKind.TRANSSHIPMENT,
                            _("No transshipment slot free for %(q)d after %(t)s.")
                            % {"q": quantity, "t": format_datetime(now)},
                        ),
                    )
                    continue
                service, slot = found
                step = NeededBooking(hub, service, slot, quantity, reason)
                depart, extra = max(now, slot.end), HANDLING_PENALTY_KM
            arrive = depart + timedelta(hours=link.distance_km / SPEED_KMH[link.mode])
            if arrive > end:
                continue
            target = (link.to_hub_id, link.mode, link.gauge)
            new_cost = cost + link.distance_km + extra
            if target not in done and (target not in best or new_cost < best[target][0]):
                leg = Leg(hub, link.to_hub, link.mode, link.gauge, link.distance_km, depart, arrive)
                best[target] = (new_cost, arrive, state, leg, step)
                heapq.heappush(queue, (new_cost, next(counter), target))
    return _plan(origin, destination, goal, best, full, capacity, destination_service, user)


def _plan(origin, destination, goal, best, full, capacity: _Capacity, destination_service: str, user) -> RoutePlan:
    if goal is None:
        plan = RoutePlan(
            origin,
            destination,
            False,
            _("No route from %(a)s to %(b)s within the period.") % {"a": origin.name, "b": destination.name},
            full=list(full.values()),
        )
    else:
        legs, steps, state = [], [], goal
        while best[state][2] is not None:
            _cost, _time, previous, leg, step = best[state]
            legs.append(leg)
            if step is not None:
                steps.append(step)
            state = previous
        plan = RoutePlan(origin, destination, True, _("Route found."), legs[::-1], steps[::-1], list(full.values()))
        if destination_service:
            arrival = best[goal][1]
            covered = capacity.covering(destination, destination_service, arrival)
            if covered is None:
                plan.full.append(
                    FullService(
                        destination,
                        destination_service,
                        _("No %(kind)s free for %(q)d from the arrival (%(t)s) to the end of the period.")
                        % {
                            "kind": ServiceKind(destination_service).label,
                            "q": capacity.quantity,
                            "t": format_datetime(arrival),
                        },
                    )
                )
            else:
                service, slots = covered
                plan.steps += [
                    NeededBooking(destination, service, slot, capacity.quantity, ServiceKind(destination_service).label)
                    for slot in slots
                ]
    for item in plan.full:
        item.suggestions = civilian_capacity_near(
            user=user, hub=item.hub, service_kind=item.service_kind, start=capacity.start, end=capacity.end
        )
    return plan
