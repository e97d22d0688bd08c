"""Writing match results: per tender, per listing, and the full re-match with progress."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from decimal import Decimal
from functools import reduce
from operator import or_
from queue import Empty, Queue

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from compliance.selectors import screen
from config.errors import ApplicationError
from organizations.models import Organization

from ..models import CapacityListing, ListingState, Lot, LotState, Match, MatchRun, Tender, TenderState
from . import engine
from .contexts import LotContext, lot_contexts
from .engine import KEEP_PER_LOT

logger = logging.getLogger(__name__)
OPEN_STATES = [TenderState.PUBLISHED, TenderState.TENDERING]


def _screened(rows: list[dict], contexts: dict[int, LotContext]) -> list[dict]:
    """Drop providers that export screening refuses for a controlled lot (the statement cannot judge licences)."""
    organizations = Organization.objects.in_bulk({row["organization_id"] for row in rows})
    buyer_countries = dict(Organization.objects.filter(pk__in={c.buyer for c in contexts.values()})
                           .values_list("pk", "country"))
    verdicts: dict[tuple[int, str, str], bool] = {}
    kept = []
    for row in rows:
        context = contexts[row["lot_id"]]
        if context.controlled:
            key = (row["organization_id"], context.classification, str(buyer_countries[context.buyer]))
            if key not in verdicts:
                verdicts[key] = screen(organization=organizations[key[0]], classification=key[1],
                                       destination=key[2]).allowed
            if not verdicts[key]:
                continue
        kept.append(row)
    return kept


def _thin(contexts: list[LotContext], found: dict[int, int]) -> list[LotContext]:
    """Lots with fewer than a full list of listings in their CPV group, widened to their division."""
    return [context.widened() for context in contexts
            if context.can_widen and found.get(context.lot_id, 0) < KEEP_PER_LOT]


def _refresh_lots(lots: list[Lot]) -> int:
    """Store fresh matches for lots whose old matches are deleted and whose rows the caller has locked.

    Lots without export control are scored and stored by one statement each for listings and organizations;
    controlled lots come through Python to be screened provider by provider."""
    contexts = lot_contexts(lots)
    free = [c for c in contexts if not c.controlled]
    stored = engine.matches_insert(free) if free else 0
    found = dict(Match.objects.filter(lot_id__in=[c.lot_id for c in free], listing__isnull=False)
                 .values_list("lot_id").annotate(n=Count("id")))
    thin = _thin(free, found)
    if thin:
        stored -= Match.objects.filter(lot_id__in=[c.lot_id for c in thin], listing__isnull=False).delete()[0]
        stored += engine.matches_insert(thin)
    stored += engine.matches_insert(free, of="organizations") if free else 0

    controlled = [c for c in contexts if c.controlled]
    if controlled:
        rows = engine.listings_ranked(controlled) + engine.matches_scored(controlled, of="organizations")
        kept = _screened(rows, {c.lot_id: c for c in controlled})
        Match.objects.bulk_create([Match(**row) for row in kept], batch_size=1000)
        stored += len(kept)
    return stored


def _locked_lots(queryset) -> list[Lot]:
    """Lock lots in id order (every writer does, so two never wait on each other crosswise).

    Matches are derived data that any re-run rebuilds, so their transactions do not wait for the WAL flush:
    a crash can lose the last few milliseconds of them, never anything else, and never half a transaction.
    The scoring sorts carry each candidate's text vector, so they get the memory to stay off disk."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute("SET LOCAL work_mem = '64MB'")
    return list(queryset.select_for_update(of=("self",)).select_related("tender").order_by("id"))


def matches_refresh_for_tender(*, tender_id: int) -> int:
    """Replace the matches of every active lot of an open tender (one transaction: all or nothing)."""
    tender = Tender.objects.filter(pk=tender_id).first()
    if tender is None:
        return 0
    with transaction.atomic():
        lots = _locked_lots(Lot.objects.filter(tender=tender))
        Match.objects.filter(tender=tender).delete()
        if tender.state not in OPEN_STATES:
            return 0
        stored = _refresh_lots([lot for lot in lots if lot.state == LotState.ACTIVE])
    from .saved_searches import saved_searches_notify

    saved_searches_notify(tender=tender)
    return stored


def matches_refresh_for_listing(*, listing_id: int) -> int:
    """Re-rank one new, changed or withdrawn listing into the open lots of its CPV divisions, in one scoring
    statement: it is kept where it makes a lot's best KEEP_PER_LOT, and the lot's weakest then drops out."""
    listing = CapacityListing.objects.filter(pk=listing_id).first()
    if listing is None:
        return 0
    divisions = sorted({group[:2] for group in listing.matching_cpv_groups})
    in_divisions = Q(tender__state__in=OPEN_STATES, state=LotState.ACTIVE) & reduce(
        or_, (Q(cpv__code__startswith=division) for division in divisions), Q(pk__in=[]))
    with transaction.atomic():
        matched = Match.objects.filter(listing=listing).values("lot_id")
        lots = _locked_lots(Lot.objects.filter(in_divisions | Q(pk__in=matched)))
        Match.objects.filter(listing=listing).delete()
        if listing.state != ListingState.PUBLISHED:
            return 0
        contexts = lot_contexts([lot for lot in lots if lot.state == LotState.ACTIVE and lot.tender.state in
                                 OPEN_STATES and lot.cpv_id[:2] in divisions], widen=True)
        rows = _screened(engine.matches_scored(contexts, only_listing=listing.pk, limit=1),
                         {c.lot_id: c for c in contexts})
        weakest = _weakest_scores([row["lot_id"] for row in rows])
        entering = [Match(**row) for row in rows
                    if row["lot_id"] not in weakest or row["score"] > weakest[row["lot_id"]]]
        Match.objects.bulk_create(entering)
        _trim([match.lot_id for match in entering])
    return len(entering)


def _weakest_scores(lot_ids: list[int]) -> dict[int, Decimal]:
    """The score a listing must beat to enter each lot's full list of KEEP_PER_LOT listings (one probe of the
    (lot, -score) index per lot; lots with room left are absent)."""
    with connection.cursor() as cursor:
        cursor.execute(f"""
            SELECT ids.lot_id, weakest.score FROM unnest(%s::bigint[]) AS ids(lot_id)
            CROSS JOIN LATERAL (SELECT m.score FROM {Match._meta.db_table} m
                                WHERE m.lot_id = ids.lot_id AND m.listing_id IS NOT NULL
                                ORDER BY m.score DESC, m.id OFFSET %s LIMIT 1) weakest
        """, [lot_ids, KEEP_PER_LOT - 1])  # noqa: S608 - our table name
        return dict(cursor.fetchall())


def _trim(lot_ids: list[int]) -> None:
    """Drop the listings that fell below each lot's best KEEP_PER_LOT."""
    with connection.cursor() as cursor:
        cursor.execute(f"""
            DELETE FROM {Match._meta.db_table} WHERE id IN (
                SELECT beyond.id FROM unnest(%s::bigint[]) AS ids(lot_id)
                CROSS JOIN LATERAL (SELECT m.id FROM {Match._meta.db_table} m
                                    WHERE m.lot_id = ids.lot_id AND m.listing_id IS NOT NULL
                                    ORDER BY m.score DESC, m.id OFFSET %s) beyond)
        """, [lot_ids, KEEP_PER_LOT])  # noqa: S608 - our table name


# The re-match task's hard time limit; a run older than this without finishing was killed.
REMATCH_TIME_LIMIT = timedelta(seconds=1900)


def rematch_running() -> MatchRun | None:
    return MatchRun.objects.filter(finished_at__isnull=True, error="",
                                   started_at__gt=timezone.now() - REMATCH_TIME_LIMIT).first()


@transaction.atomic
def rematch_start() -> MatchRun:
    """Record a new full re-match (the work runs in Celery, `rematch_all`); one at a time."""
    running = rematch_running()
    if running is not None:
        raise ApplicationError(_("A re-match is already running (%(done)d of %(total)d tenders).")
                               % {"done": running.done, "total": running.total}, code="rematch_running", status=409)
    return MatchRun.objects.create(total=Tender.objects.filter(state__in=OPEN_STATES).count())


def _rematch_batch(run_id: int, tender_ids: list[int]) -> None:
    """Re-match a batch of tenders in one transaction: each is either wholly old or wholly new."""
    with transaction.atomic():
        lots = _locked_lots(Lot.objects.filter(tender_id__in=tender_ids))
        Match.objects.filter(tender_id__in=tender_ids).delete()
        _refresh_lots([lot for lot in lots if lot.state == LotState.ACTIVE and lot.tender.state in OPEN_STATES])
        MatchRun.objects.filter(pk=run_id).update(done=F("done") + len(tender_ids))
    from .saved_searches import saved_searches_notify

    for tender in Tender.objects.filter(pk__in=tender_ids, state__in=OPEN_STATES):
        saved_searches_notify(tender=tender)


def _rematch_worker(run_id: int, batches: Queue) -> None:
    try:
        while True:
            try:
                batch = batches.get_nowait()
            except Empty:
                return
            _rematch_batch(run_id, batch)
    finally:
        connection.close()  # this thread's own connection


def rematch_all(*, run_id: int, chunk: int = 20, workers: int | None = None) -> MatchRun:
    """Re-match every open tender in batches of `chunk`, updating the run's progress after each. The work is
    set-based SQL, so `workers` threads (settings.MATCHING_WORKERS) keep that many database cores busy; a
    worker killed half-way leaves every batch old or new, never mixed, and a retry simply starts again."""
    run = MatchRun.objects.get(pk=run_id)
    tender_ids = list(Tender.objects.filter(state__in=OPEN_STATES).order_by("id").values_list("id", flat=True))
    MatchRun.objects.filter(pk=run.pk).update(total=len(tender_ids), done=0)
    batches = [tender_ids[start:start + chunk] for start in range(0, len(tender_ids), chunk)]
    workers = min(workers or settings.MATCHING_WORKERS, len(batches))
    if workers <= 1:
        for batch in batches:
            _rematch_batch(run.pk, batch)
    else:
        queue: Queue = Queue()
        for batch in batches:
            queue.put(batch)
        with ThreadPoolExecutor(max_workers=workers) as pool:
            for future in [pool.submit(_rematch_worker, run.pk, queue) for _ in range(workers)]:
                future.result()  # re-raises a worker's error
    MatchRun.objects.filter(pk=run.pk).update(finished_at=timezone.now())
    run.refresh_from_db()
    logger.info("re-match %s: %s tenders", run.pk, run.done)
    return run
