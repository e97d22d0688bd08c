"""Tenders as the buyer handles them: the wizard, the buyer's tender page (publish, amend, cancel, questions,
the bid count while bids are sealed) and, once the deadline job opened the bids, the comparison per lot with
scores of the qualitative criteria, the proposed awards and declining an ineligible winner."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import ApplicationError
from core.formatting import format_datetime
from core.forms import add_application_error

from .. import selectors, services
from ..forms import AmendForm, AnswerForm, CriterionFormSet, LotFormSet, ReasonForm, ScoreForm, TenderForm
from ..models import (
    Award,
    AwardCriterion,
    AwardMethod,
    AwardState,
    BidLot,
    CriterionKind,
    Lot,
    LotState,
    Question,
    Tender,
    TenderState,
)
from ..services.evaluation import RankedOffer, criteria_for
from ..services.tenders import TENDER_FIELDS
from .committee import committee_context
from .common import bids_opened, buyer_tender, buyer_tenders, is_officer, page_of, tender_context

SCORED_KINDS = {CriterionKind.QUALITY, CriterionKind.OTHER}  # price and delivery time are computed


def _tender_page(tender_id: int, anchor: str = "") -> str:
    return reverse("marketplace:tender-detail", args=[tender_id]) + (f"#{anchor}" if anchor else "")


# --- the buyer's list and the wizard ---------------------------------------------------------


@login_required
def tender_mine(request):
    tenders = buyer_tenders(request.user)
    if request.organization:
        tenders = tenders.filter(buyer_id=request.organization.pk)
    return render(
        request,
        "marketplace/tender_mine.html",
        {
            "page": page_of(request, tenders.order_by("-updated_at", "-id")),
            "is_officer": is_officer(request.user),
            "now": timezone.now(),
        },
    )


def _suggested_deadlines() -> dict:
    noon = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    return {
        "enquiry_deadline": noon + timedelta(days=14),
        "submission_deadline": noon + timedelta(days=28),
        "opening_at": noon + timedelta(days=28, hours=1),
    }


def _show_wizard_error(error: ApplicationError, form, lot_forms, context) -> None:
    """Put the service's errors where the officer looks: `lots.<i>.<field>` on the i-th filled lot row,
    `lots` and `criteria` above their tables, everything else on the tender's fields."""
    rest, placed = {}, False
    for key, texts in error.errors.items():
        head, _dot, tail = key.partition(".")
        index, _dot, name = tail.partition(".")
        if head == "lots" and index.isdigit() and int(index) < len(lot_forms):
            target = lot_forms[int(index)]
            for text in texts:
                target.add_error(name if name in target.fields else None, text)
            placed = True
        elif head in {"lots", "criteria"}:
            context[f"{head}_errors"] += texts
            placed = True
        else:
            rest[key] = texts
    if rest or not placed:
        add_application_error(form, ApplicationError(error.message, errors=rest))


@login_required
def tender_create(request):
    """One page: the tender's fields, its lots and (for best value) the weighted criteria."""
    if not is_officer(request.user):
        raise PermissionDenied
    if not request.organization:
        messages.info(request, _("Register your organization or join one to post tenders."))
        return redirect("organization-create")
    data = request.POST or None
    form = TenderForm(data, initial=_suggested_deadlines())
    lots = LotFormSet(data, prefix="lots")
    criteria = CriterionFormSet(data, prefix="criteria")
    context = {"form": form, "lots": lots, "criteria": criteria, "lots_errors": [], "criteria_errors": []}
    if request.method == "POST" and all([form.is_valid(), lots.is_valid(), criteria.is_valid()]):
        lot_forms = [lot for lot in lots if lot.has_changed()]
        weighted = [row.cleaned_data for row in criteria if row.has_changed()]
        values = {**form.cleaned_data, "lots": [lot.service_data() for lot in lot_forms]}
        if weighted:
            values["criteria"] = weighted
        try:
            tender = services.tender_create(buyer=request.organization, by=request.user, **values)
        except ApplicationError as error:
            _show_wizard_error(error, form, lot_forms, context)
        else:
            messages.success(request, _("The tender is saved as a draft. Check it, then publish it."))
            return redirect("marketplace:tender-detail", pk=tender.pk)
    return render(request, "marketplace/tender_form.html", context)


# --- the buyer's tender page -----------------------------------------------------------------


@dataclass
class OfferRow:
    entry: RankedOffer
    parts: list[Decimal | None]
    scoring: list[tuple[AwardCriterion, str, Decimal | None]]


@dataclass
class LotEvaluation:
    lot: Lot
    criteria: list[AwardCriterion]
    scored: list[AwardCriterion]
    rows: list[OfferRow]
    awards: list[Award] = field(default_factory=list)
    can_propose: bool = False


def _evaluation(user, tender: Tender) -> list[LotEvaluation]:
    """The comparison per lot. Called only once the bids are opened; the rows are further narrowed to the
    bids the selector lets this user see, so the page can never show more than the selector allows."""
    visible = set(selectors.bid_list_visible_to(user=user).filter(tender=tender).values_list("pk", flat=True))
    awards = defaultdict(list)
    for award in selectors.award_list_visible_to(user=user).filter(lot__tender=tender).order_by("proposed_at"):
        awards[award.lot_id].append(award)
    lots = []
    for lot in tender.lots.select_related("tender"):
        criteria = criteria_for(lot) if tender.award_method == AwardMethod.BEST_VALUE else []
        scored = [c for c in criteria if c.kind in SCORED_KINDS]
        rows = []
        for entry in services.lot_ranking(lot=lot):
            if entry.offer.bid_id not in visible:
                continue
            given = {score.criterion_id: score.score for score in entry.offer.scores.all()}
            rows.append(
                OfferRow(
                    entry,
                    [entry.parts.get(c.name) for c in criteria],
                    [(c, entry.offer.criteria_answers.get(str(c.pk), ""), given.get(c.pk)) for c in scored],
                )
            )
        live = [a for a in awards[lot.pk] if a.state != AwardState.DECLINED]
        lots.append(
            LotEvaluation(
                lot,
                criteria,
                scored,
                rows,
                awards[lot.pk],
                can_propose=(tender.state == TenderState.EVALUATION and lot.state == LotState.ACTIVE and not live),
            )
        )
    return lots


def buyer_page(request, tender: Tender):
    now = timezone.now()
    opened = bids_opened(tender, now)
    context = tender_context(request, tender, now)
    context.update(
        {
            "can_manage": is_officer(request.user),
            "questions": selectors.question_list_visible_to(user=request.user, tender=tender),
            "opened": opened,
            "bid_count": selectors.tender_bid_count(tender=tender),  # None while the bids are sealed
            "evaluation": _evaluation(request.user, tender) if opened else [],
            "can_amend": tender.can_be_amended,
            "can_cancel": tender.can_be_cancelled,
            "reason_form": ReasonForm(),
            **committee_context(request.user, tender),
        }
    )
    return render(request, "marketplace/tender_buyer.html", context)


@login_required
def tender_amend(request, pk: int):
    """A draft is edited freely; a published tender is amended with a reason (bidders must reconfirm)."""
    tender = buyer_tender(request.user, pk)
    if not tender.can_be_amended:
        messages.error(request, _("A tender in evaluation or later cannot be changed."))
        return redirect("marketplace:tender-detail", pk=tender.pk)
    initial = {name: getattr(tender, name) for name in TENDER_FIELDS if name in AmendForm.base_fields}
    initial.update(
        {
            name: timezone.localtime(getattr(tender, name)).replace(second=0, microsecond=0)
            for name in ("enquiry_deadline", "submission_deadline", "opening_at")
        }
    )
    initial.update(main_cpv=tender.main_cpv_id, performance_country=tender.performance_country.code)
    form = AmendForm(request.POST or None, initial=initial)
    if tender.state == TenderState.DRAFT:
        del form.fields["reason"]  # a draft is edited freely
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name != "reason"}
        if not changes:
            form.add_error(None, _("Nothing was changed."))
        else:
            try:
                services.tender_update(
                    tender=tender,
                    by=request.user,
                    reason=form.cleaned_data.get("reason", ""),
                    expected_version=tender.version,
                    **changes,
                )
            except ApplicationError as error:
                add_application_error(form, error)
            else:
                messages.success(
                    request,
                    _("The tender was amended; bidders are told to reconfirm their bids.")
                    if tender.state != TenderState.DRAFT
                    else _("The draft was saved."),
                )
                return redirect("marketplace:tender-detail", pk=tender.pk)
    return render(request, "marketplace/tender_amend.html", {"form": form, "tender": tender})


# --- actions on the buyer's tender page (each redirects back with a message) -----------------


def _run(request, action, success: str):
    try:
        result = action()
    except ApplicationError as error:
        messages.error(request, error.message)
        return None
    messages.success(request, success)
    return result


@login_required
@require_POST
def tender_publish(request, pk: int):
    tender = buyer_tender(request.user, pk)
    _run(
        request,
        lambda: services.tender_publish(tender=tender, by=request.user),
        _("The tender is published. Suppliers can ask questions until %(d)s.")
        % {"d": format_datetime(tender.enquiry_deadline)},
    )
    return redirect("marketplace:tender-detail", pk=tender.pk)


@login_required
@require_POST
def tender_cancel(request, pk: int):
    tender = buyer_tender(request.user, pk)
    reason = request.POST.get("reason", "")
    _run(
        request,
        lambda: services.tender_cancel(tender=tender, reason=reason, by=request.user),
        _("The tender was cancelled; bidders are told why."),
    )
    return redirect("marketplace:tender-detail", pk=tender.pk)


@login_required
@require_POST
def lot_cancel(request, pk: int):
    lot = get_object_or_404(Lot.objects.filter(tender__in=buyer_tenders(request.user)), pk=pk)
    reason = request.POST.get("reason", "")
    _run(
        request,
        lambda: services.lot_cancel(lot=lot, reason=reason, by=request.user),
        _("Lot %(n)d was cancelled; its bidders are told why.") % {"n": lot.number},
    )
    return redirect(_tender_page(lot.tender_id, "lots"))


@login_required
@require_POST
def question_answer(request, pk: int):
    question = get_object_or_404(Question.objects.filter(tender__in=buyer_tenders(request.user)), pk=pk)
    form = AnswerForm(request.POST)
    form.is_valid()
    _run(
        request,
        lambda: services.question_answer(question=question, answer=form.cleaned_data["answer"], by=request.user),
        _("The answer is published to every supplier."),
    )
    return redirect(_tender_page(question.tender_id, "questions"))


@login_required
@require_POST
def offer_score(request, pk: int):
    offer = get_object_or_404(
        BidLot.objects.select_related("lot__tender").filter(
            bid__in=selectors.bid_list_visible_to(user=request.user), lot__tender__in=buyer_tenders(request.user)
        ),
        pk=pk,
    )
    form = ScoreForm(request.POST, criteria=[c for c in criteria_for(offer.lot) if c.kind in SCORED_KINDS])
    if not form.is_valid():
        messages.error(request, _("Scores are numbers from 0 to 100."))
    else:

        def save():
            for criterion, score in form.scores():
                services.criterion_score_set(offer=offer, criterion=criterion, score=score, by=request.user)

        _run(request, save, _("The scores were saved."))
    return redirect(_tender_page(offer.lot.tender_id, f"lot-{offer.lot.number}"))


@login_required
@require_POST
def award_propose(request, pk: int):
    lot = get_object_or_404(Lot.objects.filter(tender__in=buyer_tenders(request.user)), pk=pk)
    try:
        award = services.award_propose(lot=lot, by=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        _award_message(request, lot, award)
    return redirect(_tender_page(lot.tender_id, f"lot-{lot.number}"))


@login_required
@require_POST
def award_decline(request, pk: int):
    award = get_object_or_404(
        selectors.award_list_visible_to(user=request.user).filter(lot__tender__in=buyer_tenders(request.user)), pk=pk
    )
    try:
        successor = services.award_decline(award=award, reason=request.POST.get("reason", ""), by=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        _award_message(request, award.lot, successor)
    return redirect(_tender_page(award.lot.tender_id, f"lot-{award.lot.number}"))


def _award_message(request, lot: Lot, award: Award | None) -> None:
    if award is None:
        messages.warning(
            request, _("Lot %(n)d has no eligible offer left; it is closed as unsuccessful.") % {"n": lot.number}
        )
        return
    messages.success(
        request,
        _("Lot %(n)d: award proposed to %(bidder)s (score %(score)s). The standstill period runs until %(date)s.")
        % {
            "n": lot.number,
            "bidder": award.offer.bid.bidder.legal_name,
            "score": award.score,
            "date": format_datetime(award.standstill_until),
        },
    )
