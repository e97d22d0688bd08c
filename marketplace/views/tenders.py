"""Tenders as suppliers see them: search, and the tender page with lots, criteria, deadlines, amendments,
questions and answers, their own bid and, once awards exist, their own result."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from core.forms import add_application_error

from .. import selectors, services
from ..forms import QuestionForm, TenderSearchForm
from ..models import OPEN_FOR_BIDS, Award, Bid, Lot, LotState, Tender, TenderState
from .buying import buyer_page
from .common import bids_opened, live_bid, page_of, tender_context, visible_tender


@login_required
def tender_search(request):
    # Without filters (a first visit, or its page links) the search shows what is open for bids.
    form = TenderSearchForm(request.GET if set(request.GET) - {"page"} else {"open_only": "on"})
    tenders = Tender.objects.none()
    if form.is_valid():
        data = form.cleaned_data
        tenders = selectors.tender_search(
            user=request.user,
            query=data["q"],
            cpv=data["cpv"],
            state=data["state"],
            country=data["country"],
            open_only=data["open_only"],
        )
    return render(
        request,
        "marketplace/tender_search.html",
        {"form": form, "page": page_of(request, tenders), "now": timezone.now()},
    )


@login_required
def tender_detail(request, pk: int):
    tender = visible_tender(request.user, pk)
    if selectors.tender_is_buyer(user=request.user, tender=tender):
        return buyer_page(request, tender)
    return _supplier_page(request, tender)


@dataclass
class OwnResult:
    """A bidder's own standing on one lot: never anything about the other offers but their number."""

    lot: Lot
    price: Decimal
    rank: int | None
    offers: int
    score: Decimal | None
    award: Award | None
    won: bool


def _own_results(tender: Tender, bid: Bid | None, awards: list[Award], now) -> list[OwnResult]:
    if bid is None or not bids_opened(tender, now):
        return []
    live = {award.lot_id: award for award in awards}
    decided = set(Award.objects.filter(lot__tender=tender).values_list("lot_id", flat=True))
    results = []
    for offer in bid.lot_offers.all():
        if offer.lot_id not in decided and offer.lot.state == LotState.ACTIVE:
            continue  # still being evaluated: no interim ranks
        ranking = services.lot_ranking(lot=offer.lot)
        mine = next((entry for entry in ranking if entry.offer.pk == offer.pk), None)
        award = live.get(offer.lot_id)
        results.append(
            OwnResult(
                lot=offer.lot,
                price=offer.price,
                rank=mine.rank if mine else None,
                offers=len(ranking),
                score=mine.total if mine else None,
                award=award,
                won=award is not None and award.offer_id == offer.pk,
            )
        )
    return results


def _supplier_page(request, tender: Tender):
    now = timezone.now()
    organization = request.organization or None
    context = tender_context(request, tender, now)
    enquiries_open = tender.state == TenderState.PUBLISHED and tender.enquiry_deadline > now
    question_form = None
    if organization and tender.state == TenderState.PUBLISHED:
        question_form = QuestionForm(request.POST or None, lots=context["lots"])
        if request.method == "POST" and question_form.is_valid():
            lot = next((lot for lot in context["lots"] if lot.pk == question_form.cleaned_data["lot"]), None)
            try:
                services.question_ask(
                    tender=tender, asker=organization, by=request.user, lot=lot, text=question_form.cleaned_data["text"]
                )
            except ApplicationError as error:
                add_application_error(question_form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Your question was sent. The answer will be published here for every "
                        "supplier, without your name."
                    ),
                )
                return redirect("marketplace:tender-detail", pk=tender.pk)
    elif request.method == "POST":
        messages.error(
            request, _("Questions are taken only while the tender is published and the question period runs.")
        )
        return redirect("marketplace:tender-detail", pk=tender.pk)
    bid = live_bid(request.user, tender, organization) if organization else None
    context.update(
        {
            "questions": selectors.question_list_visible_to(user=request.user, tender=tender),
            "question_form": question_form,
            "show_question_form": question_form is not None and (enquiries_open or question_form.is_bound),
            "organization": organization,
            "bid": bid,
            "can_bid": bool(organization) and tender.state in OPEN_FOR_BIDS and tender.submission_deadline > now,
            "results": _own_results(tender, bid, context["awards"], now),
        }
    )
    return render(request, "marketplace/tender_detail.html", context)
