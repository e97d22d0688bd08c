"""A re-match whose worker stopped beating: marked failed so a new one can start at once (before, new runs were
refused with 409 for half an hour), carried on when its task comes back and nothing newer exists, and given up
after JOB_MAX_ATTEMPTS lost workers. The real killed worker is in test_rematch_killed_worker.py."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from marketplace.matching.rematch import rematch_execute, rematch_start
from marketplace.models import MatchRun
from tests.marketplace.factories import buyer_with_officer, published_tender
from tests.organizations.factories import UserFactory, with_platform_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(cpv, compliance_data):
    buyer, officer = buyer_with_officer()
    published_tender(buyer, officer)
    return with_platform_role(UserFactory(), "platform_admin")


def _lost(run: MatchRun, *, attempts: int = 1, seconds: int = 600) -> MatchRun:
    """As a killed worker leaves it: attempt started, done 0, last heartbeat `seconds` ago."""
    beat = timezone.now() - timedelta(seconds=seconds)
    MatchRun.objects.filter(pk=run.pk).update(attempts=attempts, heartbeat_at=beat, started_at=beat)
    run.refresh_from_db()
    return run


def test_a_run_without_heartbeat_is_failed_and_a_new_one_starts_at_once(admin, client):
    lost = _lost(rematch_start())
    client.force_login(admin)
    page = client.get(reverse("marketplace:rematch")).content.decode()
    assert "gave no sign of life for 120 s" in page
    assert 'id="rematch-start"' in page
    german = client.get(reverse("marketplace:rematch"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "120 s lang kein Lebenszeichen gegeben" in german
    assert "Fehlgeschlagen" in german
    api = client.get(f"/api/v1/marketplace/match-runs/{lost.pk}/").json()
    assert api["state"] == "failed"
    assert api["attempts"] == 1

    new = rematch_start()  # no 409
    lost.refresh_from_db()
    assert new.pk != lost.pk
    assert lost.stop_reason == "worker_lost"
    # Its task, delivered again later, leaves the superseded run alone.
    assert rematch_execute(run_id=lost.pk) is None
    lost.refresh_from_db()
    assert (lost.stop_reason, lost.attempts) == ("worker_lost", 1)


def test_a_task_delivered_again_carries_a_lost_run_on_when_nothing_newer_exists(admin, client):
    lost = _lost(rematch_start())
    done = rematch_execute(run_id=lost.pk)
    assert done is not None
    assert done.finished_at is not None
    assert (done.done, done.attempts) == (1, 2)
    client.force_login(admin)
    page = client.get(reverse("marketplace:rematch")).content.decode()
    assert "another worker took it up and finished it (attempt 2)" in page
    assert client.get(f"/api/v1/marketplace/match-runs/{lost.pk}/").json()["state"] == "finished"


def test_after_three_lost_workers_the_run_is_given_up(admin, client, settings):
    settings.JOB_MAX_ATTEMPTS = 3
    lost = _lost(rematch_start(), attempts=3, seconds=1)
    assert rematch_execute(run_id=lost.pk) is None
    lost.refresh_from_db()
    assert lost.stop_reason == "gave_up"
    assert lost.finished_at is None
    client.force_login(admin)
    page = client.get(reverse("marketplace:rematch")).content.decode()
    assert "its workers were lost 3 times in a row" in page
    assert 'id="rematch-start"' in page


def test_beat_queues_a_lost_run_again_so_the_next_worker_carries_it_on(admin):
    from marketplace.matching.rematch import rematch_mark_stale
    from marketplace.tasks import mark_stale_runs

    lost = _lost(rematch_start())
    assert mark_stale_runs() == 1  # the suite runs the queued task eagerly, in place of the next worker
    lost.refresh_from_db()
    assert lost.finished_at is not None
    assert (lost.attempts, lost.stop_reason) == (2, "")

    never_taken_up = MatchRun.objects.create(total=1)  # its task still waits in the queue: not queued twice
    MatchRun.objects.filter(pk=never_taken_up.pk).update(started_at=timezone.now() - timedelta(hours=1))
    assert rematch_mark_stale() == []
    never_taken_up.refresh_from_db()
    assert never_taken_up.stop_reason == "worker_lost"
