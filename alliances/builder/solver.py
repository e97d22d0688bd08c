"""The exact part: which candidates to take so every lot has exactly one member, fewest members, then best fit.

CP-SAT model over the shortlist (see candidates.py):
- x[c, l] — candidate c delivers lot l; y[c] — c is a member.
- Every active lot has exactly one x; x[c, l] ≤ y[c]; a member delivers at least one lot (no passengers, so a
  "different" suggestion is never the same one with an idle member added).
- Options: Σ_l x[c, l] ≤ max lots per member; y[c] = 1 for included organizations; Σ y over SMEs ≥ 1; per
  country a boolean z[k] ≤ Σ y over k's candidates, Σ z ≥ N (with the EDF rule only EU/Norway countries get a z).
- Objective: minimise M·Σy − Σ score·x with M = 100·lots + 1, larger than any total score, so one member fewer
  always beats any gain in score. It is solved lexicographically, in two solves of the same model: first the fewest
  members (minimise Σy), then, with Σy fixed to that number and the first answer as a hint, the best total score.
  The reported objective and bound are those of M·Σy − Σ score·x: the bound combines the two proofs (when the first
  is not complete: M × its bound on the members minus the highest possible score), so a time limit shows its gap.
The next-best suggestions come from no-good cuts on the y vector (Σ y over the previous member set ≤ its size − 1:
not that set again, nor that set with partners added) and re-solving the same model. Pairs found ineligible on
the way are fixed to x = 0 and the model solved again.

Solver settings: one worker with the full LP relaxation from the start (linearization_level 2, every x ≤ y row in
the LP rather than added lazily). Measured on the benchmark's 20-lot tenders on a 2-core machine: in one solve with
the weighted objective the EDF + SME + badge variant was still FEASIBLE after 9 s of CPU (bound ~3.8 members
against 5), the LP's fractional member count being far below the truth once scores are mixed in; the two solves
prove the same optimum in about 0.25 s each. The default 8-worker portfolio, two workers, lazily added LP rows or
linearization level 1 left the bound far below and timed out. One worker is also deterministic (same input, same
suggestions).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ortools.sat.python import cp_model

from ..edf import is_edf_country
from .types import BuilderOptions, Candidate, CandidatePool

MAX_SCORE = 100
STATUS_NAMES = {
    cp_model.OPTIMAL: "OPTIMAL",
    cp_model.FEASIBLE: "FEASIBLE",
    cp_model.INFEASIBLE: "INFEASIBLE",
    cp_model.MODEL_INVALID: "MODEL_INVALID",
    cp_model.UNKNOWN: "UNKNOWN",
}


@dataclass
class Solution:
    """One solve: the member set, which candidate delivers each lot, and the solver's verdict."""

    status: str
    members: frozenset[int]
    assignment: dict[int, Candidate]  # lot id → candidate
    objective: int
    bound: int
    seconds: float

    @property
    def total_score(self) -> int:
        return sum(candidate.score for candidate in self.assignment.values())


class ConsortiumModel:
    """The CP-SAT model of one tender's shortlist under the options; `solve()` may be called again after
    `forbid()` to get the next-best member set."""

    def __init__(self, pool: CandidatePool, options: BuilderOptions) -> None:
        self.pool, self.options = pool, options
        self.model = cp_model.CpModel()
        self.weight = MAX_SCORE * len(pool.lots) + 1
        candidates = {c.organization_id: c for lot in pool.lots for c in pool.by_lot[lot.pk]}
        self.y = {org: self.model.new_bool_var(f"y{org}") for org in sorted(candidates)}
        self.x: dict[tuple[int, int], cp_model.IntVar] = {}
        self.candidates: dict[tuple[int, int], Candidate] = {}
        for lot in pool.lots:
            for candidate in pool.by_lot[lot.pk]:
                key = (candidate.organization_id, lot.pk)
                self.x[key] = self.model.new_bool_var(f"x{key[0]}_{key[1]}")
                self.candidates[key] = candidate
                self.model.add_implication(self.x[key], self.y[candidate.organization_id])
            self.model.add_exactly_one(self.x[(c.organization_id, lot.pk)] for c in pool.by_lot[lot.pk])
        self._member_constraints()
        self._option_constraints(candidates)
        # Σy as a variable of its own: the second solve narrows its domain to the fewest members found.
        self.members = self.model.new_int_var(0, len(self.y), "members")
        self.model.add(self.members == sum(self.y.values()))
        self.score = sum(c.score * self.x[key] for key, c in self.candidates.items())

    def _member_constraints(self) -> None:
        lots_of: dict[int, list] = {org: [] for org in self.y}
        for (org, _lot), var in self.x.items():
            lots_of[org].append(var)
        for org, variables in lots_of.items():
            self.model.add(sum(variables) >= self.y[org])
            if self.options.max_lots_per_member:
                self.model.add(sum(variables) <= self.options.max_lots_per_member)

    def _option_constraints(self, candidates: dict[int, Candidate]) -> None:
        for org in self.options.include:
            if org in self.y:
                self.model.add(self.y[org] == 1)
        if self.options.needs_sme:
            self.model.add(sum(self.y[org] for org, c in candidates.items() if c.is_sme) >= 1)
        needed = self.options.countries_needed
        if needed > 1:
            by_country: dict[str, list] = {}
            for org, candidate in candidates.items():
                if not self.options.edf or is_edf_country(candidate.country):
                    by_country.setdefault(candidate.country, []).append(self.y[org])
            present = []
            for country, members in sorted(by_country.items()):
                z = self.model.new_bool_var(f"country_{country}")
                self.model.add_bool_or(members).only_enforce_if(z)
                present.append(z)
            self.model.add(sum(present) >= needed)

    def drop(self, pairs: list[tuple[int, int]]) -> None:
        """These (organization, lot) pairs turned out ineligible: never use them."""
        for key in pairs:
            self.model.add(self.x[key] == 0)

    def forbid(self, members: frozenset[int]) -> None:
        """Cut for the next suggestion: at least one of these members must go. Besides this exact set, that also
        rules out the set plus extra partners — a weaker copy of a suggestion already made — and, unlike a clause
        over every y, it is a row the LP relaxation can use, which keeps the re-solves fast."""
        self.model.add(sum(self.y[org] for org in members) <= len(members) - 1)

    def _run(self, seconds: float) -> tuple[cp_model.CpSolver, Any]:
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(seconds, 0.01)
        solver.parameters.num_workers = 1
        solver.parameters.linearization_level = 2
        solver.parameters.add_lp_constraints_lazily = False
        return solver, solver.solve(self.model)

    def _answer(self, solver: cp_model.CpSolver) -> tuple[frozenset[int], dict[int, Candidate]]:
        assignment = {
            lot_id: self.candidates[(org, lot_id)] for (org, lot_id), var in self.x.items() if solver.boolean_value(var)
        }
        return frozenset(org for org, var in self.y.items() if solver.boolean_value(var)), assignment

    def solve(self) -> Solution:
        """The best member set left: fewest members, then the best score with that many (see the module's
        docstring); OPTIMAL only when both solves proved their part within the time limit."""
        began = time.perf_counter()
        limit = self.options.time_limit_seconds
        self.model.clear_hints()
        self.model.minimize(self.members)
        solver, status = self._run(limit)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return Solution(STATUS_NAMES.get(status, str(status)), frozenset(), {}, 0, 0, time.perf_counter() - began)
        count = round(solver.objective_value)
        count_proven = status == cp_model.OPTIMAL
        count_bound = math.ceil(solver.best_objective_bound - 1e-6)
        members, assignment = self._answer(solver)
        score, score_bound = sum(c.score for c in assignment.values()), MAX_SCORE * len(self.pool.lots)
        for var in [*self.x.values(), *self.y.values()]:
            self.model.add_hint(var, solver.boolean_value(var))
        domain = self.model.proto.variables[self.members.index].domain
        domain[0], domain[1] = count, count
        self.model.maximize(self.score)
        try:
            solver, status = self._run(limit - (time.perf_counter() - began))
        finally:
            domain[0], domain[1] = 0, len(self.y)
        score_proven = status == cp_model.OPTIMAL
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) and round(solver.objective_value) >= score:
            members, assignment = self._answer(solver)
            score, score_bound = round(solver.objective_value), math.floor(solver.best_objective_bound + 1e-6)
        objective = self.weight * count - score
        # Any other set has at least `count_bound` members and a score of at most 100 per lot; with the member
        # count proven, one of `count` members scores at most `score_bound`, and one member more costs more.
        bound = (
            self.weight * count - score_bound
            if count_proven
            else (self.weight * count_bound - MAX_SCORE * len(self.pool.lots))
        )
        name = "OPTIMAL" if count_proven and score_proven else "FEASIBLE"
        return Solution(name, members, assignment, objective, min(bound, objective), time.perf_counter() - began)


def solve_best(
    pool: CandidatePool, options: BuilderOptions, *, verify: Callable[[Solution], list[tuple[int, int]]] | None = None
) -> tuple[list[Solution], str]:
    """Up to `options.suggestions` solutions with distinct member sets, best first, and the last status (which
    says why the list stopped: INFEASIBLE when no further set exists, UNKNOWN when time ran out).

    `verify` returns the (organization, lot) pairs of a solution, and any others it found on the way, that are not
    eligible; they are dropped and the model solved again until a solution uses only eligible pairs."""
    model = ConsortiumModel(pool, options)
    solutions: list[Solution] = []
    status = "INFEASIBLE"
    spent = 0.0
    while len(solutions) < options.suggestions:
        solution = model.solve()
        status = solution.status
        if not solution.members:
            break
        dropped = verify(solution) if verify else []
        if dropped:
            model.drop(dropped)
            spent += solution.seconds
            continue
        solution.seconds += spent
        spent = 0.0
        solutions.append(solution)
        model.forbid(solution.members)
    return solutions, status
