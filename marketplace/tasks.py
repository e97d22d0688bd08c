"""Celery tasks of the marketplace: deadlines, standstill ends, listing expiry (beat), matching, saved searches.

Every task is safe to run twice: Celery hands a task whose worker died back to the broker (core/jobs.py)."""

from celery import shared_task
from django.conf import settings

from .matching.rematch import rematch_execute, rematch_mark_stale, rematch_start
from .matching.saved_searches import saved_search_digests_send, saved_searches_notify
from .matching.services import OPEN_STATES, matches_refresh_for_listing, matches_refresh_for_tender
from .models import Tender

# Services queue these tasks and import them at the top; the tasks import the services they call in their
# bodies, the one way back (as HackSoft's styleguide does).


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3)
def advance_tenders() -> dict:
    from .services import tenders_advance

    return tenders_advance()


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3)
def finalise_awards() -> int:
    from .services import awards_finalise

    return awards_finalise()


@shared_task
def expire_listings() -> int:
    from .services import listings_expire

    return listings_expire()


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3, acks_late=True)
def match_tender(tender_id: int) -> int:
    """Match a published or amended tender against all listings and organizations, then alert the saved
    searches it fits: the alerts read the fresh match scores, so they come second (and only for a tender still
    open, whose matches were just written)."""
    stored = matches_refresh_for_tender(tender_id=tender_id)
    tender = Tender.objects.filter(pk=tender_id, state__in=OPEN_STATES).first()
    if tender is not None:
        saved_searches_notify(tender=tender)
    return stored


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3, acks_late=True)
def match_listing(listing_id: int) -> int:
    return matches_refresh_for_listing(listing_id=listing_id)


@shared_task(
    soft_time_limit=settings.REMATCH_SOFT_TIME_LIMIT,
    time_limit=settings.REMATCH_TIME_LIMIT,
    acks_late=True,
    reject_on_worker_lost=True,
)
def rematch_all(run_id: int | None = None) -> int:
    """The full re-match (daily by beat, or started by a platform admin with progress shown). Safe to deliver
    twice: a second delivery waits for the first attempt to be gone and then carries the run on, or leaves
    it alone (marketplace/matching/rematch.py)."""
    run = rematch_execute(
        run_id=run_id or rematch_start().pk, tender_done=lambda tender: saved_searches_notify(tender=tender)
    )
    return run.done if run is not None else 0


@shared_task
def mark_stale_runs() -> int:
    """Every minute (beat): re-match runs whose worker stopped beating are marked failed (for the page and the
    API), and queued again, so the next live worker carries them on without waiting for Redis to deliver the
    dead worker's task again."""
    retry = rematch_mark_stale()
    for run_id in retry:
        rematch_all.delay(run_id)
    return len(retry)


@shared_task
def send_saved_search_digests() -> int:
    return saved_search_digests_send()
