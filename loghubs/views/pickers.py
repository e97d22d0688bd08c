"""Picker answer for forms that name a hub: every active hub, known to every signed-in planner."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Q

from organizations.pickers import LIMIT, Option, fold, folded, picker_answer

from .. import selectors


@login_required
def hub_pick(request):
    words = fold(request.GET.get("q", "")).split()
    if not words:
        return picker_answer(request, [])
    hubs = selectors.hub_list().prefetch_related(None).annotate(folded_name=folded("name"), folded_city=folded("city"))
    for word in words:
        hubs = hubs.filter(Q(folded_name__contains=word) | Q(folded_city__contains=word))
    return picker_answer(
        request, (Option(hub.pk, hub.name, f"{hub.city} · {hub.nation.legal_name}") for hub in hubs[:LIMIT])
    )
