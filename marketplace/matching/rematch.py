"""The full re-match of every open tender, with the progress a platform admin watches.

Lots are grouped by their CPV scope, so the lots of one group read their candidates from the heap once, and
the groups are shared out to MATCHING_WORKERS threads (one PostgreSQL connection each). Every group is its
own transaction: a worker killed half-way leaves each lot's matches wholly old or wholly new, and a retry
simply starts again. Progress counts tenders, each done when its last lot is.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from queue import Empty, Queue

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from config.errors import ApplicationError

from ..models import Lot, LotState, Match, MatchRun, Tender
from .contexts import lot_scope
from .services import OPEN_STATES, locked_lots, refresh_lots

logger = logging.getLogger(__name__)
# The re-match task's hard time limit; a run older than this without finishing was killed.
REMATCH_TIME_LIMIT = timedelta(seconds=1900)
MAX_LOTS_PER_TRANSACTION = 200


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


class _Tally:
    """Which tenders still have lots to do; shared by the worker threads."""

    def __init__(self, lots_per_tender: dict[int, int]):
        self._left = dict(lots_per_tender)
        self._lock = threading.Lock()

    def finished(self, tender_ids: list[int]) -> list[int]:
        """Count these lots as done; the tenders whose last lot this was."""
        done = []
        with self._lock:
            for tender_id in tender_ids:
                self._left[tender_id] -= 1
                if self._left[tender_id] == 0:
                    done.append(tender_id)
        return done


def _rematch_unit(run_id: int, lot_ids: list[int], tally: _Tally) -> None:
    with transaction.atomic():
        lots = locked_lots(Lot.objects.filter(pk__in=lot_ids))
        Match.objects.filter(lot_id__in=lot_ids).delete()
        refresh_lots([lot for lot in lots if lot.state == LotState.ACTIVE and lot.tender.state in OPEN_STATES],
                     shared_scan=True)
    finished = tally.finished([lot.tender_id for lot in lots])
    if finished:
        MatchRun.objects.filter(pk=run_id).update(done=F("done") + len(finished))
        from .saved_searches import saved_searches_notify

        for tender in Tender.objects.filter(pk__in=finished, state__in=OPEN_STATES):
            saved_searches_notify(tender=tender)


def _rematch_worker(run_id: int, units: Queue, tally: _Tally) -> None:
    try:
        while True:
            try:
                unit = units.get_nowait()
            except Empty:
                return
            _rematch_unit(run_id, unit, tally)
    finally:
        connection.close()  # this thread's own connection


def _units(lots: list[tuple[int, str]], size: int) -> list[list[int]]:
    """Lot ids grouped by CPV scope, at most `size` per transaction, the biggest first (so the threads end
    together)."""
    by_scope: dict[tuple[str, ...], list[int]] = {}
    for lot_id, code in lots:
        by_scope.setdefault(lot_scope(code), []).append(lot_id)
    units = [ids[start:start + size] for ids in by_scope.values() for start in range(0, len(ids), size)]
    return sorted(units, key=len, reverse=True)


def rematch_all(*, run_id: int, chunk: int = MAX_LOTS_PER_TRANSACTION, workers: int | None = None) -> MatchRun:
    """Re-match every open tender: lots grouped by CPV scope, `chunk` lots per transaction at most, over
    `workers` threads (settings.MATCHING_WORKERS)."""
    run = MatchRun.objects.get(pk=run_id)
    tender_ids = list(Tender.objects.filter(state__in=OPEN_STATES).values_list("id", flat=True))
    lots = list(Lot.objects.filter(tender_id__in=tender_ids, state=LotState.ACTIVE).order_by("id")
                .values_list("id", "tender_id", "cpv_id"))
    lots_per_tender: dict[int, int] = {}
    for _lot_id, tender_id, _code in lots:
        lots_per_tender[tender_id] = lots_per_tender.get(tender_id, 0) + 1
    # Lots no longer active keep no matches; tenders without an active lot are done at once.
    Match.objects.filter(tender_id__in=tender_ids).exclude(lot__state=LotState.ACTIVE).delete()
    MatchRun.objects.filter(pk=run.pk).update(total=len(tender_ids), done=len(tender_ids) - len(lots_per_tender))
    units = _units([(lot_id, code) for lot_id, _tender_id, code in lots], chunk)
    tally = _Tally(lots_per_tender)
    workers = min(workers or settings.MATCHING_WORKERS, len(units))
    if workers <= 1:
        for unit in units:
            _rematch_unit(run.pk, unit, tally)
    else:
        queue: Queue = Queue()
        for unit in units:
            queue.put(unit)
        with ThreadPoolExecutor(max_workers=workers) as pool:
            for future in [pool.submit(_rematch_worker, run.pk, queue, tally) for _ in range(workers)]:
                future.result()  # re-raises a worker's error
    MatchRun.objects.filter(pk=run.pk).update(finished_at=timezone.now())
    run.refresh_from_db()
    logger.info("re-match %s: %s tenders", run.pk, run.done)
    return run
