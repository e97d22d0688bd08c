"""Long Celery jobs that survive a killed worker: a heartbeat while they work, and one attempt at a time.

Celery is set to acknowledge a task only when it has run (`task_acks_late`) and to hand it back to the broker
when the process running it dies (`task_reject_on_worker_lost`); Redis re-delivers an unacknowledged task of a
worker that vanished as a whole after the broker's visibility timeout. So a task can start again while the
attempt it replaces is still winding down, or (after a visibility timeout) beside one that still runs. A job
with a run record therefore:

- takes a PostgreSQL session advisory lock for its run (`run_lock`): PostgreSQL drops it the moment the
  dead process's connection closes, so a new attempt waits for the old one to be really gone, and a duplicate
  delivery beside a live attempt finds the lock held and leaves;
- beats a heartbeat column from a thread (`Heartbeat`) while it works, so a page can tell a run that is
  working from one whose worker is gone, and mark it failed after JOB_STALE_AFTER_SECONDS.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import connection

logger = logging.getLogger(__name__)

# First key of the two-part advisory locks, one per kind of job (the second part is the run's id).
REMATCH_LOCK = 7301


def worker_name() -> str:
    """host:pid of this process, shown on progress pages and used by tests to find the process."""
    return f"{socket.gethostname()}:{os.getpid()}"


@contextmanager
def run_lock(kind: int, run_id: int, *, wait_seconds: float) -> Iterator[bool]:
    """Hold the advisory lock of one run on the default connection; yields False if another live attempt
    kept it for `wait_seconds`."""
    deadline = time.monotonic() + wait_seconds
    with connection.cursor() as cursor:
        while True:
            cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [kind, run_id])
            if cursor.fetchone()[0]:
                break
            if time.monotonic() >= deadline:
                yield False
                return
            time.sleep(0.5)
    try:
        yield True
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [kind, run_id])


class Heartbeat:
    """Calls `beat` every `every` seconds from a daemon thread (with its own database connection) until the
    block ends. A beat that fails is logged and tried again next time: a slow database must not stop the job."""

    def __init__(self, beat: Callable[[], object], *, every: float):
        self._beat = beat
        self._every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="job-heartbeat", daemon=True)

    def _run(self) -> None:
        try:
            while not self._stop.wait(self._every):
                try:
                    self._beat()
                except Exception:
                    logger.warning("heartbeat failed", exc_info=True)
        finally:
            connection.close()  # this thread's own connection

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join(timeout=self._every + 5)
