"""Reads of the marketplace, narrowed in SQL to what the user may see. Bids stay sealed until the deadline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import Case, Count, Exists, Expression, F, IntegerField, OuterRef, Q, QuerySet, Subquery, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from compliance.selectors import badges_valid_on
from core.lookups import AnyOf, AnyOfUnindexed
from organizations.cpv import cpv_subtree_prefix
from organizations.models import SME_CLASSES, Membership, PlatformRoleKind, User
from organizations.selectors import organization_id_list_of, organization_ids_of

from .models import (
    EVALUATE_TENDER,
    Award,
    Bid,
    BidDocument,
    BidState,
    CapacityListing,
    ChangeEvent,
    ListingCpvCode,
    ListingState,
    ListingVisibility,
    Lot,
    OcdsRelease,
    Question,
    Tender,
    TenderDocument,
    TenderState,
    TenderUserObjectPermission,
    bids_opened_condition,
)

# --- listings --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ListingFilters:
    """What a listing search narrows by; hashable, so a compiled list can be kept per set of filters."""

    query: str = ""
    cpv: str = ""
    kinds: tuple[str, ...] = ()
    country: str = ""
    available_from: date | None = None
    available_until: date | None = None
    min_quantity: Decimal | None = None
    provider_badge: str = ""
    sme_only: bool = False

    @property
    def ranked(self) -> bool:
        """Words to search for: the listings come best text rank first (else the most recently updated first)."""
        return bool(self.query.strip())


def listings_visible(*, orgs: list[int] | Expression, today: date | Expression) -> QuerySet[CapacityListing]:
    """Published listings by their visibility, plus every listing of the viewer's own organizations.

    `orgs` are the viewer's organization ids and `today` the day badges must be valid on: values, or the
    parameters of a compiled list page (marketplace/api/list_pages/statements.py), which is why the viewer is
    not a parameter. The ids compared as
    one array plan and run faster than three membership subqueries in each statement. "Own" is tested in a form
    no index serves (AnyOfUnindexed says why): own or published is most of the table."""
    mine = AnyOfUnindexed("provider_id", orgs)
    public = Q(visibility=ListingVisibility.PUBLIC)
    # The listings naming one of the viewer's organizations, as a small uncorrelated set: planned and run about
    # twice as fast as a correlated EXISTS, which hashes every partner row of every listing.
    partner = Q(visibility=ListingVisibility.PARTNERS) & Q(
        pk__in=CapacityListing.visible_to_partners.through.objects.filter(AnyOf("organization_id", orgs)).values(
            "capacitylisting_id"
        )
    )
    # Badge holders: the viewer's organizations must hold every badge the listing names. The badges held are
    # an array subquery, computed once per statement: no round trip of its own before the listing query.
    held = ArraySubquery(
        badges_valid_on(today).filter(AnyOf("organization_id", orgs)).order_by().values("kind").distinct()
    )
    badge_holders = Q(visibility=ListingVisibility.BADGE_HOLDERS) & Q(visible_to_badges__contained_by=held)
    return CapacityListing.objects.filter(
        Q(mine) | (Q(state=ListingState.PUBLISHED) & (public | partner | badge_holders))
    )


def listing_list_visible_to(*, user: User) -> QuerySet[CapacityListing]:
    """The listings the user may see (`listings_visible` for the user's organizations, today)."""
    return listings_visible(orgs=organization_id_list_of(user=user), today=timezone.localdate()).select_related(
        "provider"
    )


def listing_search(
    *,
    user: User,
    query: str = "",
    cpv: str = "",
    kinds: list[str] | None = None,
    country: str = "",
    available_from: date | None = None,
    available_until: date | None = None,
    min_quantity: Decimal | None = None,
    provider_badge: str = "",
    sme_only: bool = False,
) -> QuerySet[CapacityListing]:
    """Full-text (English and German stemming), CPV subtree, kind, country (location or service area),
    availability overlapping a period, minimum quantity, provider badge, SME providers only."""
    return listings_searched(
        user=user,
        filters=ListingFilters(
            query=query,
            cpv=cpv,
            kinds=tuple(kinds or ()),
            country=country,
            available_from=available_from,
            available_until=available_until,
            min_quantity=min_quantity,
            provider_badge=provider_badge,
            sme_only=sme_only,
        ),
    )


def listings_searched(*, user: User, filters: ListingFilters) -> QuerySet[CapacityListing]:
    """`listing_search` with its filters in one object (as the API reads them)."""
    return listings_filtered(listing_list_visible_to(user=user), filters=filters, today=timezone.localdate())


def listings_filtered(
    queryset: QuerySet[CapacityListing], *, filters: ListingFilters, today: date | Expression
) -> QuerySet[CapacityListing]:
    """The listings of `queryset` that pass `filters` (badges of the provider valid `today`), in search order:
    best text rank first when there are words, else the most recently updated."""
    if filters.cpv:
        prefix = cpv_subtree_prefix(filters.cpv)
        queryset = (
            queryset.filter(
                Exists(ListingCpvCode.objects.filter(listing_id=OuterRef("pk"), code__code__startswith=prefix))
            )
            if prefix
            else queryset.none()
        )
    if filters.kinds:
        queryset = queryset.filter(kind__in=filters.kinds)
    if filters.country:
        country = filters.country.upper()
        queryset = queryset.filter(Q(country=country) | Q(service_area__contains=[country]))
    if filters.available_from:
        queryset = queryset.filter(available_until__gte=filters.available_from)
    if filters.available_until:
        queryset = queryset.filter(available_from__lte=filters.available_until)
    if filters.min_quantity is not None:
        queryset = queryset.filter(quantity__gte=filters.min_quantity)
    if filters.provider_badge:
        queryset = queryset.filter(
            provider_id__in=badges_valid_on(today).filter(kind=filters.provider_badge).values("organization_id")
        )
    if filters.sme_only:
        queryset = queryset.filter(provider__sme_class__in=SME_CLASSES)
    if filters.ranked:
        english = SearchQuery(filters.query, config="english", search_type="websearch")
        german = SearchQuery(filters.query, config="german", search_type="websearch")
        return (
            queryset.filter(Q(search_vector=english) | Q(search_vector=german))
            # F(): rank the stored, weighted vector (a plain string would make Django re-parse it per row)
            .annotate(rank=SearchRank(F("search_vector"), english) + SearchRank(F("search_vector"), german))
            .order_by("-rank", "-id")
        )
    return queryset.order_by("-updated_at", "-id")


# --- tenders ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TenderFilters:
    """What a tender search narrows by; hashable, so a compiled list can be kept per set of filters."""

    query: str = ""
    cpv: str = ""
    state: str = ""
    country: str = ""
    open_only: bool = False


def tenders_visible(*, orgs: list[int] | Expression) -> QuerySet[Tender]:
    """Published tenders are public notices; drafts only for the members of the buyer (one of `orgs`, the
    viewer's organization ids or the parameter of a compiled list page holding them)."""
    return Tender.objects.filter(~Q(state=TenderState.DRAFT) | Q(AnyOf("buyer_id", orgs)))


def tender_list_visible_to(*, user: User) -> QuerySet[Tender]:
    return tenders_visible(orgs=organization_id_list_of(user=user)).select_related("buyer", "main_cpv")


def tender_search(
    *, user: User, query: str = "", cpv: str = "", state: str = "", country: str = "", open_only: bool = False
) -> QuerySet[Tender]:
    return tenders_searched(
        user=user, filters=TenderFilters(query=query, cpv=cpv, state=state, country=country, open_only=open_only)
    )


def tenders_searched(*, user: User, filters: TenderFilters) -> QuerySet[Tender]:
    """`tender_search` with its filters in one object (as the API reads them)."""
    return tenders_filtered(tender_list_visible_to(user=user), filters=filters, now=timezone.now())


def tenders_filtered(
    queryset: QuerySet[Tender], *, filters: TenderFilters, now: datetime | Expression
) -> QuerySet[Tender]:
    """The tenders of `queryset` that pass `filters` (open ones: deadline after `now`), by submission deadline."""
    words = filters.query.strip()
    if words:
        queryset = queryset.filter(Q(title__icontains=words) | Q(description__icontains=words))
    if filters.cpv:
        prefix = cpv_subtree_prefix(filters.cpv)
        if prefix is None:
            return queryset.none()
        queryset = queryset.filter(
            Q(main_cpv__code__startswith=prefix)
            | Exists(Lot.objects.filter(tender_id=OuterRef("pk"), cpv__code__startswith=prefix))
        )
    if filters.state:
        queryset = queryset.filter(state=filters.state)
    if filters.country:
        queryset = queryset.filter(performance_country=filters.country.upper())
    if filters.open_only:
        queryset = queryset.filter(
            state__in=[TenderState.PUBLISHED, TenderState.TENDERING], submission_deadline__gt=now
        )
    return queryset.order_by("submission_deadline", "id")


def lot_list_visible_to(*, user: User) -> QuerySet[Lot]:
    """The lots of the tenders the user may see."""
    return Lot.objects.filter(tender__in=tender_list_visible_to(user=user))


def tender_document_list_visible_to(*, user: User) -> QuerySet[TenderDocument]:
    """A tender's documents go to everyone who may see the tender."""
    return TenderDocument.objects.filter(tender__in=tender_list_visible_to(user=user))


def tender_is_buyer(*, user: User, tender: Tender) -> bool:
    return Membership.objects.filter(user=user, organization_id=tender.buyer_id).exists()


# --- bids ------------------------------------------------------------------------------------


def _committee_grants(tender_ref) -> QuerySet[TenderUserObjectPermission]:
    return TenderUserObjectPermission.objects.filter(content_object_id=tender_ref, permission__codename=EVALUATE_TENDER)


def evaluator_condition(*, user: User, prefix: str = "id") -> Q:
    """On the buyer's side, who evaluates a tender (the `prefix` field holds the tender's id): everyone the
    other conditions admit while the tender has no evaluation committee, its members once it has one."""
    return ~Exists(_committee_grants(OuterRef(prefix))) | Exists(
        _committee_grants(OuterRef(prefix)).filter(user_id=user.pk)
    )


def evaluation_committee_of(*, tender: Tender) -> QuerySet[User]:
    """The tender's committee members (none: every procurement officer of the buyer evaluates)."""
    return User.objects.filter(pk__in=_committee_grants(tender.pk).values("user_id")).order_by("full_name", "email")


def evaluation_committee_candidates(*, tender: Tender) -> QuerySet[User]:
    """Who may sit on the committee: active procurement officers among the buyer's members."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__organization_id=tender.buyer_id,
            platform_roles__role=PlatformRoleKind.PROCUREMENT_OFFICER,
        )
        .distinct()
        .order_by("full_name", "email")
    )


def may_evaluate(*, user: User, tender: Tender) -> bool:
    """The committee rule for one tender, as `evaluator_condition` states it for lists."""
    grants = _committee_grants(tender.pk)
    return not grants.exists() or grants.filter(user_id=user.pk).exists()


def bid_list_visible_to(*, user: User) -> QuerySet[Bid]:
    """The user's own organizations' bids in any state; for buyers, submitted or excluded bids on their
    tenders — but only once the bids were opened (`bids_opened_condition`). Before that, a bid is sealed."""
    opened_for_buyer = (
        Q(tender__buyer_id__in=organization_ids_of(user=user), state__in=[BidState.SUBMITTED, BidState.EXCLUDED])
        & bids_opened_condition(now=timezone.now(), prefix="tender__")
        & evaluator_condition(user=user, prefix="tender_id")
    )
    return Bid.objects.filter(Q(bidder_id__in=organization_ids_of(user=user)) | opened_for_buyer).select_related(
        "tender", "bidder"
    )


def bid_document_list_visible_to(*, user: User) -> QuerySet[BidDocument]:
    """A bid's documents, as sealed as the bid."""
    return BidDocument.objects.filter(bid__in=bid_list_visible_to(user=user))


# The bids a tender's count shows once opened: every bid received by the deadline and not withdrawn (those
# excluded at the opening included, as the buyer sees them too).
RECEIVED_BID_STATES = [BidState.SUBMITTED, BidState.TO_RECONFIRM, BidState.EXCLUDED]


def tender_bid_count(*, tender: Tender) -> int | None:
    """How many bids the tender received, or None while they are sealed (before the opening nobody may learn
    even that). Only for the buyer's eyes: callers show it to the buyer's members alone."""
    if not tender.bids_opened():
        return None
    return Bid.objects.filter(tender=tender, state__in=RECEIVED_BID_STATES).count()


def tender_bid_counts(*, tender_ids: list[int]) -> dict[int, int]:
    """`tender_bid_count` for several tenders in one query; tenders still sealed (and those without bids) are
    left out. Only for the buyer's eyes: callers ask only for the tenders of the user's own organizations."""
    return dict(
        Bid.objects.filter(
            bids_opened_condition(now=timezone.now(), prefix="tender__"),
            tender_id__in=tender_ids,
            state__in=RECEIVED_BID_STATES,
        )
        .order_by()
        .values("tender_id")
        .annotate(n=Count("id"))
        .values_list("tender_id", "n")
    )


def tender_bid_count_expression() -> Case:
    """`tender_bid_count` as an expression on tender rows (NULL while sealed): a correlated count per row, which
    for a page of tenders costs far less than grouping the whole bid table. Only for the buyer's eyes."""
    received = (
        Bid.objects.filter(tender=OuterRef("pk"), state__in=RECEIVED_BID_STATES)
        .order_by()
        .values("tender")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Case(
        When(bids_opened_condition(now=timezone.now()), then=Coalesce(Subquery(received), 0)),
        default=None,
        output_field=IntegerField(),
    )


# --- questions and awards --------------------------------------------------------------------


def question_list_visible_to(*, user: User, tender: Tender) -> QuerySet[Question]:
    """Answered questions for everybody (without the asker); the buyer sees all; askers their own."""
    if tender_is_buyer(user=user, tender=tender):
        return tender.questions.all().order_by("asked_at", "id")
    mine = organization_ids_of(user=user)
    return tender.questions.filter(Q(answered_at__isnull=False) | Q(asked_by_id__in=mine)).order_by("asked_at", "id")


def questions_visible_to(*, user: User) -> QuerySet[Question]:
    """`question_list_visible_to` across every tender the user may see: answered questions, those the user's
    organizations asked, and all of those on their own tenders."""
    mine = organization_ids_of(user=user)
    return Question.objects.filter(
        Q(tender__in=tender_list_visible_to(user=user))
        & (Q(answered_at__isnull=False) | Q(asked_by_id__in=mine) | Q(tender__buyer_id__in=mine))
    )


def award_list_visible_to(*, user: User) -> QuerySet[Award]:
    """Awards are public once proposed (the standstill exists so bidders can see them)."""
    return Award.objects.select_related("lot__tender", "offer__bid__bidder").filter(
        lot__tender__in=tender_list_visible_to(user=user)
    )


def change_events_visible_to(*, user: User) -> QuerySet[ChangeEvent]:
    """The change feed's events the user may read: public ones, and those addressed to one of the user's
    organizations (a non-public listing's to its provider, a bid's to its bidder)."""
    return ChangeEvent.objects.filter(Q(audience_id__isnull=True) | Q(audience_id__in=organization_ids_of(user=user)))


def ocds_releases_published() -> QuerySet[OcdsRelease]:
    """Every OCDS release ALX published: public notices, for everyone (what the release feed pages through)."""
    return OcdsRelease.objects.only("id", "txid", "data")
