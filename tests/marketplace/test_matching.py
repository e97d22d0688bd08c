"""The matching engine: hard filters before scoring, explained scores, idempotent re-runs, saved searches,
and a quality floor on the labelled set."""

from datetime import timedelta
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from core.errors import ApplicationError
from marketplace import services
from marketplace.matching.engine import explain
from marketplace.matching.evaluation import evaluate
from marketplace.matching.rematch import rematch_all, rematch_start
from marketplace.matching.saved_searches import saved_search_create, saved_search_digests_send
from marketplace.matching.services import matches_refresh_for_listing, matches_refresh_for_tender
from marketplace.models import Match, SavedSearchHit
from marketplace.tasks import match_tender
from marketplace.tasks import rematch_all as rematch_task
from organizations.models import Notification
from tests.compliance.factories import badge
from tests.marketplace.factories import buyer_with_officer, published_tender, sme_with_member
from tests.marketplace.test_services_listings import listing
from tests.organizations.factories import OrganizationFactory

pytestmark = pytest.mark.django_db
EVAL_SET = Path(__file__).resolve().parent / "data" / "matching_eval.yaml"
# The figures the engine reached on the hard labelled set (see `manage.py evaluate_matching`); a change that
# ranks worse fails here. The baselines must stay below the engine.
# Reached (2026-12-03): precision@5 0.994, recall@20 0.957, nDCG@10 0.853; before the crosswalk, attributes
# and the quantity shortfall 0.556 / 0.603 / 0.511. Baselines: CPV-only 0.469 / 0.530 / 0.384, text-only
# 0.656 / 0.500 / 0.467.
QUALITY_FLOOR = {"precision_at_5": 0.99, "recall_at_20": 0.95, "ndcg_at_10": 0.85}


@pytest.fixture
def world(cpv, compliance_data):
    buyer, officer = buyer_with_officer()
    sme, member = sme_with_member()
    return buyer, officer, sme, member


def _matched_listings(tender) -> set[int]:
    return set(Match.objects.filter(tender=tender, listing__isnull=False).values_list("listing_id", flat=True))


def test_quality_on_the_labelled_set_does_not_drop(cpv):
    result = evaluate(path=EVAL_SET)
    for metric, floor in QUALITY_FLOOR.items():
        assert result[metric] >= floor, result["lots"]
        for baseline in result["baselines"].values():
            assert baseline[metric] < result[metric]


def test_a_fitting_listing_is_matched_and_explained(world):
    buyer, officer, sme, member = world
    fitting = listing(sme, member)  # 63122000 warehousing, in Germany
    tender = published_tender(buyer, officer)  # lot 1: 63120000 storage, lot 2: 60100000 road transport
    matches_refresh_for_tender(tender_id=tender.pk)
    match = Match.objects.get(tender=tender, listing=fitting)
    assert match.lot.number == 1
    assert match.parts["cpv"] == 0.9  # a narrower code than the lot's
    assert 0 < match.score <= 100
    assert explain(match.parts)[0].startswith("a narrower CPV code")


def test_hard_filters_come_before_scoring(world):
    buyer, officer, sme, member = world
    own = listing(buyer, officer)  # the buyer's own capacity
    hidden = listing(sme, member, visibility="partners", visible_to_partners=[OrganizationFactory().pk])
    paused = listing(sme, member)
    services.listing_transition(listing=paused, action="pause", by=member)
    no_badge_org, no_badge_user = sme_with_member()
    listing(no_badge_org, no_badge_user)
    badge(sme, "defence_ready")
    visible = listing(sme, member)
    tender = published_tender(buyer, officer, required_badges=["defence_ready"])
    matches_refresh_for_tender(tender_id=tender.pk)
    assert _matched_listings(tender) == {visible.pk}
    assert own.pk not in _matched_listings(tender)
    assert hidden.pk not in _matched_listings(tender)


def test_export_screening_filters_providers_for_controlled_lots(world):
    buyer, officer, sme, member = world
    listing(sme, member)
    tender = published_tender(buyer, officer)
    tender.lots.filter(number=1).update(export_classification="ML4")
    matches_refresh_for_tender(tender_id=tender.pk)
    assert not Match.objects.filter(tender=tender, lot__number=1).exists()


def test_rerunning_replaces_matches_instead_of_duplicating(world):
    buyer, officer, sme, member = world
    listing(sme, member)
    tender = published_tender(buyer, officer)
    first = matches_refresh_for_tender(tender_id=tender.pk)
    second = matches_refresh_for_tender(tender_id=tender.pk)
    assert first == second == Match.objects.filter(tender=tender).count()


def test_a_new_listing_enters_open_lots_and_organizations_match_by_capability(world):
    buyer, officer, sme, member = world
    tender = published_tender(buyer, officer)
    sme.capability_codes.set(["60100000"])
    matches_refresh_for_tender(tender_id=tender.pk)
    assert Match.objects.filter(tender=tender, organization=sme, listing__isnull=True, lot__number=2).exists()
    new = listing(sme, member)
    matches_refresh_for_listing(listing_id=new.pk)
    assert Match.objects.filter(tender=tender, listing=new).exists()


def test_full_rematch_reports_progress(world):
    buyer, officer, sme, member = world
    listing(sme, member)
    for _ in range(3):
        published_tender(buyer, officer)
    run = rematch_all(run_id=rematch_start().pk, chunk=2)
    assert (run.done, run.total) == (3, 3)
    assert run.finished_at is not None


def test_saved_search_notifies_once(world, django_capture_on_commit_callbacks):
    buyer, officer, sme, member = world
    listing(sme, member)
    search = saved_search_create(
        user=member,
        organization=sme,
        name="Storage in Germany",
        cpv_codes="63100000",
        country_codes=["de"],
        min_score=10,
    )
    with django_capture_on_commit_callbacks(execute=True):  # publishing queues matching, then the alert
        tender = published_tender(buyer, officer)
    assert Notification.objects.filter(recipient=member, subject__startswith="New tender for").count() == 1
    match_tender(tender.pk)  # matched again (an amendment, a second delivery): nobody is told twice
    assert SavedSearchHit.objects.filter(saved_search=search, tender=tender).count() == 1
    assert Notification.objects.filter(recipient=member, subject__startswith="New tender for").count() == 1


@pytest.mark.parametrize(
    "rematch",
    [rematch_task, lambda: call_command("rematch_all", stdout=StringIO())],
    ids=["celery task", "manage.py rematch_all"],
)
def test_the_full_rematch_alerts_saved_searches_of_tenders_not_matched_before(world, rematch):
    buyer, officer, sme, member = world
    listing(sme, member)
    saved_search_create(user=member, organization=sme, name="Storage", cpv_codes="63100000", min_score=10)
    published_tender(buyer, officer)  # its matching task never ran (e.g. the broker was down)
    assert not Notification.objects.filter(recipient=member, subject__startswith="New tender for").exists()
    rematch()
    assert Notification.objects.filter(recipient=member, subject__startswith="New tender for").count() == 1


def test_a_closed_tender_alerts_nobody(world):
    buyer, officer, sme, member = world
    listing(sme, member)
    saved_search_create(user=member, organization=sme, name="Storage", cpv_codes="63100000", min_score=10)
    tender = published_tender(buyer, officer)
    services.tender_cancel(tender=tender, reason="Budget withdrawn.", by=officer)
    match_tender(tender.pk)
    assert not SavedSearchHit.objects.exists()


def test_daily_digest_collects_hits_once(world):
    buyer, officer, sme, member = world
    listing(sme, member)
    saved_search_create(
        user=member, organization=sme, name="Daily", cpv_codes=["63000000"], min_score=10, frequency="daily"
    )
    for _ in range(2):
        match_tender(published_tender(buyer, officer).pk)
    assert saved_search_digests_send() == 1
    digest = Notification.objects.get(recipient=member, subject__contains="new tenders")
    assert digest.subject.startswith("2 new tenders")
    assert saved_search_digests_send() == 0


@pytest.mark.parametrize(
    ("filters", "field"),
    [
        ({"cpv_codes": ["99999999"]}, "cpv_codes"),
        ({}, "cpv_codes"),
        ({"country_codes": ["XX"]}, "countries"),
        ({"kinds": ["spaceships"]}, "kinds"),
    ],
)
def test_saved_search_input_errors(world, filters, field):
    _buyer, _officer, sme, member = world
    with pytest.raises(ApplicationError) as refused:
        saved_search_create(user=member, organization=sme, name="x", **filters)
    assert field in refused.value.errors


def test_matching_runs_on_publish_through_the_task_queue(world, django_capture_on_commit_callbacks):
    buyer, officer, sme, member = world
    listing(sme, member)
    with django_capture_on_commit_callbacks(execute=True):
        tender = published_tender(buyer, officer)
    assert Match.objects.filter(tender=tender).exists()
    # availability outside the period lowers the score but does not exclude
    later = listing(
        sme,
        member,
        available_from=timezone.localdate() + timedelta(days=400),
        available_until=timezone.localdate() + timedelta(days=500),
        quantity=Decimal("10"),
    )
    matches_refresh_for_listing(listing_id=later.pk)
    late_match = Match.objects.get(tender=tender, listing=later)
    assert late_match.parts["availability"] == 0
    assert (
        late_match.score
        < Match.objects.filter(tender=tender, listing__isnull=False).exclude(listing=later).first().score
    )


def test_a_listing_moved_to_another_cpv_division_leaves_the_lots_it_no_longer_fits(world):
    buyer, officer, sme, member = world
    published_tender(buyer, officer)  # lot 1: storage (63…), lot 2: road transport (60…)
    moving = listing(sme, member)  # storage, 63122000
    matches_refresh_for_listing(listing_id=moving.pk)
    assert set(Match.objects.filter(listing=moving).values_list("lot__number", flat=True)) == {1}
    services.listing_update(listing=moving, by=member, cpv_codes=["60100000"])
    moving.refresh_from_db()
    assert moving.matching_cpv_codes == ["60100000"]
    assert moving.matching_cpv_groups == ["601"]
    matches_refresh_for_listing(listing_id=moving.pk)
    assert set(Match.objects.filter(listing=moving).values_list("lot__number", flat=True)) == {2}
    assert Match.objects.get(listing=moving).parts["cpv"] == 1.0  # the lot's own code now


def test_a_listing_joins_a_full_lot_only_when_it_beats_the_weakest(world, monkeypatch):
    from marketplace.matching import services as matching_services

    buyer, officer, sme, member = world
    monkeypatch.setattr(matching_services, "KEEP_PER_LOT", 2)
    near = [listing(sme, member) for _ in range(2)]  # same code family, in the period
    tender = published_tender(buyer, officer)
    matches_refresh_for_tender(tender_id=tender.pk)
    weak = listing(
        sme,
        member,
        available_from=timezone.localdate() + timedelta(days=400),
        available_until=timezone.localdate() + timedelta(days=500),
    )
    assert matches_refresh_for_listing(listing_id=weak.pk) == 0  # lot 1 is full of better ones
    strong = listing(sme, member, title="Heated warehouse storage", quantity=Decimal("100000"))
    assert matches_refresh_for_listing(listing_id=strong.pk) == 1
    kept = set(
        Match.objects.filter(lot__tender=tender, lot__number=1, listing__isnull=False).values_list(
            "listing_id", flat=True
        )
    )
    assert strong.pk in kept
    assert len(kept) == 2
    assert weak.pk not in kept
    assert kept & {n.pk for n in near}


@pytest.mark.django_db(transaction=True)
def test_full_rematch_in_two_worker_threads_stores_the_same_matches(cpv, compliance_data, settings):
    buyer, officer = buyer_with_officer()
    sme, member = sme_with_member()
    listing(sme, member)
    tenders = [published_tender(buyer, officer) for _ in range(5)]
    for tender in tenders:
        matches_refresh_for_tender(tender_id=tender.pk)
    one_by_one = sorted(Match.objects.values_list("lot_id", "listing_id", "organization_id", "score"))
    settings.MATCHING_WORKERS = 2
    run = rematch_all(run_id=rematch_start().pk, chunk=1)
    assert (run.done, run.total) == (5, 5)
    assert run.finished_at is not None
    assert sorted(Match.objects.values_list("lot_id", "listing_id", "organization_id", "score")) == one_by_one
