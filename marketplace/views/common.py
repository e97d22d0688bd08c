"""What the marketplace pages share: paging, the acting organization, officer checks and private reads.

The reads here only narrow what the selectors already allow; they never widen it (bids stay sealed)."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from organizations import selectors as organization_selectors
from organizations.models import Notification, PlatformRoleKind, User

from .. import selectors
from ..models import AwardState, Bid, BidState, Tender

PAGE_SIZE = 25


def page_of(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def is_officer(user: User) -> bool:
    return user.has_platform_role(PlatformRoleKind.PROCUREMENT_OFFICER)


def organization_required(view):
    """Pages that act for an organization send users without one to register it first."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.organization:
            messages.info(request, _("Register your organization or join one to use the marketplace."))
            return redirect("organization-create")
        return view(request, *args, **kwargs)

    return wrapped


def my_organization_ids(user: User):
    return organization_selectors.memberships_of(user=user).values("organization_id")


def visible_tender(user: User, pk: int) -> Tender:
    tender = selectors.tender_list_visible_to(user=user).filter(pk=pk).first()
    if tender is None:
        raise Http404
    return tender


def buyer_tenders(user: User) -> QuerySet[Tender]:
    """Tenders of the buying organizations the user belongs to (drafts included)."""
    return selectors.tender_list_visible_to(user=user).filter(buyer_id__in=my_organization_ids(user))


def buyer_tender(user: User, pk: int) -> Tender:
    """A tender the user buys for; anybody else's answers 404."""
    tender = buyer_tenders(user).filter(pk=pk).first()
    if tender is None:
        raise Http404
    return tender


def own_bids(user: User) -> QuerySet[Bid]:
    """Bids of the user's own organizations (never another bidder's, whatever the deadline)."""
    return selectors.bid_list_visible_to(user=user).filter(bidder_id__in=my_organization_ids(user))


def live_bid(user: User, tender: Tender, organization) -> Bid | None:
    """The organization's bid on the tender that still counts (not withdrawn), if any."""
    return (
        own_bids(user)
        .filter(tender=tender, bidder_id=organization.pk)
        .exclude(state=BidState.WITHDRAWN)
        .prefetch_related("lot_offers__lot")
        .first()
    )


def bids_opened(tender: Tender, now) -> bool:
    """Bids are opened by the deadline job; from then on the buyer compares them (the model's one rule)."""
    return tender.bids_opened(now)


def notifications_of(user: User) -> QuerySet[Notification]:
    return organization_selectors.notification_list_of(user=user)


def safe_next(path: str, fallback: str) -> str:
    return path if path.startswith("/") and not path.startswith("//") else fallback


def tender_context(request, tender: Tender, now) -> dict:
    """What both the buyer's and the suppliers' tender pages show."""
    return {
        "tender": tender,
        "lots": list(tender.lots.select_related("cpv").prefetch_related("criteria")),
        "criteria": list(tender.criteria.filter(lot__isnull=True)),
        "amendments": list(tender.amendments.all()),
        "awards": list(
            selectors.award_list_visible_to(user=request.user)
            .filter(lot__tender=tender)
            .exclude(state=AwardState.DECLINED)
            .order_by("lot__number")
        ),
        "now": now,
    }
