"""The listing list of the API from `.values()` rows: what ListingSerializer shows, without model instances.

A page costs one query (CPV codes and the partners of the user's own listings included), its capped count
another, except for a search with words, whose page counts its matches too (statements.with_total). Both
are compiled once per set of filters (statements.py) and run with the viewer's organizations and today's
date. The search vector and the matching engine's CPV arrays are never read.
"""

from __future__ import annotations

from typing import Any

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.db.models import BigIntegerField, Case, OuterRef, QuerySet, Subquery, When
from django.utils import timezone

from core.lookups import AnyOf
from organizations.models import Organization, User
from organizations.selectors import organization_id_list_of

from ...models import CapacityListing, ListingCpvCode
from ...selectors import ListingFilters, listings_filtered, listings_visible
from ..serializers import ListingSerializer
from .row_format import RowFormat
from .statements import CompiledRows, Slot, StatementCache, with_total

LISTING = RowFormat(ListingSerializer(), composite=["cpv_codes", "visible_to_partners"], annotated=["provider_name"])
_PARTNERS = CapacityListing.visible_to_partners.through
_STATEMENTS = StatementCache()
_ORGS, _TODAY = Slot("orgs"), Slot("today")


def listing_page_rows(*, user: User, filters: ListingFilters) -> CompiledRows:
    """The listings the user may see that pass `filters`, as rows of `listing_rows` to paginate. A search with
    words ranks every match before its first page, so that page counts them too (`with_total`)."""

    def build() -> QuerySet:
        rows = listing_rows(
            listings_filtered(listings_visible(orgs=_ORGS, today=_TODAY), filters=filters, today=_TODAY), orgs=_ORGS
        )
        return with_total(rows) if filters.ranked else rows

    statements = _STATEMENTS.get(filters, build)
    return CompiledRows(statements, {"orgs": organization_id_list_of(user=user), "today": timezone.localdate()})


def listing_rows(queryset: QuerySet, *, orgs: list[int] | Slot) -> QuerySet:
    """The (already visibility-filtered, ordered) listings as rows with the columns a list item needs.

    The provider's name, the CPV codes (in code order) and, for the user's own listings only, the partners
    (in the serializer's order: Organization's, legal name then id) are subqueries per row of the page:
    cheaper than round trips, and unlike a join they cost the capped count nothing. Who else may see a
    listing is the provider's business: other listings' partners are not even read (NULL, where an own
    listing without partners has an empty list). `orgs` are the viewer's organizations (or their Slot)."""
    provider_name = Subquery(Organization.objects.filter(pk=OuterRef("provider_id")).values("legal_name"))
    codes = ArraySubquery(
        ListingCpvCode.objects.filter(listing_id=OuterRef("pk")).order_by("code_id").values("code_id")
    )
    partners = ArraySubquery(
        _PARTNERS.objects.filter(capacitylisting_id=OuterRef("pk"))
        .order_by("organization__legal_name", "organization_id")
        .values("organization_id")
    )
    own_partners = Case(
        When(AnyOf("provider_id", orgs), then=partners), default=None, output_field=ArrayField(BigIntegerField())
    )
    return queryset.prefetch_related(None).values(
        *LISTING.columns, provider_name=provider_name, cpv_code_list=codes, partner_ids=own_partners
    )


def listing_items(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The list items of a page of `listing_rows`, equal to `ListingSerializer(listing).data` for each."""
    listing_format = LISTING.formatter()
    items = []
    for row in rows:
        item = listing_format(row)
        item["cpv_codes"] = row["cpv_code_list"]
        if row["partner_ids"] is None:  # not the user's own listing
            del item["visible_to_partners"]
        else:
            item["visible_to_partners"] = row["partner_ids"]
        items.append(item)
    return items
