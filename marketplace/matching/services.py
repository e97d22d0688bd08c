"""Writing match results: per tender and per listing (the full re-match builds on these, in rematch.py)."""

from __future__ import annotations

from decimal import Decimal
from functools import reduce
from operator import or_

from django.db import connection, transaction
from django.db.models import Count, Q

from compliance.selectors import screen
from organizations.models import Organization

from ..models import CapacityListing, ListingState, Lot, LotState, Match, Tender, TenderState
from . import engine
from .contexts import LotContext, lot_contexts, widened_where_thin
from .engine import KEEP_PER_LOT

OPEN_STATES = [TenderState.PUBLISHED, TenderState.TENDERING]


def _screened(rows: list[dict], contexts: dict[int, LotContext]) -> list[dict]:
    """Drop providers that export screening refuses for a controlled lot (the statement cannot judge licences)."""
    organizations = Organization.objects.in_bulk({row["organization_id"] for row in rows})
    buyer_countries = dict(
        Organization.objects.filter(pk__in={c.buyer for c in contexts.values()}).values_list("pk", "country")
    )
    verdicts: dict[tuple[int, str, str], bool] = {}
    kept = []
    for row in rows:
        context = contexts[row["lot_id"]]
        if context.controlled:
            key = (row["organization_id"], context.classification, str(buyer_countries[context.buyer]))
            if key not in verdicts:
                verdicts[key] = screen(
                    organization=organizations[key[0]], classification=key[1], destination=key[2]
                ).allowed
            if not verdicts[key]:
                continue
        kept.append(row)
    return kept


def _insert_listing_matches(contexts: list[LotContext], *, shared_scan: bool) -> int:
    """One statement for all the lots, or with `shared_scan` one per CPV scope, whose lots share its scan."""
    if not shared_scan:
        return engine.matches_insert(contexts)
    by_scope: dict[tuple[str, ...], list[LotContext]] = {}
    for context in contexts:
        by_scope.setdefault(context.scope_groups, []).append(context)
    return sum(engine.matches_insert(group, shared_scan=True) for group in by_scope.values())


def refresh_lots(lots: list[Lot], *, shared_scan: bool = False) -> int:
    """Store fresh matches for lots whose old matches are deleted and whose rows the caller has locked.

    Lots without export control are scored and stored by one statement each for listings and organizations
    (with `shared_scan`, lots that share a CPV scope read their candidates once); controlled lots come
    through Python to be screened provider by provider."""
    contexts = lot_contexts(lots)
    free = [c for c in contexts if not c.controlled]
    stored = _insert_listing_matches(free, shared_scan=shared_scan)
    found = dict(
        Match.objects.filter(lot_id__in=[c.lot_id for c in free], listing__isnull=False)
        .values_list("lot_id")
        .annotate(n=Count("id"))
    )
    thin = widened_where_thin(free, found, KEEP_PER_LOT)
    if thin:
        stored -= Match.objects.filter(lot_id__in=[c.lot_id for c in thin], listing__isnull=False).delete()[0]
        stored += _insert_listing_matches(thin, shared_scan=shared_scan)
    stored += engine.matches_insert(free, of="organizations")

    controlled = [c for c in contexts if c.controlled]
    if controlled:
        rows = engine.listings_ranked(controlled) + engine.matches_scored(controlled, of="organizations")
        kept = _screened(rows, {c.lot_id: c for c in controlled})
        Match.objects.bulk_create([Match(**row) for row in kept], batch_size=1000)
        stored += len(kept)
    return stored


def locked_lots(queryset) -> list[Lot]:
    """Lock lots in id order (every writer does, so two never wait on each other crosswise).

    Matches are derived data that any re-run rebuilds, so their transactions do not wait for the WAL flush:
    a crash can lose the last few milliseconds of them, never anything else, and never half a transaction."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit = off")
    return list(queryset.select_for_update(of=("self",)).select_related("tender").order_by("id"))


def matches_refresh_for_tender(*, tender_id: int) -> int:
    """Replace the matches of every active lot of an open tender (one transaction: all or nothing). The
    saved-search alerts that follow are the `match_tender` task's next step."""
    tender = Tender.objects.filter(pk=tender_id).first()
    if tender is None:
        return 0
    with transaction.atomic():
        lots = locked_lots(Lot.objects.filter(tender=tender))
        Match.objects.filter(tender=tender).delete()
        if tender.state not in OPEN_STATES:
            return 0
        return refresh_lots([lot for lot in lots if lot.state == LotState.ACTIVE])


def matches_refresh_for_listing(*, listing_id: int) -> int:
    """Re-rank one new, changed or withdrawn listing into the open lots of its CPV divisions, in one scoring
    statement: it is kept where it makes a lot's best KEEP_PER_LOT, and the lot's weakest then drops out."""
    listing = CapacityListing.objects.filter(pk=listing_id).first()
    if listing is None:
        return 0
    divisions = sorted({group[:2] for group in listing.matching_cpv_groups})
    in_divisions = Q(tender__state__in=OPEN_STATES, state=LotState.ACTIVE) & reduce(
        or_, (Q(cpv__code__startswith=division) for division in divisions), Q(pk__in=[])
    )
    with transaction.atomic():
        matched = Match.objects.filter(listing=listing).values("lot_id")
        lots = locked_lots(Lot.objects.filter(in_divisions | Q(pk__in=matched)))
        Match.objects.filter(listing=listing).delete()
        if listing.state != ListingState.PUBLISHED:
            return 0
        contexts = lot_contexts(
            [
                lot
                for lot in lots
                if lot.state == LotState.ACTIVE and lot.tender.state in OPEN_STATES and lot.cpv_id[:2] in divisions
            ],
            widen=True,
        )
        rows = _screened(
            engine.matches_scored(contexts, only_listing=listing.pk, limit=1), {c.lot_id: c for c in contexts}
        )
        weakest = _weakest_scores([row["lot_id"] for row in rows])
        entering = [
            Match(**row) for row in rows if row["lot_id"] not in weakest or row["score"] > weakest[row["lot_id"]]
        ]
        Match.objects.bulk_create(entering)
        _trim([match.lot_id for match in entering])
    return len(entering)


def _weakest_scores(lot_ids: list[int]) -> dict[int, Decimal]:
    """The score a listing must beat to enter each lot's full list of KEEP_PER_LOT listings (one probe of the
    (lot, -score) index per lot; lots with room left are absent)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT ids.lot_id, weakest.score FROM unnest(%s::bigint[]) AS ids(lot_id)
            CROSS JOIN LATERAL (SELECT m.score FROM {Match._meta.db_table} m
                                WHERE m.lot_id = ids.lot_id AND m.listing_id IS NOT NULL
                                ORDER BY m.score DESC, m.id OFFSET %s LIMIT 1) weakest
        """,  # noqa: S608 - our table name
            [lot_ids, KEEP_PER_LOT - 1],
        )
        return dict(cursor.fetchall())


def _trim(lot_ids: list[int]) -> None:
    """Drop the listings that fell below each lot's best KEEP_PER_LOT."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            DELETE FROM {Match._meta.db_table} WHERE id IN (
                SELECT beyond.id FROM unnest(%s::bigint[]) AS ids(lot_id)
                CROSS JOIN LATERAL (SELECT m.id FROM {Match._meta.db_table} m
                                    WHERE m.lot_id = ids.lot_id AND m.listing_id IS NOT NULL
                                    ORDER BY m.score DESC, m.id OFFSET %s) beyond)
        """,  # noqa: S608 - our table name
            [lot_ids, KEEP_PER_LOT],
        )
