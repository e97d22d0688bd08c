"""The engine's pruning (CPV tiers, text last) keeps exactly the ranking of scoring every candidate fully, and the
CPV fit ladder has one definition whose values reach SQL as parameters."""

import random

import pytest

from benchmarks.marketplace_data import bench_data_generate
from marketplace.matching import engine
from marketplace.matching.contexts import lot_contexts
from marketplace.matching.ladder import CpvFit, ladder_case, ladder_params, named_placeholder
from marketplace.models import CapacityListing, Lot, Match, Tender

pytestmark = pytest.mark.django_db

PREFERENCES = [
    {},
    {"certifications": ["iso_9001"]},
    {"hazard_divisions": ["1.1"]},
    {"max_load_t": 20, "certifications": ["aqap_2110"]},
]
HELD = [
    {},
    {"certifications": ["iso_9001"]},
    {"certifications": ["iso_9001", "aqap_2110"], "max_load_t": 40},
    {"hazard_divisions": ["1.1", "1.4"], "explosives_licence": True},
    {"max_load_t": 10},
]


@pytest.fixture
def crowded(cpv):
    """Listings crowded into the logistics subtrees (the stress case, small), with attributes held and lots
    that prefer some, reserve for SMEs, take partial offers or have no words."""
    bench_data_generate(listings=900, tenders=12, lots=3, organizations=40, buyers=4)
    rng = random.Random(7)
    for listing in CapacityListing.objects.order_by("id"):
        CapacityListing.objects.filter(pk=listing.pk).update(attributes=rng.choice(HELD))
    for n, lot in enumerate(Lot.objects.order_by("id")):
        Lot.objects.filter(pk=lot.pk).update(
            preferred_attributes=PREFERENCES[n % len(PREFERENCES)],
            partial_offers=n % 3 == 0,
            sme_only=n % 5 == 0,
            required_attributes={"certifications": ["iso_9001"]} if n % 6 == 1 else {},
        )
    wordless = Tender.objects.order_by("id")[:2]
    Lot.objects.filter(tender__in=wordless).update(title="", description="")
    Tender.objects.filter(pk__in=wordless).update(title="", description="")
    return list(Lot.objects.select_related("tender").order_by("id"))


def _ranking(rows):
    return [(r["lot_id"], r["listing_id"], r["score"], sorted(r["parts"].items())) for r in rows]


@pytest.mark.parametrize("limit", [3, 10, 50])
def test_the_pruned_ranking_equals_scoring_every_candidate(crowded, limit):
    contexts = lot_contexts(crowded)
    pruned = engine.matches_scored(contexts, limit=limit)
    assert _ranking(pruned) == _ranking(engine.matches_scored(contexts, limit=limit, prune=False))
    assert len({row["lot_id"] for row in pruned}) == len(contexts)
    # The case the tiers prune: a lot whose best are all by code while others of its group are candidates too.
    by_code = [row["lot_id"] for row in pruned if row["parts"]["cpv"] >= float(CpvFit.SIBLING.fit)]
    assert any(by_code.count(c.lot_id) == limit and len(engine.candidate_ids(c)) > limit for c in contexts)


def test_the_shared_scan_of_the_full_rematch_stores_the_same_ranking(crowded):
    contexts = [c for c in lot_contexts(crowded) if not c.controlled]
    by_scope: dict[tuple, list] = {}
    for context in contexts:
        by_scope.setdefault(context.scope_groups, []).append(context)
    engine.matches_insert(contexts)
    one_by_one = sorted(Match.objects.values_list("lot_id", "listing_id", "score"))
    Match.objects.all().delete()
    for group in by_scope.values():
        engine.matches_insert(group, shared_scan=True)
    assert sorted(Match.objects.values_list("lot_id", "listing_id", "score")) == one_by_one
    unpruned = engine.matches_scored(contexts, prune=False)
    assert sorted((r["lot_id"], r["listing_id"], r["score"]) for r in unpruned) == one_by_one


def test_the_ladder_values_are_parameters_not_sql_text():
    for fragment in (engine.CPV_FIT, engine.LISTING_CPV_FIT):
        for step in CpvFit:
            assert f"lots.{step.param}" in fragment
            assert f" {step.fit} " not in fragment
            assert f" {step.fit}\n" not in fragment
    assert engine.explain({"cpv": 0.9})[0].startswith(str(CpvFit.NARROWER.label))
    assert ladder_params()["fit_group"] == CpvFit.GROUP.fit
    case = ladder_case({CpvFit.SAME: "a = b", CpvFit.SIBLING: "c = d"}, named_placeholder)
    assert case == "CASE WHEN a = b THEN %(fit_same)s WHEN c = d THEN %(fit_sibling)s ELSE %(fit_division)s END"
    assert CpvFit.of(0.6) is CpvFit.SIBLING
    assert CpvFit.of(0.55) is None
