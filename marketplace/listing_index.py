"""The search index of capacity listings: the text vector and the CPV arrays that search and matching read.

Its own module, below both the listing services (which refresh it on every write) and matching (whose
evaluation set writes listings directly), so neither has to import the other."""

from __future__ import annotations

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import SearchVector
from django.db.models import OuterRef, QuerySet
from django.db.models.functions import Left

from .models import CapacityListing, ListingCpvCode

# Titles weigh more than descriptions; English and German stemming both, so "Lager" and "storage" are found.
SEARCH_VECTOR = (
    SearchVector("title", weight="A", config="english")
    + SearchVector("title", weight="A", config="german")
    + SearchVector("description", weight="B", config="english")
    + SearchVector("description", weight="B", config="german")
)


def listings_reindex(queryset: QuerySet[CapacityListing]) -> int:
    """Refresh what search and matching read from a listing's own rows: the text vector and the CPV arrays."""
    links = ListingCpvCode.objects.filter(listing=OuterRef("pk"))
    return queryset.update(
        search_vector=SEARCH_VECTOR,
        matching_cpv_codes=ArraySubquery(links.order_by("code_id").values("code_id")),
        matching_cpv_groups=ArraySubquery(
            links.annotate(group=Left("code_id", 3)).order_by("group").values("group").distinct()
        ),
    )
