"""The JCC coordinator's dashboard: the hub map coloured by utilisation, open requests and conflicts with route
forms, booked requests, and utilisation per hub and week."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, time, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.errors import ApplicationError

from .. import selectors, services
from ..forms import RouteForm
from ..models import BOOKED_REQUEST_STATES, OPEN_REQUEST_STATES
from .common import report, require_jcc, visible_request

WEEKS = 4


def _percent(booked: int, capacity: int) -> int:
    return round(100 * booked / capacity) if capacity else 0


def _utilisation(start, end):
    """Rows per hub and service with one cell per week, and the hubs' overall figures for the map."""
    weeks = [(start + timedelta(weeks=i)).date() for i in range(WEEKS)]
    table: dict[tuple, dict] = {}
    per_hub: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for row in selectors.utilisation(start=start, end=end):
        key = (row["service__hub__name"], row["service__name"])
        entry = table.setdefault(key, {"hub": row["service__hub__name"], "service": row["service__name"],
                                       "cells": {week: None for week in weeks}})
        if row["week"] in entry["cells"]:
            entry["cells"][row["week"]] = {"booked": row["booked"], "capacity": row["capacity"],
                                    "percent": _percent(row["booked"], row["capacity"])}
            per_hub[row["service__hub_id"]][0] += row["booked"]
            per_hub[row["service__hub_id"]][1] += row["capacity"]
    rows = [{**entry, "cells": [entry["cells"][w] for w in weeks]} for entry in table.values()]
    return weeks, rows, per_hub


@login_required
def dashboard(request):
    require_jcc(request.user)
    today = timezone.localdate()
    start = timezone.make_aware(datetime.combine(today - timedelta(days=today.weekday()), time()))
    end = start + timedelta(weeks=WEEKS)
    weeks, rows, per_hub = _utilisation(start, end)
    hubs = list(selectors.hub_list())
    markers = [{"id": hub.pk, "name": hub.name, "city": hub.city, "nation": str(hub.nation),
                "lat": float(hub.latitude), "lon": float(hub.longitude),
                "booked": per_hub[hub.pk][0], "capacity": per_hub[hub.pk][1],
                "percent": _percent(*per_hub[hub.pk])} for hub in hubs]
    requests = selectors.request_list_for_jcc(user=request.user)
    return render(request, "loghubs/jcc_dashboard.html", {
        "markers": markers,
        "open_requests": requests.filter(state__in=OPEN_REQUEST_STATES).order_by("priority", "period_start", "id"),
        "booked_requests": requests.filter(state__in=BOOKED_REQUEST_STATES).order_by("period_start", "id")[:50],
        "conflicts": selectors.conflicts_open(),
        "hubs": hubs,
        "weeks": weeks, "utilisation_rows": rows,
    })


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
            services.request_route(request=service_request, by=request.user, hub=hub,
                                   reason=form.cleaned_data["reason"])
        except ApplicationError as error:
            report(request, error)
        else:
            messages.success(request, _("LH-%(id)d was routed to %(hub)s.") % {"id": pk, "hub": hub.name})
    return redirect("loghubs:jcc-dashboard")
