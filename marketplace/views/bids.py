"""Bids as the bidder handles them: the bid form per lot, submit, withdraw, and the list of own bids."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import ApplicationError
from core.formatting import format_datetime
from core.forms import add_application_error

from .. import selectors, services
from ..forms import BidLotForm
from ..models import OPEN_FOR_BIDS, BidState, CriterionKind, LotState
from ..services.evaluation import criteria_for
from .common import live_bid, organization_required, own_bids, page_of, visible_tender

ANSWERED_KINDS = {CriterionKind.QUALITY, CriterionKind.OTHER}  # price and delivery time are computed


class BidForm(forms.Form):
    """Carries the bid's version, so two colleagues editing at once do not overwrite each other."""

    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


def _lot_forms(request, tender, bid) -> list[BidLotForm]:
    offers = {offer.lot_id: offer for offer in bid.lot_offers.all()} if bid else {}
    lot_forms = []
    for lot in tender.lots.filter(state=LotState.ACTIVE).select_related("cpv"):
        offer = offers.get(lot.pk)
        criteria = [c for c in criteria_for(lot) if c.kind in ANSWERED_KINDS]
        initial = {}
        if offer:
            initial = {
                "price": offer.price,
                "delivery_days": offer.delivery_days,
                **{f"answer_{c.pk}": offer.criteria_answers.get(str(c.pk), "") for c in criteria},
            }
        lot_forms.append(
            BidLotForm(request.POST or None, prefix=f"lot{lot.number}", lot=lot, criteria=criteria, initial=initial)
        )
    return lot_forms


def _show_bid_error(error: ApplicationError, bid_form: BidForm, offered: list[BidLotForm]) -> None:
    """Errors about `offers.<i>.<field>` go to the i-th offered lot's field; the rest to the top."""
    rest = {}
    for key, texts in error.errors.items():
        parts = key.split(".")
        if parts[0] == "offers" and len(parts) == 3 and parts[1].isdigit() and int(parts[1]) < len(offered):
            target = offered[int(parts[1])]
            for text in texts:
                target.add_error(parts[2] if parts[2] in target.fields else None, text)
        else:
            rest[key] = texts
    nothing_placed = len(rest) == len(error.errors)
    if rest or nothing_placed:
        add_application_error(bid_form, ApplicationError(error.message, errors=rest))


@login_required
@organization_required
def bid_edit(request, pk: int):
    tender = visible_tender(request.user, pk)
    if selectors.tender_is_buyer(user=request.user, tender=tender):
        messages.error(request, _("The buyer's own organization cannot bid on its tender."))
        return redirect("marketplace:tender-detail", pk=tender.pk)
    organization = request.organization
    bid = live_bid(request.user, tender, organization)
    bid_form = BidForm(request.POST or None, initial={"version": bid.version if bid else None})
    lot_forms = _lot_forms(request, tender, bid)
    if request.method == "POST" and all([bid_form.is_valid(), *[f.is_valid() for f in lot_forms]]):
        offered = [f for f in lot_forms if f.offer() is not None]
        submit = "submit" in request.POST
        try:
            with transaction.atomic():
                if bid is None:
                    bid = services.bid_create(tender=tender, bidder=organization, by=request.user)
                bid = services.bid_update(
                    bid=bid,
                    by=request.user,
                    offers=[f.offer() for f in offered],
                    expected_version=bid_form.cleaned_data["version"],
                )
                if submit:
                    bid = services.bid_submit(bid=bid, by=request.user)
        except ApplicationError as error:
            bid = live_bid(request.user, tender, organization)  # the transaction rolled back
            _show_bid_error(error, bid_form, offered)
        else:
            if submit:
                messages.success(
                    request,
                    _("Your bid was submitted at %(at)s. You can change or withdraw it until the deadline.")
                    % {"at": format_datetime(bid.submitted_at)},
                )
            else:
                messages.success(request, _("Your bid is saved as a draft. Submit it before the deadline."))
            return redirect("marketplace:tender-detail", pk=tender.pk)
    now = timezone.now()
    return render(
        request,
        "marketplace/bid_form.html",
        {
            "tender": tender,
            "bid": bid,
            "bid_form": bid_form,
            "lot_forms": lot_forms,
            "now": now,
            "open": tender.state in OPEN_FOR_BIDS and tender.submission_deadline > now,
        },
    )


@login_required
@require_POST
def bid_submit(request, pk: int):
    bid = get_object_or_404(own_bids(request.user), pk=pk)
    try:
        bid = services.bid_submit(bid=bid, by=request.user, expected_version=_posted_version(request))
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your bid was submitted at %(at)s.") % {"at": format_datetime(bid.submitted_at)})
    return redirect("marketplace:tender-detail", pk=bid.tender_id)


@login_required
@require_POST
def bid_withdraw(request, pk: int):
    bid = get_object_or_404(own_bids(request.user), pk=pk)
    try:
        services.bid_withdraw(bid=bid, by=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your bid was withdrawn. You can start a new one until the deadline."))
    return redirect("marketplace:tender-detail", pk=bid.tender_id)


def _posted_version(request) -> int | None:
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else None


@login_required
@organization_required
def bid_list(request):
    bids = (
        own_bids(request.user)
        .filter(bidder_id=request.organization.pk)
        .prefetch_related("lot_offers__lot")
        .order_by("-updated_at", "-id")
    )
    return render(
        request,
        "marketplace/bid_list.html",
        {"page": page_of(request, bids), "now": timezone.now(), "states": BidState},
    )
