"""What waits for a user in the marketplace, and the deadlines of the next days, tenders that fit, and a
buyer's tenders by state. Each read is one query, capped, narrowed to the user's organization."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Exists, Min, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from organizations.models import Organization, User
from organizations.work import CAP, WorkItem, horizon_end

from .matching.engine import explain
from .matching.selectors import matches_for_organization
from .models import (
    Award,
    Bid,
    BidState,
    CapacityListing,
    Lot,
    LotState,
    Match,
    Question,
    SavedSearch,
    Tender,
    TenderState,
)

OPEN_TENDER_STATES = [TenderState.PUBLISHED, TenderState.TENDERING]


def work_waiting_for(*, user: User, organization: Organization | None) -> list[WorkItem]:
    if organization is None:
        return []
    return _bidder_work(organization) + _buyer_work(organization)


def _bidder_work(organization: Organization) -> list[WorkItem]:
    now = timezone.now()
    items = []
    for bid in (
        Bid.objects.filter(
            bidder=organization, tender__submission_deadline__gt=now, state__in=[BidState.TO_RECONFIRM, BidState.DRAFT]
        )
        .select_related("tender")
        .order_by("tender__submission_deadline", "id")[:CAP]
    ):
        text = (
            _("The tender “%(tender)s” was amended: check your bid and reconfirm it.")
            if bid.state == BidState.TO_RECONFIRM
            else _("Your bid on “%(tender)s” is a draft: finish and submit it.")
        )
        items.append(
            WorkItem(
                text % {"tender": bid.tender.title},
                reverse("marketplace:bid-edit", args=[bid.tender_id]),
                bid.tender.submission_deadline,
                "marketplace",
            )
        )
    return items


def _buyer_work(organization: Organization) -> list[WorkItem]:
    """Questions to answer, lots to award once the bids are open, drafts to publish."""
    unawarded = Lot.objects.filter(tender=OuterRef("pk"), state=LotState.ACTIVE).exclude(
        Exists(Award.objects.filter(lot=OuterRef("pk")).exclude(state="declined"))
    )
    tenders = (
        Tender.objects.filter(buyer=organization)
        .filter(
            Q(
                state__in=OPEN_TENDER_STATES,
                pk__in=Question.objects.filter(answered_at__isnull=True).values("tender_id"),
            )
            | Q(state=TenderState.EVALUATION)
            | Q(state=TenderState.DRAFT)
        )
        .annotate(
            open_questions=Count("questions", filter=Q(questions__answered_at__isnull=True)),
            waiting_award=Exists(unawarded),
        )
        .order_by("submission_deadline", "id")[:CAP]
    )
    items = []
    for tender in tenders:
        url = reverse("marketplace:tender-detail", args=[tender.pk])
        if tender.state == TenderState.DRAFT:
            items.append(
                WorkItem(
                    _("“%(tender)s” is a draft: check it and publish it.") % {"tender": tender.title},
                    url,
                    tender.enquiry_deadline,
                    "marketplace",
                )
            )
        elif tender.state == TenderState.EVALUATION:
            if tender.waiting_award:
                items.append(
                    WorkItem(
                        _("The bids on “%(tender)s” are open: score them and propose the awards.")
                        % {"tender": tender.title},
                        url,
                        None,
                        "marketplace",
                    )
                )
        elif tender.open_questions:
            text = ngettext(
                "%(n)d question on “%(tender)s” waits for your answer.",
                "%(n)d questions on “%(tender)s” wait for your answer.",
                tender.open_questions,
            )
            items.append(
                WorkItem(
                    text % {"n": tender.open_questions, "tender": tender.title},
                    f"{url}#questions",
                    tender.enquiry_deadline,
                    "marketplace",
                )
            )
    return items


def deadlines_ahead(*, organization: Organization) -> list[WorkItem]:
    """Deadlines of the next days: of tenders the organization bids on, and of its own tenders as buyer."""
    now, end = timezone.now(), horizon_end()
    items = []
    bidding = (
        Tender.objects.filter(bids__bidder=organization, submission_deadline__gt=now, submission_deadline__lte=end)
        .exclude(bids__state=BidState.WITHDRAWN)
        .distinct()
        .order_by("submission_deadline")[:CAP]
    )
    for tender in bidding:
        items.append(
            WorkItem(
                _("Bids for “%(tender)s” close") % {"tender": tender.title},
                reverse("marketplace:tender-detail", args=[tender.pk]),
                tender.submission_deadline,
                "marketplace",
                deadline=True,
            )
        )
    own = (
        Tender.objects.filter(buyer=organization, state__in=[*OPEN_TENDER_STATES, TenderState.EVALUATION])
        .filter(
            Q(enquiry_deadline__range=(now, end))
            | Q(submission_deadline__range=(now, end))
            | Q(opening_at__range=(now, end))
        )
        .order_by("submission_deadline")[:CAP]
    )
    for tender in own:
        url = reverse("marketplace:tender-detail", args=[tender.pk])
        for label, when in (
            (_("Questions for “%(tender)s” close"), tender.enquiry_deadline),
            (_("Bids for “%(tender)s” close"), tender.submission_deadline),
            (_("Bids for “%(tender)s” are opened"), tender.opening_at),
        ):
            if now < when <= end:
                items.append(WorkItem(label % {"tender": tender.title}, url, when, "marketplace", deadline=True))
    return items


@dataclass
class Fit:
    match: Match
    reasons: list[str]


def tenders_that_fit(*, user: User, organization: Organization, limit: int = 5) -> list[Fit]:
    """The organization's stored matches, one per open tender (its best lot), best first, with the reasons."""
    matches = matches_for_organization(user=user, organization_id=organization.pk).filter(
        tender__submission_deadline__gt=timezone.now()
    )
    best = matches.order_by("tender_id", "-score", "id").distinct("tender_id").values("pk")
    rows = matches.filter(pk__in=best).select_related("tender__buyer").order_by("-score", "id")[:limit]
    return [Fit(match, [str(line) for line in explain(match.parts)][:2]) for match in rows]


@dataclass
class StateRow:
    state: str
    label: str
    count: int
    next_deadline: datetime | None


def tenders_by_state(*, organization: Organization) -> list[StateRow]:
    """A buyer's tenders counted by state, with the next deadline still ahead in each (one query)."""
    now = timezone.now()
    ahead = Q(submission_deadline__gt=now)
    rows = (
        Tender.objects.filter(buyer=organization)
        .order_by()
        .values("state")
        .annotate(n=Count("id"), next_deadline=Min("submission_deadline", filter=ahead))
    )
    found = {row["state"]: row for row in rows}
    return [
        StateRow(state, label, found[state]["n"], found[state]["next_deadline"])
        for state, label in TenderState.choices
        if state in found
    ]


def has_listing(*, organization: Organization) -> bool:
    return CapacityListing.objects.filter(provider=organization).exists()


def has_saved_search(*, user: User, organization: Organization) -> bool:
    return SavedSearch.objects.filter(user=user, organization=organization).exists()


__all__ = [
    "deadlines_ahead",
    "has_listing",
    "has_saved_search",
    "tenders_by_state",
    "tenders_that_fit",
    "work_waiting_for",
]
