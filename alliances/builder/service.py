"""The consortium builder's entry points: suggest the best consortia for a tender, the greedy baseline the
benchmark compares with, and turning a suggestion into a draft alliance with invitations in one step."""

from __future__ import annotations

import time
from collections import Counter

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.errors import ApplicationError
from marketplace.matching.ladder import CpvFit
from marketplace.models import Tender
from organizations.models import Organization, User

from ..edf import edf_check, is_edf_country
from ..models import Alliance, AllianceKind, AllianceMember
from ..services import alliance_create, alliance_invite
from .candidates import candidate_pool, pool_gaps
from .solver import Solution, solve_best
from .types import Assignment, BuilderOptions, Candidate, CandidatePool, SuggestedMember, Suggestion, SuggestionList


def _reason(candidate: Candidate, lot, tender: Tender) -> str:
    fit = CpvFit.of(candidate.cpv_fit)
    parts = [f"{fit.label if fit else ''} {candidate.code}"]
    if candidate.listing_title:
        title = candidate.listing_title if len(candidate.listing_title) <= 40 else candidate.listing_title[:39] + "…"
        parts.append(_("listing '%(title)s'") % {"title": title})
    if tender.required_badges:
        parts.append(_("badges ok"))
    if lot.sme_only:
        parts.append(_("an SME, as the lot is reserved for SMEs"))
    if lot.export_classification != "not_listed":
        parts.append(_("export screening ok"))
    if candidate.country == str(tender.performance_country):
        parts.append(_("established in the country of performance"))
    return ", ".join(str(part) for part in parts)


def _suggestion(
    *,
    rank: int,
    assignment: dict[int, Candidate],
    pool: CandidatePool,
    tender: Tender,
    options: BuilderOptions,
    solution: Solution | None = None,
) -> Suggestion:
    members: dict[int, SuggestedMember] = {}
    assignments = []
    for lot in pool.lots:
        candidate = assignment[lot.pk]
        organization = pool.organizations[candidate.organization_id]
        member = members.setdefault(
            organization.pk,
            SuggestedMember(
                organization=organization, country=candidate.country, sme_class=candidate.sme_class, lots=[], score=0
            ),
        )
        member.lots.append(lot.number)
        member.score += candidate.score
        assignments.append(
            Assignment(
                lot=lot, organization=organization, score=candidate.score, reason=_reason(candidate, lot, tender)
            )
        )
    ordered = sorted(members.values(), key=lambda m: (-len(m.lots), -m.score, m.organization.pk))
    # The lead represents the consortium: the member carrying the most lots (an SME one when asked for).
    leads = [m for m in ordered if m.organization.is_sme] if options.sme_lead else ordered
    if leads:
        leads[0].is_lead = True
    suggestion = Suggestion(
        rank=rank,
        members=ordered,
        assignments=assignments,
        total_score=sum(a.score for a in assignments),
        status=solution.status if solution else "GREEDY",
        objective=solution.objective if solution else None,
        bound=solution.bound if solution else None,
        seconds=solution.seconds if solution else 0.0,
    )
    if options.edf:
        suggestion.edf = edf_check(members=[m.organization for m in ordered], coordinator=suggestion.lead)
    return suggestion


def _infeasible_reason(pool: CandidatePool, options: BuilderOptions, status: str) -> list[str]:
    if status == "UNKNOWN":
        return [
            _("The solver found no consortium within %(s)s seconds; try fewer options.")
            % {"s": options.time_limit_seconds}
        ]
    candidates = {c.organization_id: c for lot in pool.lots for c in pool.by_lot[lot.pk]}
    problems = []
    # With the EDF rule only EU member states and Norway count towards the countries.
    countries = sorted({c.country for c in candidates.values() if not options.edf or is_edf_country(c.country)})
    if options.countries_needed > len(countries):
        problems.append(
            ngettext(
                "The candidates come from %(n)d country (%(list)s); %(need)d are asked for.",
                "The candidates come from %(n)d countries (%(list)s); %(need)d are asked for.",
                len(countries),
            )
            % {"n": len(countries), "list": ", ".join(countries) or _("none"), "need": options.countries_needed}
        )
    if options.countries_needed > len(pool.lots):
        problems.append(
            _(
                "Every member delivers at least one lot, so %(lots)d lots allow at most %(lots)d members; "
                "%(need)d countries need more."
            )
            % {"lots": len(pool.lots), "need": options.countries_needed}
        )
    if options.needs_sme and not any(c.is_sme for c in candidates.values()):
        problems.append(_("No eligible SME can deliver any of the lots."))
    cap = options.max_lots_per_member
    if cap and cap * len(candidates) < len(pool.lots):
        problems.append(
            _("%(lots)d lots with at most %(cap)d per member need more candidates than there are.")
            % {"lots": len(pool.lots), "cap": cap}
        )
    if not problems:
        asked = []
        if options.countries_needed > 1:
            asked.append(_("at least %(n)d countries") % {"n": options.countries_needed})
        if options.needs_sme:
            asked.append(_("an SME lead") if options.sme_lead else _("at least one SME"))
        if options.include:
            asked.append(_("the organizations to include"))
        if cap:
            asked.append(_("at most %(n)d lots per member") % {"n": cap})
        problems.append(
            _("No consortium covers every lot with all these options together: %(options)s. Relax one of them.")
            % {"options": ", ".join(str(a) for a in asked) or _("none")}
        )
    return problems


def greedy_assignment(pool: CandidatePool, options: BuilderOptions) -> dict[int, Candidate] | None:
    """The baseline: each lot to its best-fit eligible candidate (within the per-member cap), then merge — a member
    whose lots all fit other members hands them over, smallest members first, until nothing changes."""
    cap = options.max_lots_per_member or len(pool.lots)
    load: Counter[int] = Counter()
    assignment: dict[int, Candidate] = {}
    for lot in pool.lots:
        best = next((c for c in pool.by_lot[lot.pk] if load[c.organization_id] < cap and pool.eligible(c)), None)
        if best is None:
            return None
        assignment[lot.pk] = best
        load[best.organization_id] += 1
    merged = True
    while merged:
        merged = False
        for member in sorted(load, key=lambda org: (load[org], org)):
            moves, trial = {}, Counter(load)
            del trial[member]
            for lot_id in [lot for lot, c in assignment.items() if c.organization_id == member]:
                others = [
                    c
                    for c in pool.by_lot[lot_id]
                    if c.organization_id in trial and trial[c.organization_id] < cap and pool.eligible(c)
                ]
                if not others:
                    break
                moves[lot_id] = max(others, key=lambda c: c.score)
                trial[moves[lot_id].organization_id] += 1
            else:
                assignment.update(moves)
                load, merged = trial, True
                break
    return assignment


def greedy_consortium(
    *, tender: Tender, options: BuilderOptions | None = None, pool: CandidatePool | None = None
) -> Suggestion | None:
    """The greedy baseline as a suggestion (status GREEDY), or None when it cannot cover every lot."""
    options = options or BuilderOptions()
    pool = pool or candidate_pool(tender=tender, options=options)
    assignment = greedy_assignment(pool, options) if not pool.problems else None
    if assignment is None:
        return None
    return _suggestion(rank=0, assignment=assignment, pool=pool, tender=tender, options=options)


def _verifier(pool: CandidatePool):
    def verify(solution: Solution) -> list[tuple[int, int]]:
        # A lot where one chosen candidate fails is checked whole: where one fails (an export-controlled item),
        # others usually fail too, and one more round beats one round per candidate.
        failed = [lot_id for lot_id, candidate in solution.assignment.items() if not pool.eligible(candidate)]
        return [(c.organization_id, c.lot_id) for lot_id in failed for c in pool.screen_lot(lot_id)]

    return verify


def suggest_consortia(
    *, tender: Tender, options: BuilderOptions | None = None, pool: CandidatePool | None = None
) -> SuggestionList:
    """The best consortia (three by default) that cover every active lot of `tender`: fewest members first, then
    the highest total fit score, under the options. Solved exactly with CP-SAT over the shortlist; every pair a
    suggestion uses passed marketplace.eligibility, and each assignment says why in plain words. When none exists,
    the empty list's `problems` say why."""
    began = time.perf_counter()
    options = options or BuilderOptions()
    pool = pool or candidate_pool(tender=tender, options=options)
    if pool.problems:
        return SuggestionList(problems=pool.problems, pool=pool, seconds=time.perf_counter() - began)
    solutions, status = solve_best(pool, options, verify=_verifier(pool))
    suggestions = [
        _suggestion(rank=rank, assignment=s.assignment, pool=pool, tender=tender, options=options, solution=s)
        for rank, s in enumerate(solutions, start=1)
    ]
    problems = []
    if not suggestions:
        for lot in pool.lots:  # say which lot or organization is the obstacle, now that everything is checked
            pool.screen_lot(lot.pk)
        problems = pool_gaps(pool, options, tender) or _infeasible_reason(pool, options, status)
    return SuggestionList(suggestions, problems=problems, pool=pool, seconds=time.perf_counter() - began)


@transaction.atomic
def suggestion_to_alliance(*, suggestion: Suggestion, tender: Tender, by: User, founder: Organization) -> Alliance:
    """Turn a suggestion into a draft consortium aimed at the tender: the founder (one of the suggested members,
    administered by `by`) founds and leads it with its lots recorded, and every other member is invited with the
    lots it is suggested for and why. All or nothing."""
    if founder.pk not in suggestion.organization_ids:
        message = _("%(org)s is not part of this suggestion.") % {"org": founder}
        raise ApplicationError(message, errors={"founder": [message]})
    if any(a.lot.tender_id != tender.pk for a in suggestion.assignments):
        message = _("This suggestion was made for another tender.")
        raise ApplicationError(message, errors={"tender": [message]})
    plan = "; ".join(
        _("lot %(n)s → %(org)s (%(why)s)") % {"n": a.lot.number, "org": a.organization, "why": a.reason}
        for a in suggestion.assignments
    )
    alliance = alliance_create(
        founder=founder,
        by=by,
        kind=AllianceKind.CONSORTIUM,
        name=(_("Consortium for %(tender)s") % {"tender": tender.title})[:200],
        purpose=_("Bid on the tender “%(tender)s” with every lot covered: %(plan)s.")
        % {"tender": tender.title, "plan": plan},
        target_tender=tender,
        aims_at_edf=suggestion.edf is not None,
    )
    founder_lots = [a.lot for a in suggestion.assignments if a.organization.pk == founder.pk]
    AllianceMember.objects.get(alliance=alliance, organization=founder, left_at__isnull=True).lots.set(founder_lots)
    for member in suggestion.members:
        if member.organization.pk == founder.pk:
            continue
        mine = [a for a in suggestion.assignments if a.organization.pk == member.organization.pk]
        message = _("We suggest you deliver %(lots)s of “%(tender)s”: %(why)s.") % {
            "lots": ", ".join(_("lot %(n)s") % {"n": a.lot.number} for a in mine),
            "tender": tender.title,
            "why": "; ".join(f"{a.lot.number}: {a.reason}" for a in mine),
        }
        alliance_invite(alliance=alliance, organization=member.organization, by=by, message=message)
    alliance.refresh_from_db()
    return alliance
