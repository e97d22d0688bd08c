"""Reading matches: for a tender's buyer, and for the organizations that fit. Visibility is re-checked in SQL,
and so is lawfulness (marketplace.bidders), so a ban or an SME reservation applies at once to stored matches."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from organizations.models import Membership, User

from ..bidders import barred_bidders, sme_bidders
from ..models import Match, MatchRun, SavedSearch, Tender, TenderState
from ..selectors import listing_list_visible_to


def _lawful(matches: QuerySet[Match]) -> QuerySet[Match]:
    """Never a provider barred from public contracts; for a lot reserved for SMEs, SMEs only."""
    return matches.exclude(organization_id__in=barred_bidders()).exclude(
        Q(lot__sme_only=True) & ~Q(organization_id__in=sme_bidders())
    )


def matches_for_tender(*, user: User, tender: Tender) -> QuerySet[Match]:
    """For the buyer's members: who fits each lot, best first. A listing the buyer may not see (its
    visibility changed since matching) is left out."""
    if not Membership.objects.filter(user=user, organization_id=tender.buyer_id).exists():
        return Match.objects.none()
    visible_listings = listing_list_visible_to(user=user).values("pk")
    return (
        _lawful(Match.objects.filter(tender=tender))
        .filter(Q(listing__isnull=True) | Q(listing_id__in=visible_listings))
        .select_related("lot", "listing", "organization")
        .order_by("lot__number", "-score", "id")
    )


def matches_for_organization(*, user: User, organization_id: int) -> QuerySet[Match]:
    """For an organization's members: open tenders that fit them, best first."""
    if not Membership.objects.filter(user=user, organization_id=organization_id).exists():
        return Match.objects.none()
    return (
        _lawful(
            Match.objects.filter(
                organization_id=organization_id, tender__state__in=[TenderState.PUBLISHED, TenderState.TENDERING]
            )
        )
        .select_related("tender", "lot", "listing")
        .order_by("-score", "tender__submission_deadline", "id")
    )


def saved_searches_of(*, user: User) -> QuerySet[SavedSearch]:
    """A user's saved searches are the user's alone."""
    return SavedSearch.objects.filter(user=user).order_by("name", "id")


def match_runs_newest_first() -> QuerySet[MatchRun]:
    """Every full re-match (platform admins see them all)."""
    return MatchRun.objects.order_by("-started_at", "-id")
