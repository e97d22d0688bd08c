"""The CPV suggester learns from the codes users confirm on listings and lots (retrained by a Celery task)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from marketplace import services
from organizations import selectors, tasks
from organizations.cpv_suggest import store
from organizations.models import AuditEntry, CpvSuggesterModel
from tests.marketplace.factories import buyer_with_officer, sme_with_member, tender_data

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _fresh_suggester(cpv, compliance_data):
    store.reset()
    yield
    store.reset()


def _listing(provider, user, title, code):
    services.listing_create(
        provider=provider,
        by=user,
        kind="storage",
        title=title,
        description="Zorblex-Flächen kurzfristig frei.",
        cpv_codes=[code],
        country="DE",
        available_from=TODAY,
        available_until=TODAY + timedelta(days=30),
        quantity=Decimal("100"),
        unit="m2",
    )


def test_retraining_task_changes_suggestions_after_confirmed_codes_accumulate(django_capture_on_commit_callbacks):
    # "Zorblex" is a made-up house word: the vocabulary cannot know that it means storage here.
    before = selectors.cpv_suggestions(title="Zorblex Kapazität")
    assert not before or before[0]["code"] != "63120000"
    assert tasks.retrain_cpv_suggester_if_due.delay().get() is None  # no confirmed codes yet: nothing trained
    assert not CpvSuggesterModel.objects.exists()

    provider, user = sme_with_member()
    for n in range(20):
        _listing(provider, user, f"Zorblex Kapazität {n}", "63120000")
    buyer, officer = buyer_with_officer()
    services.tender_create(buyer=buyer, by=officer, **tender_data(lots=2))  # 3 more codes: 63120000, 60100000
    with django_capture_on_commit_callbacks(execute=True):
        run_id = tasks.retrain_cpv_suggester_if_due.delay().get()
    run = CpvSuggesterModel.objects.get(pk=run_id)
    assert run.example_count == 23
    assert run.class_count == 2
    assert AuditEntry.objects.filter(action="cpv_suggester.train").count() == 1

    after = selectors.cpv_suggestions(title="Zorblex Kapazität")
    assert after[0]["code"] == "63120000"
    assert after[0]["title"] == "Storage and warehousing services"

    # Not due again until enough new codes were confirmed.
    assert tasks.retrain_cpv_suggester_if_due.delay().get() is None


def test_a_layer_signed_under_another_key_is_ignored(django_capture_on_commit_callbacks):
    provider, user = sme_with_member()
    for n in range(20):
        _listing(provider, user, f"Zorblex Kapazität {n}", "63120000")
    _listing(provider, user, "Road haulage", "60100000")
    with django_capture_on_commit_callbacks(execute=True):
        run_id = tasks.retrain_cpv_suggester.delay().get()
    CpvSuggesterModel.objects.filter(pk=run_id).update(digest="0" * 64)
    store.reset()
    suggestions = selectors.cpv_suggestions(title="Zorblex Kapazität")
    assert not suggestions or suggestions[0]["code"] != "63120000"  # retrieval alone, as on a fresh install
