"""The JCC's coordination: route a request to a hub (or release it to the hub it named), and decide between
requests competing for the same capacity, by priority or an explicit ranking, with the reason recorded."""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.audit import audit_record
from organizations.models import User

from ..models import CargoLine, ConflictDecision, Hub, HubService, RequestState, ServiceRequest
from ..selectors.capacity import CONFLICT_STATES, priority_order, slots_in_period
from .cargo import cargo_problems, cargo_screen, ensure_hub_fits
from .common import ensure_jcc, locked_request, refuse, required_reason, transition

ROUTABLE_STATES = {RequestState.SUBMITTED, RequestState.COORDINATING, RequestState.DECLINED}


def _route_locked(request: ServiceRequest, hub: Hub, *, by: User, reason: str) -> ServiceRequest:
    if not hub.is_active:
        raise refuse(_("%(hub)s takes no requests at the moment.") % {"hub": hub.name}, field="hub")
    lines = list(request.cargo_lines.all())
    ensure_hub_fits(request=request, hub=hub, lines=lines, field="hub")
    cargo_screen(request=request, hub=hub, lines=lines)
    CargoLine.objects.bulk_update(lines, ["screening_outcome", "screening_reasons"])
    before = request.routed_to_id
    request.routed_to, request.jcc_reason, request.routed_at, request.decline_reason = hub, reason, timezone.now(), ""
    return transition(
        request,
        to=RequestState.COORDINATING,
        by=by,
        action="routed",
        reason=reason,
        fields=("routed_to", "jcc_reason", "routed_at", "decline_reason"),
        changes={"routed_to": [before, hub.pk]},
    )


@transaction.atomic
def request_route(*, request: ServiceRequest, by: User, reason: str, hub: Hub | None = None) -> ServiceRequest:
    """Route a submitted (or declined) request to a hub, with the reason recorded; without `hub` the request goes
    to the hub it named. The hub must offer the service, take the cargo and pass export screening."""
    ensure_jcc(by, doing=_("route requests"))
    reason = required_reason(reason, what=_("routing"))
    request = locked_request(request)
    if request.state not in ROUTABLE_STATES:
        raise refuse(
            _("A request that is %(state)s cannot be routed.") % {"state": request.get_state_display().lower()},
            code="invalid_state",
        )
    hub = hub or request.target_hub
    if hub is None:
        raise refuse(_("The request asks for any suitable hub: name the hub."), field="hub")
    return _route_locked(request, hub, by=by, reason=reason)


def _defer(request: ServiceRequest, *, by: User, reason: str) -> None:
    request.jcc_reason = reason
    if request.state == RequestState.COORDINATING:
        before, request.routed_to = request.routed_to_id, None
        transition(
            request,
            to=RequestState.SUBMITTED,
            by=by,
            action="deferred",
            reason=reason,
            fields=("routed_to", "jcc_reason"),
            changes={"routed_to": [before, None]},
        )
        return
    request.save(update_fields=["jcc_reason", "updated_at"])
    audit_record(
        actor=by,
        action="service_request.deferred",
        target=request,
        organization=request.nation,
        changes={"reason": [None, reason]},
    )


def _ensure_competitors(hub: Hub, requests: list[ServiceRequest]) -> str:
    if len(requests) < 2:
        raise refuse(_("A conflict involves at least two requests."), field="requests")
    kinds = {r.service_kind for r in requests}
    if len(kinds) != 1:
        raise refuse(_("The requests ask for different services; they do not compete."), field="requests")
    for request in requests:
        if request.state not in CONFLICT_STATES:
            raise refuse(
                _("%(r)s is %(state)s; only submitted or routed requests are decided here.")
                % {"r": request, "state": request.get_state_display().lower()},
                field="requests",
                code="invalid_state",
            )
        if (request.routed_to_id or request.target_hub_id) != hub.pk:
            raise refuse(_("%(r)s is not for %(hub)s.") % {"r": request, "hub": hub.name}, field="requests")
    return kinds.pop()


@transaction.atomic
def conflict_resolve(
    *,
    hub: Hub,
    requests: list[ServiceRequest],
    by: User,
    reason: str,
    ranked: bool = False,
    reroute: dict[int, Hub] | None = None,
) -> ConflictDecision:
    """Decide between requests competing for a hub's capacity (JCC coordinators only).

    The requests are ranked by priority (1 first, then by submission time) unless `ranked` says the given order
    is the JCC's own ranking. In rank order each request gets the hub's free capacity if all its slots still
    have room; it is then routed to the hub. One that no longer fits goes to the hub named in `reroute`, or is
    deferred (back to submitted) for the JCC to route elsewhere. The ranking and every outcome are recorded.
    """
    ensure_jcc(by, doing=_("decide conflicts"))
    reason = required_reason(reason, what=_("the decision"))
    ids = [r.pk for r in requests]
    if len(set(ids)) != len(ids):
        raise refuse(_("A request appears twice."), field="requests")
    locked = {r.pk: r for r in ServiceRequest.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
    if len(locked) != len(ids):
        raise refuse(_("One of the requests does not exist."), field="requests")
    ordered = [locked[pk] for pk in ids]
    kind = _ensure_competitors(hub, ordered)
    if not ranked:
        ordered = priority_order(ordered)
    start, end = min(r.period_start for r in ordered), max(r.period_end for r in ordered)
    slots_by_service = defaultdict(list)
    for slot in (
        slots_in_period(start=start, end=end)
        .filter(service__hub=hub, service__kind=kind, service__is_active=True)
        .order_by("start")
    ):
        slots_by_service[slot.service_id].append(slot)
    services = list(HubService.objects.filter(pk__in=list(slots_by_service)).order_by("pk"))
    remaining = {slot.pk: slot.free for slots in slots_by_service.values() for slot in slots}
    decision = ConflictDecision.objects.create(
        hub=hub, service_kind=kind, period_start=start, period_end=end, reason=reason, decided_by=by
    )
    ranking = []
    for rank, request in enumerate(ordered, 1):
        lines = list(request.cargo_lines.all())
        allocated = None
        for service in services:
            needed = [
                s for s in slots_by_service[service.pk] if s.start < request.period_end and s.end > request.period_start
            ]
            if (
                needed
                and not cargo_problems(lines, service)
                and all(remaining[s.pk] >= request.quantity for s in needed)
            ):
                for slot in needed:
                    remaining[slot.pk] -= request.quantity
                allocated = service
                break
        text = _("JCC decision %(id)d at %(hub)s, rank %(rank)d of %(n)d: %(reason)s") % {
            "id": decision.pk,
            "hub": hub.name,
            "rank": rank,
            "n": len(ordered),
            "reason": reason,
        }
        entry = {
            "rank": rank,
            "request": request.pk,
            "nation": request.nation_id,
            "priority": request.priority,
            "quantity": request.quantity,
            "hub": hub.pk,
        }
        if allocated is not None:
            entry["outcome"] = "routed"
            _route_locked(request, hub, by=by, reason=text)
        elif reroute and request.pk in reroute:
            entry.update(outcome="rerouted", hub=reroute[request.pk].pk)
            _route_locked(request, reroute[request.pk], by=by, reason=text)
        else:
            entry.update(outcome="deferred", hub=None)
            _defer(request, by=by, reason=text)
        ranking.append(entry)
    decision.ranking = ranking
    decision.save(update_fields=["ranking"])
    decision.requests.set(ordered)
    audit_record(
        actor=by,
        action="conflict_decision.recorded",
        target=decision,
        organization=None,
        changes={"ranking": [None, ranking], "reason": [None, reason]},
    )
    return decision
