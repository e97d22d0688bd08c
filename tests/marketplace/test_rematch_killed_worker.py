"""A full re-match survives a worker killed with SIGKILL: real `celery worker` processes against the test Redis
and PostgreSQL, a run held half-way by a row lock the test keeps on its second lot, then `kill -9`.

- Only the pool process dies (as the kernel's OOM killer does it): Celery hands the task back to the broker
  (acks_late + reject_on_worker_lost), the worker's next pool process takes it up as attempt 2 and finishes it.
- The whole worker dies: the run stops beating, the page shows it failed and starts a new one; when a worker
  comes back, Redis delivers the old task again and it leaves the superseded run alone.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psutil
import psycopg2
import pytest
import redis
from django.conf import settings
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from config.celery_app import app
from config.embedded import BASE_DIR
from marketplace import services
from marketplace.matching.rematch import rematch_start
from marketplace.models import Match, MatchRun
from marketplace.tasks import rematch_all
from tests.marketplace.factories import buyer_with_officer, published_tender, sme_with_member, tender_data
from tests.marketplace.test_services_listings import listing
from tests.organizations.factories import UserFactory, with_platform_role

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
WAIT = 60  # seconds for anything to happen; a worker starts in a few


def _until(condition, what: str, timeout: float = WAIT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def _run(pk: int) -> MatchRun:
    return MatchRun.objects.get(pk=pk)


def _test_database_url() -> str:
    """DATABASE_URL with the test database's name, for the worker processes."""
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path="/" + connection.settings_dict["NAME"]))


class Workers:
    """`celery -A config worker` processes on a queue of their own, each in its own process group."""

    def __init__(self, tmp_path):
        self.queue = f"killtest-{uuid.uuid4().hex[:8]}"
        self.tmp_path = tmp_path
        self.processes: list[subprocess.Popen] = []

    def start(self, **env) -> subprocess.Popen:
        log = open(self.tmp_path / f"worker-{len(self.processes)}.log", "w")  # noqa: SIM115  closed in stop()
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "DATABASE_URL": _test_database_url(),
            "JOB_HEARTBEAT_SECONDS": "0.5",
            **env,
        }
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=prefork",
                "--concurrency=1",
                "-Q",
                self.queue,
                "-n",
                f"{self.queue}-{len(self.processes)}@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel=INFO",
            ],
            cwd=BASE_DIR,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        process.log = log
        self.processes.append(process)
        return process

    def log_of(self, process) -> str:
        process.log.flush()
        return Path(process.log.name).read_text()

    def send(self, run_id: int) -> None:
        eager = app.conf.task_always_eager
        app.conf.task_always_eager = False  # the suite runs tasks eagerly; this one goes to the broker
        try:
            rematch_all.apply_async(args=[run_id], queue=self.queue)
        finally:
            app.conf.task_always_eager = eager

    def kill(self, process) -> None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=WAIT)

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    self.kill(process)
            process.log.close()
        # Nothing of this test's queue may stay behind in the shared test Redis.
        client = redis.Redis.from_url(settings.REDIS_URL)
        client.delete(self.queue)
        for tag, payload in client.hgetall("unacked").items():
            if self.queue.encode() in payload:
                client.hdel("unacked", tag)
                client.zrem("unacked_index", tag)
        client.close()


@pytest.fixture
def workers(tmp_path):
    started = Workers(tmp_path)
    yield started
    started.stop()


@pytest.fixture
def half_way(cpv, compliance_data):
    """Two open tenders in different CPV groups (so two units of work), a fitting listing, a run recorded, and
    a lock held on the second tender's lot: a worker finishes the first tender (50 %) and waits there."""
    buyer, officer = buyer_with_officer()
    sme, member = sme_with_member(legal_name="Hafen Lager GmbH")
    listing(sme, member)
    first = published_tender(buyer, officer, lots=1)
    data = tender_data(lots=1, title="Road transport of exercise material", main_cpv="60100000")
    data["lots"][0]["cpv"] = "60100000"
    second = services.tender_publish(tender=services.tender_create(buyer=buyer, by=officer, **data), by=officer)
    run = rematch_start()
    locker = psycopg2.connect(_test_database_url())
    with locker.cursor() as cursor:
        cursor.execute("SELECT id FROM marketplace_lot WHERE tender_id = %s FOR UPDATE", [second.pk])
    yield run, locker, (first, second)
    locker.close()


def _release_after_death(locker, pid: int) -> None:
    """Let the held lot go once the killed process is really dead (else it could still finish the run)."""

    def dead() -> bool:
        try:
            return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
        except psutil.NoSuchProcess:
            return True

    _until(dead, f"process {pid} to die")
    locker.rollback()


def test_a_killed_pool_process_hands_the_rematch_to_the_next_one(half_way, workers, client):
    run, locker, tenders = half_way
    workers.start()
    workers.send(run.pk)
    first = _until(lambda: (r := _run(run.pk)).done == 1 and r.attempts == 1 and r, "the run to reach 50 %")
    assert first.total == 2
    assert not first.finished_at
    pid = int(first.worker.rsplit(":", 1)[1])

    os.kill(pid, signal.SIGKILL)  # the pool process running the task, as the OOM killer would
    _release_after_death(locker, pid)

    done = _until(lambda: (r := _run(run.pk)).finished_at and r, "the retried run to finish")
    assert (done.done, done.total, done.attempts, done.stop_reason) == (2, 2, 2, "")
    assert int(done.worker.rsplit(":", 1)[1]) != pid
    assert {match.tender_id for match in Match.objects.all()} >= {tenders[0].pk}

    client.force_login(with_platform_role(UserFactory(), "platform_admin"))
    page = client.get(reverse("marketplace:rematch")).content.decode()
    assert "2 of 2 tenders" in page
    assert "Finished" in page
    assert "another worker took it up and finished it (attempt 2)" in page


def test_a_killed_worker_leaves_a_failed_run_that_can_be_started_again(
    half_way, workers, client, django_capture_on_commit_callbacks
):
    run, locker, _tenders = half_way
    # A short visibility timeout stands in for the real one (longer than the longest task), so Redis delivers
    # the dead worker's task again within the test.
    first_worker = workers.start(CELERY_VISIBILITY_TIMEOUT="1")
    workers.send(run.pk)
    held = _until(lambda: (r := _run(run.pk)).done == 1 and r.attempts == 1 and r, "the run to reach 50 %")
    pid = int(held.worker.rsplit(":", 1)[1])

    workers.kill(first_worker)  # the whole worker, main process and pool, kill -9
    _release_after_death(locker, pid)

    client.force_login(with_platform_role(UserFactory(), "platform_admin"))
    with override_settings(JOB_STALE_AFTER_SECONDS=2):
        # Stopped beating: within the stale window it still counts as running, then as failed.
        page = _until(
            lambda: "gave no sign of life" in (p := client.get(reverse("marketplace:rematch")).content.decode()) and p,
            "the page to show it failed",
            timeout=15,
        )
        assert "Stopped at 50 %" in page
        assert 'id="rematch-start"' in page
        with django_capture_on_commit_callbacks(execute=True):  # the suite runs the new run's task eagerly
            response = client.post(reverse("marketplace:rematch"), follow=True)
    assert "The re-match of 2 open tenders has started." in response.content.decode()
    old, new = _run(run.pk), MatchRun.objects.exclude(pk=run.pk).get()
    assert old.stop_reason == "worker_lost"
    assert old.finished_at is None
    assert new.finished_at is not None
    assert (new.done, new.total, new.attempts) == (2, 2, 1)

    # A worker comes back: Redis delivers the dead worker's task again, and it leaves the superseded run alone.
    second_worker = workers.start(CELERY_VISIBILITY_TIMEOUT="1")
    _until(
        lambda: f"re-match {run.pk}: nothing to do" in workers.log_of(second_worker),
        "the old task to be delivered again",
    )
    old.refresh_from_db()
    assert (old.stop_reason, old.attempts, old.finished_at) == ("worker_lost", 1, None)
    assert MatchRun.objects.count() == 2
