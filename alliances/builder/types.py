"""What the consortium builder takes and gives: options, candidates per lot, and the suggestions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from marketplace.models import Lot
from organizations.models import SME_CLASSES, Organization

from ..edf import EdfReport


@dataclass(frozen=True)
class BuilderOptions:
    """Wishes for the consortium. `edf=True` applies the EDF rule: at least three members from three countries,
    where only EU member states and Norway count, and each suggestion carries its EDF report."""

    min_countries: int = 1
    edf: bool = False
    require_sme: bool = False  # at least one SME member
    sme_lead: bool = False  # the suggested lead (coordinator) is an SME
    include: tuple[int, ...] = ()  # organization ids that must be members
    exclude: tuple[int, ...] = ()  # organization ids never to suggest
    max_lots_per_member: int | None = None  # the maximum share per member, in lots
    candidates_per_lot: int = 30
    suggestions: int = 3
    time_limit_seconds: float = 10.0

    @property
    def countries_needed(self) -> int:
        return max(self.min_countries, 3 if self.edf else 1)

    @property
    def needs_sme(self) -> bool:
        return self.require_sme or self.sme_lead


@dataclass
class Candidate:
    """An organization that can deliver a lot, with its fit score (0-100) and what the score rests on."""

    organization_id: int
    lot_id: int
    score: int
    cpv_fit: float
    code: str  # the capability or listing code that gave the CPV fit
    listing_id: int | None
    listing_title: str
    country: str
    sme_class: str

    @property
    def is_sme(self) -> bool:
        return self.sme_class in SME_CLASSES


class EligibilityChecker(Protocol):
    calls: int

    def problems(self, organization_id: int, lot: Lot) -> list[str]: ...


@dataclass
class CandidatePool:
    """The shortlist the solver chooses from: per active lot, candidates best first. They passed the hard filters
    in SQL; the full eligibility rules are asked through `checker` only for the pairs a suggestion would use (and for
    every candidate of a lot where one of those failed), so most of the shortlist is never checked one by one."""

    lots: list[Lot]
    by_lot: dict[int, list[Candidate]]
    organizations: dict[int, Organization]
    problems: list[str] = field(default_factory=list)
    checker: EligibilityChecker | None = None

    @property
    def pairs(self) -> int:
        return sum(len(candidates) for candidates in self.by_lot.values())

    @property
    def eligibility_calls(self) -> int:
        return self.checker.calls if self.checker else 0

    def eligible(self, candidate: Candidate) -> bool:
        if self.checker is None:
            return True
        lot = next(lot for lot in self.lots if lot.pk == candidate.lot_id)
        return not self.checker.problems(candidate.organization_id, lot)

    def screen_lot(self, lot_id: int) -> list[Candidate]:
        """Check every candidate of a lot; drop the ineligible ones from the pool and return them."""
        dropped = [candidate for candidate in self.by_lot[lot_id] if not self.eligible(candidate)]
        if dropped:
            gone = {id(candidate) for candidate in dropped}
            self.by_lot[lot_id] = [c for c in self.by_lot[lot_id] if id(c) not in gone]
        return dropped


@dataclass
class Assignment:
    lot: Lot
    organization: Organization
    score: int
    reason: str


@dataclass
class SuggestedMember:
    organization: Organization
    country: str
    sme_class: str
    lots: list[int]  # lot numbers
    score: int
    is_lead: bool = False


@dataclass
class Suggestion:
    """One consortium covering every active lot, with the reason for each assignment and how sure the solver is.

    `optimal` means CP-SAT proved that no better member set exists among the candidates. For the second and third
    suggestion that is among the sets that do not contain an earlier suggestion's members (an alternative drops at
    least one of them, rather than adding a partner to a suggestion already made)."""

    rank: int
    members: list[SuggestedMember]
    assignments: list[Assignment]
    total_score: int
    status: str
    objective: int | None = None
    bound: int | None = None
    seconds: float = 0.0
    edf: EdfReport | None = None

    @property
    def member_count(self) -> int:
        return len(self.members)

    @property
    def countries(self) -> list[str]:
        return sorted({member.country for member in self.members})

    @property
    def optimal(self) -> bool:
        return self.status == "OPTIMAL"

    @property
    def lead(self) -> Organization | None:
        return next((member.organization for member in self.members if member.is_lead), None)

    @property
    def organization_ids(self) -> frozenset[int]:
        return frozenset(member.organization.pk for member in self.members)


class SuggestionList(list):
    """The best suggestions, best first: a list, which is empty when no consortium fits, and then `problems` says
    why in plain words."""

    def __init__(
        self,
        suggestions=(),
        *,
        problems: list[str] | None = None,
        pool: CandidatePool | None = None,
        seconds: float = 0.0,
    ) -> None:
        super().__init__(suggestions)
        self.problems = problems or []
        self.pool = pool
        self.seconds = seconds
