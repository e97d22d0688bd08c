"""The consortium builder: for a tender with lots, the best consortia that cover every lot (CP-SAT, exact over a
bounded shortlist), a greedy baseline, and turning a suggestion into a draft alliance with invitations."""

from .candidates import candidate_pool
from .service import greedy_assignment, greedy_consortium, suggest_consortia, suggestion_to_alliance
from .solver import ConsortiumModel, Solution, solve_best
from .types import (
    Assignment,
    BuilderOptions,
    Candidate,
    CandidatePool,
    SuggestedMember,
    Suggestion,
    SuggestionList,
)

__all__ = [
    "Assignment",
    "BuilderOptions",
    "Candidate",
    "CandidatePool",
    "ConsortiumModel",
    "Solution",
    "SuggestedMember",
    "Suggestion",
    "SuggestionList",
    "candidate_pool",
    "greedy_assignment",
    "greedy_consortium",
    "solve_best",
    "suggest_consortia",
    "suggestion_to_alliance",
]
