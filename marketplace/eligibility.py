"""Who may bid for what: public-contract bans, badges, SME reservation, export screening — asked when bidding
and again at opening."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from compliance.models import BadgeKind
from compliance.selectors import organization_has_badge, screen
from organizations.models import Organization

from .bidders import bar_problems, is_sme_bidder
from .models import Bid, Lot, Tender

SCREENING_OUTCOMES = {
    "allowed": gettext_lazy("allowed"),
    "licence_required": gettext_lazy("licence required"),
    "refused": gettext_lazy("refused"),
}
EligibilityCheck = Callable[[Organization, Tender], list[str]]
_EXTRA_CHECKS: list[EligibilityCheck] = []


def register_eligibility_check(check: EligibilityCheck) -> EligibilityCheck:
    """Apps that know more about a bidder (alliances: is the consortium active?) add their checks here, so the
    marketplace asks them without importing them."""
    _EXTRA_CHECKS.append(check)
    return check


def eligibility_problems(
    *, organization: Organization, tender: Tender, lot: Lot | None = None, at: datetime | None = None
) -> list[str]:
    """Reasons why `organization` may not bid (for `lot`); an empty list means eligible."""
    at = at or timezone.now()
    day = timezone.localdate(at) if timezone.is_aware(at) else at.date()
    # A ban on public contracts (Art. 5k of Regulation (EU) No 833/2014 for Russia) bars the bidder whatever
    # the lot and its export classification, and a consortium with a barred member.
    problems = bar_problems(organization)
    if organization.pk == tender.buyer_id:
        problems.append(_("The buyer's own organization cannot bid on its tender."))
    for kind in tender.required_badges:
        if not organization_has_badge(organization=organization, kind=kind, at=day):
            problems.append(
                _("A valid plausibility-checked %(badge)s badge is required.") % {"badge": BadgeKind(kind).label}
            )
    for check in _EXTRA_CHECKS:
        problems += check(organization, tender)
    if lot is not None:
        if lot.sme_only and not is_sme_bidder(organization):
            problems.append(
                _("Lot %(n)s is reserved for SMEs (a consortium counts when every member is an SME).")
                % {"n": lot.number}
            )
        result = screen(
            organization=organization,
            classification=lot.export_classification,
            destination=str(tender.buyer.country),
            on=day,
        )
        if not result.allowed:
            problems.append(
                _("Lot %(n)s (%(code)s): export screening says %(outcome)s — %(why)s")
                % {
                    "n": lot.number,
                    "code": result.classification,
                    "outcome": SCREENING_OUTCOMES[result.outcome],
                    "why": " ".join(result.reasons),
                }
            )
    return problems


def subcontractor_problems(*, bid: Bid) -> list[str]:
    """Why the bid's named subcontractors may not take part (a public-contract ban reaches them too)."""
    problems = []
    for subcontractor in bid.subcontractors.select_related("organization").order_by("id"):
        if subcontractor.organization is not None:
            problems += bar_problems(subcontractor.organization, as_subcontractor=True)
    return problems
