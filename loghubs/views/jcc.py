"""The JCC coordinator's dashboard: the hub map coloured by utilisation, open requests with route forms, conflicts
with the decision form and past decisions, booked requests, and utilisation per hub and week."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime, time, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import ApplicationError
from organizations.models import Organization

from .. import selectors, services
from ..forms import ConflictResolveForm, RouteForm
from ..models import BOOKED_REQUEST_STATES, OPEN_REQUEST_STATES, Hub, ServiceKind
from .common import report, report_on_form, require_jcc, visible_request

WEEKS = 4
DECISIONS_SHOWN = 10


def _percent(booked: int, capacity: int) -> int:
    return round(100 * booked / capacity) if capacity else 0


def _utilisation(start, end):
    """Rows per hub and service with one cell per week, and the hubs' overall figures for the map."""
    weeks = [(start + timedelta(weeks=i)).date() for i in range(WEEKS)]
    table: dict[tuple, dict] = {}
    per_hub: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for row in selectors.utilisation(start=start, end=end):
        key = (row["service__hub__name"], row["service__name"])
        entry = table.setdefault(
            key,
            {
                "hub": row["service__hub__name"],
                "service": row["service__name"],
                "cells": {week: None for week in weeks},
            },
        )
        if row["week"] in entry["cells"]:
            entry["cells"][row["week"]] = {
                "booked": row["booked"],
                "capacity": row["capacity"],
                "percent": _percent(row["booked"], row["capacity"]),
            }
            per_hub[row["service__hub_id"]][0] += row["booked"]
            per_hub[row["service__hub_id"]][1] += row["capacity"]
    rows = [{**entry, "cells": [entry["cells"][w] for w in weeks]} for entry in table.values()]
    return weeks, rows, per_hub


def _reroute_hubs(conflict):
    """Other active hubs with an active service of the conflict's kind: where a request that no longer fits may go."""
    return (
        selectors.hub_list()
        .prefetch_related(None)
        .exclude(pk=conflict.hub.pk)
        .filter(services__kind=conflict.service_kind, services__is_active=True)
        .distinct()
    )


def _conflict_forms(conflicts, bound: ConflictResolveForm | None, decisions: list) -> list[dict]:
    """One decision form per conflict; the one just submitted keeps its input and errors. A conflict whose requests
    were all decided before is marked: those routed to the hub fit then, so its free capacity has dropped since
    (a deferred request no longer competes there: selectors.conflicts_open)."""
    items = []
    for conflict in conflicts:
        form = (
            bound
            if bound is not None and bound.prefix == ConflictResolveForm.prefix_for(conflict)
            else (ConflictResolveForm(conflict=conflict, hubs=_reroute_hubs(conflict)))
        )
        ids = {r.pk for r in conflict.requests}
        decided = next(
            (d for d in decisions if d.hub_id == conflict.hub.pk and ids <= {entry["request"] for entry in d.ranking}),
            None,
        )
        items.append(
            {"conflict": conflict, "kind": ServiceKind(conflict.service_kind).label, "form": form, "decided": decided}
        )
    return items


def _past_decisions(user) -> list:
    """The latest decisions with each ranked request's outcome in words."""
    decisions = list(selectors.conflict_decision_list(user=user)[:DECISIONS_SHOWN])
    entries = [entry for decision in decisions for entry in decision.ranking]
    hubs = Hub.objects.in_bulk({entry["hub"] for entry in entries if entry.get("hub")})
    nations = Organization.objects.in_bulk({entry["nation"] for entry in entries})
    for decision in decisions:
        decision.kind = ServiceKind(decision.service_kind).label
        decision.rows = []
        for entry in decision.ranking:
            hub = hubs.get(entry.get("hub"))
            name = hub.name if hub else ""
            outcome = {
                "routed": _("routed to %(hub)s") % {"hub": name},
                "rerouted": _("rerouted to %(hub)s") % {"hub": name},
            }.get(entry["outcome"], _("deferred, back to the JCC for routing"))
            decision.rows.append({**entry, "nation": nations.get(entry["nation"]), "outcome_text": outcome})
    return decisions


def _dashboard(request, *, conflicts=None, bound: ConflictResolveForm | None = None):
    today = timezone.localdate()
    start = timezone.make_aware(datetime.combine(today - timedelta(days=today.weekday()), time()))
    end = start + timedelta(weeks=WEEKS)
    weeks, rows, per_hub = _utilisation(start, end)
    hubs = list(selectors.hub_list())
    markers = [
        {
            "id": hub.pk,
            "name": hub.name,
            "city": hub.city,
            "nation": str(hub.nation),
            "lat": float(hub.latitude),
            "lon": float(hub.longitude),
            "booked": per_hub[hub.pk][0],
            "capacity": per_hub[hub.pk][1],
            "percent": _percent(*per_hub[hub.pk]),
        }
        for hub in hubs
    ]
    requests = selectors.request_list_for_jcc(user=request.user)
    decisions = _past_decisions(request.user)
    conflicts = selectors.conflicts_open() if conflicts is None else conflicts
    return render(
        request,
        "loghubs/jcc_dashboard.html",
        {
            "markers": markers,
            "open_requests": requests.filter(state__in=OPEN_REQUEST_STATES).order_by("priority", "period_start", "id"),
            "booked_requests": requests.filter(state__in=BOOKED_REQUEST_STATES).order_by("period_start", "id")[:50],
            "conflicts": _conflict_forms(conflicts, bound, decisions),
            "decisions": decisions,
            "hubs": hubs,
            "weeks": weeks,
            "utilisation_rows": rows,
        },
    )


@login_required
def dashboard(request):
    require_jcc(request.user)
    return _dashboard(request)


@login_required
@require_POST
def request_route(request, pk: int):
    require_jcc(request.user)
    service_request = visible_request(request.user, pk)
    form = RouteForm(request.POST, hubs=selectors.hub_list())
    if not form.is_valid():
        messages.error(request, _("Choose a hub and give a reason for the routing."))
    else:
        hub = get_object_or_404(selectors.hub_list(), pk=form.cleaned_data["hub"].pk)
        try:
            services.request_route(
                request=service_request, by=request.user, hub=hub, reason=form.cleaned_data["reason"]
            )
        except ApplicationError as error:
            report(request, error)
        else:
            messages.success(request, _("LH-%(id)d was routed to %(hub)s.") % {"id": pk, "hub": hub.name})
    return redirect("loghubs:jcc-dashboard")


@login_required
@require_POST
def conflict_resolve(request):
    """Record the JCC's decision on one open conflict; a refusal re-renders the dashboard with it on the form."""
    require_jcc(request.user)
    conflicts = selectors.conflicts_open()
    key = request.POST.get("conflict", "")
    conflict = next((c for c in conflicts if ConflictResolveForm.prefix_for(c) == key), None)
    if conflict is None:
        messages.error(request, _("This conflict was decided meanwhile or has changed; look at it again."))
        return redirect(reverse("loghubs:jcc-dashboard") + "#conflicts")
    form = ConflictResolveForm(request.POST, conflict=conflict, hubs=_reroute_hubs(conflict))
    if form.is_valid():
        try:
            decision = services.conflict_resolve(by=request.user, **form.service_data())
        except ApplicationError as error:
            report_on_form(form, error)
        else:
            outcomes = Counter(entry["outcome"] for entry in decision.ranking)
            messages.success(
                request,
                _(
                    "Decision recorded for %(hub)s: %(routed)d routed there, %(rerouted)d "
                    "rerouted, %(deferred)d deferred."
                )
                % {
                    "hub": conflict.hub.name,
                    "routed": outcomes["routed"],
                    "rerouted": outcomes["rerouted"],
                    "deferred": outcomes["deferred"],
                },
            )
            return redirect(reverse("loghubs:jcc-dashboard") + "#decisions")
    return _dashboard(request, conflicts=conflicts, bound=form)
