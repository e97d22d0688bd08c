"""Writing match results: per tender, per listing, and the full re-match with progress."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from compliance.selectors import screen
from config.errors import ApplicationError
from organizations.models import Organization

from ..models import CapacityListing, Lot, LotState, Match, MatchRun, Tender, TenderState
from .engine import KEEP_PER_LOT, buyer_badges, lot_context, score_listings, score_organizations

logger = logging.getLogger(__name__)
OPEN_STATES = [TenderState.PUBLISHED, TenderState.TENDERING]


def _screened(rows: list[dict], lot: Lot, buyer_country: str) -> list[dict]:
    """Drop providers that export screening refuses for a controlled lot (the query cannot judge licences)."""
    if lot.export_classification == "not_listed":
        return rows
    allowed: dict[int, bool] = {}
    organizations = Organization.objects.in_bulk({row["organization_id"] for row in rows})
    kept = []
    for row in rows:
        provider = row["organization_id"]
        if provider not in allowed:
            allowed[provider] = screen(organization=organizations[provider], classification=lot.export_classification,
                                       destination=buyer_country).allowed
        if allowed[provider]:
            kept.append(row)
    return kept


def _lot_rows(lot: Lot, tender: Tender, badges: tuple[str, ...]) -> list[Match]:
    context = lot_context(lot, tender, badges)
    country = str(tender.buyer.country)
    rows = _screened(score_listings(context), lot, country) + _screened(score_organizations(context), lot, country)
    return [Match(tender=tender, lot=lot, listing_id=row["listing_id"], organization_id=row["organization_id"],
                  score=row["score"], parts=row["parts"]) for row in rows]


def matches_refresh_for_tender(*, tender_id: int) -> int:
    """Replace the matches of every active lot of an open tender (one transaction: all or nothing)."""
    tender = Tender.objects.select_related("buyer").filter(pk=tender_id).first()
    if tender is None:
        return 0
    with transaction.atomic():
        # Lock the lots: a listing being re-ranked into them at the same time waits, so the two never
        # write the same (lot, listing) pair.
        list(Lot.objects.select_for_update().filter(tender=tender).values_list("pk", flat=True))
        Match.objects.filter(tender=tender).delete()
        if tender.state not in OPEN_STATES:
            return 0
        badges = buyer_badges(tender.buyer_id)
        rows = []
        for lot in tender.lots.filter(state=LotState.ACTIVE).select_related("cpv"):
            rows += _lot_rows(lot, tender, badges)
        Match.objects.bulk_create(rows, batch_size=1000)
    from .saved_searches import saved_searches_notify

    saved_searches_notify(tender=tender)
    return len(rows)


def matches_refresh_for_listing(*, listing_id: int) -> int:
    """Re-rank one new, changed or withdrawn listing into the open lots of its CPV divisions: its own score
    per lot (one small query each), kept where it makes a lot's best KEEP_PER_LOT, the weakest then dropped."""
    listing = CapacityListing.objects.filter(pk=listing_id).first()
    if listing is None:
        return 0
    divisions = {code[:2] for code in listing.cpv_links.values_list("code_id", flat=True)}
    lots = [lot for lot in Lot.objects.filter(tender__state__in=OPEN_STATES, state=LotState.ACTIVE)
            .select_related("cpv__parent", "tender__buyer") if lot.cpv_id[:2] in divisions]
    kept = 0
    badges_by_buyer: dict[int, tuple[str, ...]] = {}
    for lot in lots:
        buyer = lot.tender.buyer_id
        badges_by_buyer.setdefault(buyer, buyer_badges(buyer))
        with transaction.atomic():
            list(Lot.objects.select_for_update().filter(pk=lot.pk).values_list("pk", flat=True))  # one writer
            Match.objects.filter(lot=lot, listing=listing).delete()
            context = lot_context(lot, lot.tender, badges_by_buyer[buyer])
            rows = _screened(score_listings(context, only_listing=listing.pk), lot, str(lot.tender.buyer.country))
            if not rows:
                continue
            ranked = Match.objects.filter(lot=lot, listing__isnull=False).order_by("-score", "id")
            weakest = ranked.values_list("score", flat=True)[KEEP_PER_LOT - 1:KEEP_PER_LOT].first()
            if weakest is not None and rows[0]["score"] <= weakest:
                continue
            row = rows[0]
            Match.objects.create(tender=lot.tender, lot=lot, listing_id=row["listing_id"],
                                 organization_id=row["organization_id"], score=row["score"], parts=row["parts"])
            Match.objects.filter(pk__in=ranked.values_list("pk", flat=True)[KEEP_PER_LOT:]).delete()
            kept += 1
    return kept


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


def rematch_all(*, run_id: int, chunk: int = 20) -> MatchRun:
    """Re-match every open tender, updating the run's progress after each chunk. Each tender is its own
    transaction, so a worker killed half-way leaves every tender either old or new, never mixed; a retry
    simply starts again."""
    run = MatchRun.objects.get(pk=run_id)
    tender_ids = list(Tender.objects.filter(state__in=OPEN_STATES).order_by("id").values_list("id", flat=True))
    MatchRun.objects.filter(pk=run.pk).update(total=len(tender_ids), done=0)
    for start in range(0, len(tender_ids), chunk):
        for tender_id in tender_ids[start:start + chunk]:
            matches_refresh_for_tender(tender_id=tender_id)
        MatchRun.objects.filter(pk=run.pk).update(done=min(len(tender_ids), start + chunk))
    MatchRun.objects.filter(pk=run.pk).update(finished_at=timezone.now())
    run.refresh_from_db()
    logger.info("re-match %s: %s tenders", run.pk, run.done)
    return run
