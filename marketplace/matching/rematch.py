"""The full re-match of every open tender, with the progress a platform admin watches.

Lots are grouped by their CPV scope, so the lots of one group read their candidates from the heap once, and
the groups are shared out to MATCHING_WORKERS threads (one PostgreSQL connection each). Every group is its
own transaction: a worker killed half-way leaves each lot's matches wholly old or wholly new, and a retry
simply starts again. Progress counts tenders, each done when its last lot is.

A killed worker (core/jobs.py says how Celery hands the task back): `rematch_execute` waits for the run's
lock, so the attempt it replaces is really gone, then takes the run up again (`attempts` + 1) and beats its
heartbeat while it works. A run without a beat for JOB_STALE_AFTER_SECONDS is stopped as WORKER_LOST, so the
admin can start a new one at once, and beat queues it again for the next worker (a worker that vanished as a
whole has its task delivered again by Redis only after the visibility timeout); a task that comes back leaves
the run alone when a newer one exists, and otherwise carries it on. After JOB_MAX_ATTEMPTS lost workers it
gives up (GAVE_UP) instead of killing one worker after another.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from queue import Empty, Queue

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from core.jobs import REMATCH_LOCK, Heartbeat, run_lock, worker_name

from ..models import Lot, LotState, Match, MatchRun, RunStop, Tender
from .contexts import lot_scope
from .services import OPEN_STATES, locked_lots, refresh_lots

logger = logging.getLogger(__name__)
TenderDone = Callable[[Tender], object]
MAX_LOTS_PER_TRANSACTION = 200


def stale_after() -> timedelta:
    return timedelta(seconds=settings.JOB_STALE_AFTER_SECONDS)


def _alive(now) -> Q:
    """Unfinished, not stopped, and a heartbeat (or, before the first, the start) within the stale window."""
    cut = now - stale_after()
    return Q(finished_at__isnull=True, stop_reason="") & (
        Q(heartbeat_at__gt=cut) | Q(heartbeat_at__isnull=True, started_at__gt=cut)
    )


def run_state(run: MatchRun, now) -> str:
    """running, finished or failed: one answer for the progress page, the API and `rematch_running`."""
    if run.finished_at is not None:
        return "finished"
    if run.stop_reason or (run.heartbeat_at or run.started_at) <= now - stale_after():
        return "failed"
    return "running"


def rematch_running() -> MatchRun | None:
    return MatchRun.objects.filter(_alive(timezone.now())).first()


@transaction.atomic
def rematch_mark_stale() -> list[int]:
    """Stop the runs whose worker gave no sign of life for JOB_STALE_AFTER_SECONDS (killed, lost or out of time);
    the ids of those a worker had taken up and that have attempts left, to be queued again."""
    now = timezone.now()
    stale = list(
        MatchRun.objects.select_for_update()
        .filter(finished_at__isnull=True, stop_reason="")
        .exclude(_alive(now))
        .values_list("pk", "attempts")
    )
    MatchRun.objects.filter(pk__in=[pk for pk, _attempts in stale]).update(
        stop_reason=RunStop.WORKER_LOST, stopped_at=now
    )
    return [pk for pk, attempts in stale if 0 < attempts < settings.JOB_MAX_ATTEMPTS]


@transaction.atomic
def rematch_start() -> MatchRun:
    """Record a new full re-match (the work runs in Celery, `rematch_all`); one at a time."""
    rematch_mark_stale()
    running = rematch_running()
    if running is not None:
        raise ApplicationError(
            _("A re-match is already running (%(done)d of %(total)d tenders).")
            % {"done": running.done, "total": running.total},
            code="rematch_running",
        )
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


def _rematch_unit(run_id: int, lot_ids: list[int], tally: _Tally, tender_done: TenderDone | None) -> None:
    with transaction.atomic():
        lots = locked_lots(Lot.objects.filter(pk__in=lot_ids))
        Match.objects.filter(lot_id__in=lot_ids).delete()
        refresh_lots(
            [lot for lot in lots if lot.state == LotState.ACTIVE and lot.tender.state in OPEN_STATES], shared_scan=True
        )
    finished = tally.finished([lot.tender_id for lot in lots])
    if finished:
        MatchRun.objects.filter(pk=run_id).update(done=F("done") + len(finished))
        if tender_done is not None:
            for tender in Tender.objects.filter(pk__in=finished, state__in=OPEN_STATES):
                tender_done(tender)


def _rematch_worker(run_id: int, units: Queue, tally: _Tally, tender_done: TenderDone | None) -> None:
    try:
        while True:
            try:
                unit = units.get_nowait()
            except Empty:
                return
            _rematch_unit(run_id, unit, tally, tender_done)
    finally:
        connection.close()  # this thread's own connection


def _units(lots: list[tuple[int, str]], size: int) -> list[list[int]]:
    """Lot ids grouped by CPV scope, at most `size` per transaction, the biggest first (so the threads end
    together)."""
    by_scope: dict[tuple[str, ...], list[int]] = {}
    for lot_id, code in lots:
        by_scope.setdefault(lot_scope(code), []).append(lot_id)
    units = [ids[start : start + size] for ids in by_scope.values() for start in range(0, len(ids), size)]
    return sorted(units, key=len, reverse=True)


def _claim(run_id: int) -> MatchRun | None:
    """Take the run up for this attempt, or None when it is gone, finished, failed, superseded or given up."""
    with transaction.atomic():
        run = MatchRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.finished_at is not None or run.stop_reason in (RunStop.ERROR, RunStop.GAVE_UP):
            return None
        if run.stop_reason == RunStop.WORKER_LOST and MatchRun.objects.filter(pk__gt=run.pk).exists():
            return None  # the admin started a newer run meanwhile
        now = timezone.now()
        if run.attempts >= settings.JOB_MAX_ATTEMPTS:
            MatchRun.objects.filter(pk=run.pk).update(stop_reason=RunStop.GAVE_UP, stopped_at=now)
            return None
        MatchRun.objects.filter(pk=run.pk).update(
            attempts=F("attempts") + 1, heartbeat_at=now, worker=worker_name()[:200], stop_reason="", stopped_at=None
        )
    run.refresh_from_db()
    return run


def rematch_execute(*, run_id: int, tender_done: TenderDone | None = None) -> MatchRun | None:
    """The task's body: one attempt at the run, at most one at a time, with a heartbeat; None when there was
    nothing to do (see `_claim`). A failure is recorded on the run and raised again. `tender_done` as for
    `rematch_all`."""
    with run_lock(REMATCH_LOCK, run_id, wait_seconds=settings.JOB_STALE_AFTER_SECONDS) as locked:
        if not locked:
            logger.info("re-match %s: another attempt still holds it", run_id)
            return None
        run = _claim(run_id)
        if run is None:
            logger.info("re-match %s: nothing to do (gone, finished, stopped or superseded)", run_id)
            return None
        if run.attempts > 1:
            logger.warning("re-match %s: attempt %s after a lost worker", run_id, run.attempts)

        def beat() -> None:
            MatchRun.objects.filter(pk=run_id).update(heartbeat_at=timezone.now())

        try:
            with Heartbeat(beat, every=settings.JOB_HEARTBEAT_SECONDS):
                return rematch_all(run_id=run_id, tender_done=tender_done)
        except Exception as error:
            MatchRun.objects.filter(pk=run_id).update(
                stop_reason=RunStop.ERROR, stopped_at=timezone.now(), error=str(error)[:2000] or type(error).__name__
            )
            raise


def rematch_all(
    *,
    run_id: int,
    chunk: int = MAX_LOTS_PER_TRANSACTION,
    workers: int | None = None,
    tender_done: TenderDone | None = None,
) -> MatchRun:
    """Re-match every open tender: lots grouped by CPV scope, `chunk` lots per transaction at most, over
    `workers` threads (settings.MATCHING_WORKERS). `tender_done` is called with each open tender once its
    last lot is stored, from the worker thread that stored it (the task sends saved-search alerts from it:
    matching itself knows nothing of alerts)."""
    run = MatchRun.objects.get(pk=run_id)
    tender_ids = list(Tender.objects.filter(state__in=OPEN_STATES).values_list("id", flat=True))
    lots = list(
        Lot.objects.filter(tender_id__in=tender_ids, state=LotState.ACTIVE)
        .order_by("id")
        .values_list("id", "tender_id", "cpv_id")
    )
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
            _rematch_unit(run.pk, unit, tally, tender_done)
    else:
        queue: Queue = Queue()
        for unit in units:
            queue.put(unit)
        with ThreadPoolExecutor(max_workers=workers) as pool:
            for future in [pool.submit(_rematch_worker, run.pk, queue, tally, tender_done) for _ in range(workers)]:
                future.result()  # re-raises a worker's error
    MatchRun.objects.filter(pk=run.pk).update(finished_at=timezone.now())
    run.refresh_from_db()
    logger.info("re-match %s: %s tenders", run.pk, run.done)
    return run
