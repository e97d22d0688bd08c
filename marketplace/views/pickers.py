"""Picker answers for forms that name a tender or a listing: only what the user may see, by words or number."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Q

from organizations.pickers import LIMIT, Option, fold, folded, picker_answer

from .. import selectors


def _matching(queryset, query: str, field: str):
    """Rows whose `field` contains every typed word (diacritics folded), or whose number was typed."""
    query = query.strip().lstrip("#")
    if query.isdigit():
        return queryset.filter(pk=int(query))
    words = fold(query).split()
    if not words:
        return queryset.none()
    queryset = queryset.annotate(folded_title=folded(field))
    condition = Q()
    for word in words:
        condition &= Q(folded_title__contains=word)
    return queryset.filter(condition)


@login_required
def tender_pick(request):
    tenders = _matching(selectors.tender_list_visible_to(user=request.user), request.GET.get("q", ""), "title")
    return picker_answer(
        request,
        (
            Option(tender.pk, tender.title, f"#{tender.pk} · {tender.buyer.legal_name} · {tender.get_state_display()}")
            for tender in tenders.order_by("-submission_deadline", "-id")[:LIMIT]
        ),
    )


@login_required
def listing_pick(request):
    listings = _matching(selectors.listing_list_visible_to(user=request.user), request.GET.get("q", ""), "title")
    return picker_answer(
        request,
        (
            Option(listing.pk, listing.title, f"#{listing.pk} · {listing.provider.legal_name}")
            for listing in listings.select_related("provider").order_by("title", "id")[:LIMIT]
        ),
    )
