"""The consortium builder's solver against brute force on small instances: every suggestion it proves optimal has
the value of the best assignment (fewest members, then best score) under each option, and the second and third are
the best among the member sets that do not contain an earlier suggestion's members. No database: the solver reads
only the shortlist."""

import itertools
import random
from types import SimpleNamespace

import pytest

from alliances.builder import BuilderOptions, Candidate, CandidatePool, solve_best
from alliances.edf import is_edf_country

COUNTRIES = ["DE", "FR", "NO", "CH", "PL"]  # Switzerland does not count for the EDF rule, Norway does
OPTIONS = {
    "plain": BuilderOptions(),
    "two countries": BuilderOptions(min_countries=2),
    "EDF": BuilderOptions(edf=True),
    "SME": BuilderOptions(require_sme=True),
    "two lots each": BuilderOptions(max_lots_per_member=2),
    "EDF + SME + cap": BuilderOptions(edf=True, require_sme=True, max_lots_per_member=2),
}


def instance(seed: int, lots: int = 4, organizations: int = 6) -> CandidatePool:
    rng = random.Random(seed)
    lot_objects = [SimpleNamespace(pk=100 + n, number=n + 1) for n in range(lots)]
    by_lot: dict[int, list[Candidate]] = {lot.pk: [] for lot in lot_objects}
    for org in range(1, organizations + 1):
        country, sme = rng.choice(COUNTRIES), rng.choice(["micro", "small", "medium", "large"])
        for lot in rng.sample(lot_objects, rng.randint(1, lots)):
            by_lot[lot.pk].append(
                Candidate(
                    organization_id=org,
                    lot_id=lot.pk,
                    score=rng.randint(20, 100),
                    cpv_fit=1.0,
                    code="60100000",
                    listing_id=None,
                    listing_title="",
                    country=country,
                    sme_class=sme,
                )
            )
    for candidates in by_lot.values():
        candidates.sort(key=lambda c: (-c.score, c.organization_id))
    return CandidatePool(lots=lot_objects, by_lot=by_lot, organizations={})


def brute_force(pool: CandidatePool, options: BuilderOptions, forbidden: list[frozenset[int]]) -> int | None:
    """The best objective (members × (100·lots + 1) − score) over every assignment of a candidate to each lot."""
    weight, best = 100 * len(pool.lots) + 1, None
    for choice in itertools.product(*(pool.by_lot[lot.pk] for lot in pool.lots)):
        members = {c.organization_id for c in choice}
        if any(previous <= members for previous in forbidden):
            continue
        loads = [sum(c.organization_id == org for c in choice) for org in members]
        if options.max_lots_per_member and max(loads) > options.max_lots_per_member:
            continue
        if options.needs_sme and not any(c.is_sme for c in choice):
            continue
        countries = {c.country for c in choice if not options.edf or is_edf_country(c.country)}
        if len(countries) < options.countries_needed:
            continue
        objective = weight * len(members) - sum(c.score for c in choice)
        best = objective if best is None else min(best, objective)
    return best


@pytest.mark.parametrize("name", OPTIONS)
@pytest.mark.parametrize("seed", range(8))
def test_every_suggestion_has_the_value_brute_force_finds(name, seed):
    pool, options = instance(seed), OPTIONS[name]
    solutions, status = solve_best(pool, options)
    forbidden: list[frozenset[int]] = []
    for solution in solutions:
        assert solution.status == "OPTIMAL"
        assert solution.objective == solution.bound
        assert solution.objective == brute_force(pool, options, forbidden)
        assert sorted(solution.assignment) == sorted(lot.pk for lot in pool.lots)
        assert solution.objective == (100 * len(pool.lots) + 1) * len(solution.members) - solution.total_score
        forbidden.append(solution.members)
    if len(solutions) < options.suggestions:  # the list stopped because no further member set exists
        assert status == "INFEASIBLE"
        assert brute_force(pool, options, forbidden) is None


def test_a_time_limit_too_short_to_prove_reports_the_gap_not_a_false_optimum():
    """On a bigger instance with a limit too short for both proofs, whatever comes back says so: a suggestion
    is OPTIMAL only with objective == bound, and otherwise FEASIBLE with a bound below its objective."""
    pool = instance(3, lots=12, organizations=60)
    solutions, _status = solve_best(
        pool, BuilderOptions(edf=True, require_sme=True, time_limit_seconds=0.001, suggestions=1)
    )
    for solution in solutions:
        assert solution.status in ("OPTIMAL", "FEASIBLE")
        assert solution.bound <= solution.objective
        assert solution.status == "FEASIBLE" or solution.objective == solution.bound
    proven, _ = solve_best(pool, BuilderOptions(edf=True, require_sme=True, suggestions=1))
    assert proven[0].status == "OPTIMAL"
    assert proven[0].objective == proven[0].bound
    assert all(solution.objective >= proven[0].objective >= solution.bound for solution in solutions)
