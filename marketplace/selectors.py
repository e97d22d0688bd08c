"""Reads of the marketplace, narrowed in SQL to what the user may see. Bids stay sealed until the deadline."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from compliance.selectors import badges_valid_on
from organizations.cpv import cpv_subtree_prefix
from organizations.models import Membership, Organization, SmeClass, User
from organizations.selectors import organization_id_list_of, organization_ids_of

from .models import (
    Award,
    Bid,
    BidState,
    CapacityListing,
    ListingCpvCode,
    ListingState,
    ListingVisibility,
    Lot,
    Question,
    Tender,
    TenderState,
)

SME_CLASSES = [SmeClass.MICRO, SmeClass.SMALL, SmeClass.MEDIUM]




# --- listings --------------------------------------------------------------------------------


def listing_list_visible_to(*, user: User) -> QuerySet[CapacityListing]:
    """Published listings the user's organizations may see, plus every listing of their own.

    The user's organizations are read when the queryset is built: the listing queries of a list page (its
    capped count and the page) then compare with a short literal list, planned and run faster than three
    membership subqueries each."""
    orgs = organization_id_list_of(user=user)
    mine = Q(provider_id__in=orgs)
    public = Q(visibility=ListingVisibility.PUBLIC)
    # The listings naming one of the user's organizations, as a small uncorrelated set: planned and run about
    # twice as fast as a correlated EXISTS, which hashes every partner row of every listing.
    partner = Q(visibility=ListingVisibility.PARTNERS) & Q(pk__in=CapacityListing.visible_to_partners.through.objects
                                                           .filter(organization_id__in=orgs).values("capacitylisting_id"))
    # Badge holders: the viewer's organizations must hold every badge the listing names. The badges held are
    # an array subquery, computed once per statement: no round trip of its own before the listing query.
    # Without organizations nothing is held (an empty subquery would drop the branch rather than compare).
    held = ArraySubquery(badges_valid_on(timezone.localdate()).filter(
        organization_id__in=orgs).order_by().values("kind").distinct()) if orgs else []
    badge_holders = Q(visibility=ListingVisibility.BADGE_HOLDERS) & Q(visible_to_badges__contained_by=held)
    visible = mine | (Q(state=ListingState.PUBLISHED) & (public | partner | badge_holders))
    return CapacityListing.objects.filter(visible).select_related("provider")


def listing_search(*, user: User, query: str = "", cpv: str = "", kinds: list[str] | None = None,
                   country: str = "", available_from: date | None = None, available_until: date | None = None,
                   min_quantity: Decimal | None = None, provider_badge: str = "",
                   sme_only: bool = False) -> QuerySet[CapacityListing]:
    """Full-text (English and German stemming), CPV subtree, kind, country (location or service area),
    availability overlapping a period, minimum quantity, provider badge, SME providers only."""
    queryset = listing_list_visible_to(user=user)
    if cpv:
        prefix = cpv_subtree_prefix(cpv)
        queryset = queryset.filter(Exists(ListingCpvCode.objects.filter(
            listing_id=OuterRef("pk"), code__code__startswith=prefix))) if prefix else queryset.none()
    if kinds:
        queryset = queryset.filter(kind__in=kinds)
    if country:
        queryset = queryset.filter(Q(country=country.upper()) | Q(service_area__contains=[country.upper()]))
    if available_from:
        queryset = queryset.filter(available_until__gte=available_from)
    if available_until:
        queryset = queryset.filter(available_from__lte=available_until)
    if min_quantity is not None:
        queryset = queryset.filter(quantity__gte=min_quantity)
    if provider_badge:
        queryset = queryset.filter(provider_id__in=badges_valid_on().filter(kind=provider_badge).values(
            "organization_id"))
    if sme_only:
        queryset = queryset.filter(provider__sme_class__in=SME_CLASSES)
    if query.strip():
        english = SearchQuery(query, config="english", search_type="websearch")
        german = SearchQuery(query, config="german", search_type="websearch")
        return (queryset.filter(Q(search_vector=english) | Q(search_vector=german))
                # F(): rank the stored, weighted vector (a plain string would make Django re-parse it per row)
                .annotate(rank=SearchRank(F("search_vector"), english) + SearchRank(F("search_vector"), german))
                .order_by("-rank", "-id"))
    return queryset.order_by("-updated_at", "-id")


# --- tenders ---------------------------------------------------------------------------------


def tender_list_visible_to(*, user: User) -> QuerySet[Tender]:
    """Published tenders are public notices; drafts only for the buyer's members."""
    mine = organization_ids_of(user=user)
    return Tender.objects.filter(~Q(state=TenderState.DRAFT) | Q(buyer_id__in=mine)).select_related(
        "buyer", "main_cpv")


def tender_search(*, user: User, query: str = "", cpv: str = "", state: str = "", country: str = "",
                  open_only: bool = False) -> QuerySet[Tender]:
    queryset = tender_list_visible_to(user=user)
    if query.strip():
        queryset = queryset.filter(Q(title__icontains=query.strip()) | Q(description__icontains=query.strip()))
    if cpv:
        prefix = cpv_subtree_prefix(cpv)
        if prefix is None:
            return Tender.objects.none()
        queryset = queryset.filter(Q(main_cpv__code__startswith=prefix) | Exists(
            Lot.objects.filter(tender_id=OuterRef("pk"), cpv__code__startswith=prefix)))
    if state:
        queryset = queryset.filter(state=state)
    if country:
        queryset = queryset.filter(performance_country=country.upper())
    if open_only:
        queryset = queryset.filter(state__in=[TenderState.PUBLISHED, TenderState.TENDERING],
                                   submission_deadline__gt=timezone.now())
    return queryset.order_by("submission_deadline", "id")


def tender_is_buyer(*, user: User, tender: Tender) -> bool:
    return Membership.objects.filter(user=user, organization_id=tender.buyer_id).exists()


# --- bids ------------------------------------------------------------------------------------


def bid_list_visible_to(*, user: User) -> QuerySet[Bid]:
    """The user's own organizations' bids in any state; for buyers, submitted or excluded bids on their
    tenders — but only once the submission deadline has passed. Before it, a bid is sealed."""
    now = timezone.now()
    opened_for_buyer = Q(tender__buyer_id__in=organization_ids_of(user=user), tender__submission_deadline__lte=now,
                         state__in=[BidState.SUBMITTED, BidState.EXCLUDED])
    return Bid.objects.filter(Q(bidder_id__in=organization_ids_of(user=user)) | opened_for_buyer).select_related(
        "tender", "bidder")


# The bids a tender's count shows: submitted ones, and those waiting to be reconfirmed after an amendment.
LIVE_BID_STATES = [BidState.SUBMITTED, BidState.TO_RECONFIRM]


def tender_bid_count(*, tender: Tender) -> int:
    """What the buyer may know before the deadline: how many bids are in."""
    return Bid.objects.filter(tender=tender, state__in=LIVE_BID_STATES).count()


def tender_bid_counts(*, tender_ids: list[int]) -> dict[int, int]:
    """`tender_bid_count` for several tenders in one query; tenders without live bids are left out. Only for
    the buyer's eyes: callers ask only for the tenders of the user's own organizations."""
    return dict(Bid.objects.filter(tender_id__in=tender_ids, state__in=LIVE_BID_STATES).order_by()
                .values("tender_id").annotate(n=Count("id")).values_list("tender_id", "n"))


def tender_bid_count_expression() -> Coalesce:
    """`tender_bid_count` as an expression on tender rows: a correlated count per row, which for a page of
    tenders costs far less than grouping the whole bid table. Only for the buyer's eyes: callers show it to
    the buyer's members alone."""
    live = (Bid.objects.filter(tender=OuterRef("pk"), state__in=LIVE_BID_STATES).order_by().values("tender")
            .annotate(n=Count("id")).values("n"))
    return Coalesce(Subquery(live), 0)


# --- questions and awards --------------------------------------------------------------------


def question_list_visible_to(*, user: User, tender: Tender) -> QuerySet[Question]:
    """Answered questions for everybody (without the asker); the buyer sees all; askers their own."""
    if tender_is_buyer(user=user, tender=tender):
        return tender.questions.all().order_by("asked_at", "id")
    mine = organization_ids_of(user=user)
    return tender.questions.filter(Q(answered_at__isnull=False) | Q(asked_by_id__in=mine)).order_by(
        "asked_at", "id")


def award_list_visible_to(*, user: User) -> QuerySet[Award]:
    """Awards are public once proposed (the standstill exists so bidders can see them)."""
    return Award.objects.select_related("lot__tender", "offer__bid__bidder").filter(
        lot__tender__in=tender_list_visible_to(user=user))


def organizations_sme() -> QuerySet[Organization]:
    return Organization.objects.filter(sme_class__in=SME_CLASSES)
