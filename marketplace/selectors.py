"""Reads of the marketplace, narrowed in SQL to what the user may see. Bids stay sealed until the deadline."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from compliance.selectors import badges_valid_on
from organizations.cpv import cpv_subtree_prefix
from organizations.models import Membership, Organization, SmeClass, User
from organizations.selectors import organization_ids_of

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
    """Published listings the user's organizations may see, plus every listing of their own."""
    mine = Q(provider_id__in=organization_ids_of(user=user))
    public = Q(visibility=ListingVisibility.PUBLIC)
    partner = Q(visibility=ListingVisibility.PARTNERS) & Exists(
        CapacityListing.visible_to_partners.through.objects.filter(
            capacitylisting_id=OuterRef("pk"), organization_id__in=organization_ids_of(user=user)))
    # Badge holders: the viewer's organizations must hold every badge the listing names.
    held = list(badges_valid_on(timezone.localdate()).filter(organization_id__in=organization_ids_of(user=user))
                .values_list("kind", flat=True).distinct())
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


def tender_bid_count(*, tender: Tender) -> int:
    """What the buyer may know before the deadline: how many bids are in."""
    return Bid.objects.filter(tender=tender, state__in=[BidState.SUBMITTED, BidState.TO_RECONFIRM]).count()


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
