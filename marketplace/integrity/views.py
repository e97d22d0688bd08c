"""Browser pages of the integrity layer: the overview, a tender's flags with their definitions and figures,
and the abnormally-low-tender case page (the officer's request and decision, the bidder's answer)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.errors import ApplicationError
from core.files import private_download
from organizations.permissions import is_member

from ..models import Lot
from . import selectors, services
from .access import is_officer_of, sees_all_flags
from .models import AltDocument, AltRule, AltState
from .registry import REGISTRY, definitions


class RequestForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("What should the bidder explain?"), widget=forms.Textarea(attrs={"rows": 3})
    )
    respond_by = forms.DateField(label=gettext_lazy("Answer by"), widget=forms.DateInput(attrs={"type": "date"}))


class AnswerForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Your explanation"), widget=forms.Textarea(attrs={"rows": 5}))
    documents = forms.FileField(label=gettext_lazy("Documents (optional)"), required=False)


class SettingsForm(forms.Form):
    rule = forms.ChoiceField(label=gettext_lazy("Abnormally low tender rule"), choices=AltRule.choices)
    threshold_percent = forms.DecimalField(
        label=gettext_lazy("Threshold (% below)"),
        min_value=Decimal("0.01"),
        max_value=Decimal("99.99"),
        decimal_places=2,
    )
    min_bids = forms.IntegerField(
        label=gettext_lazy("Valid bids needed to compare with the others"), min_value=2, max_value=50
    )


class FixedPriceForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("How the price was set"), required=False, max_length=500)


class DecisionForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reasons for the decision"), widget=forms.Textarea(attrs={"rows": 3}))


def _flag_rows(flags):
    return [{"flag": f, "definition": REGISTRY.get(f.code)} for f in flags]


@login_required
def overview(request):
    if not (sees_all_flags(request.user) or request.user.has_platform_role("procurement_officer")):
        raise Http404
    buyer = request.organization
    return render(
        request,
        "integrity/overview.html",
        {
            "settings_link": bool(buyer) and is_officer_of(request.user, buyer.pk),
            "overview": selectors.integrity_overview(user=request.user),
            "definitions": definitions(),
            "recent": _flag_rows(selectors.flags_visible_to(user=request.user)[:50]),
        },
    )


@login_required
def tender_flags(request, pk: int):
    tender = selectors.tender_for_flags(user=request.user, tender_id=pk)
    if tender is None:
        raise Http404
    flags = selectors.flags_visible_to(user=request.user).filter(tender_id=pk)
    cases = selectors.alt_cases_visible_to(user=request.user).filter(tender_id=pk)
    return render(
        request,
        "integrity/tender_flags.html",
        {"tender": tender, "rows": _flag_rows(flags), "cases": cases, "definitions": definitions()},
    )


def _case_or_404(request, pk: int):
    return get_object_or_404(selectors.alt_cases_visible_to(user=request.user), pk=pk)


@login_required
def alt_case(request, pk: int):
    case = _case_or_404(request, pk)
    officer = is_officer_of(request.user, case.tender.buyer_id)
    bidder = is_member(request.user, case.offer.bid.bidder_id) and not officer
    default_due = (timezone.localdate() + timedelta(days=7)).isoformat()
    return render(
        request,
        "integrity/alt_case.html",
        {
            "case": case,
            "officer": officer,
            "bidder": bidder,
            "definition": REGISTRY["ALT"],
            "sees_figures": officer or sees_all_flags(request.user),
            "request_form": RequestForm(initial={"respond_by": default_due}),
            "answer_form": AnswerForm(),
            "decision_form": DecisionForm(),
            "documents": case.documents.all(),
            "states": AltState,
        },
    )


def _back(case, error: ApplicationError | None = None, request=None, done: str = ""):
    if error is not None:
        messages.error(request, error.message)
    elif done:
        messages.success(request, done)
    return redirect(reverse("integrity:alt-case", args=[case.pk]))


@login_required
@require_POST
def alt_request(request, pk: int):
    case = _case_or_404(request, pk)
    form = RequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what to explain and by which day."))
        return _back(case)
    due = timezone.make_aware(datetime.combine(form.cleaned_data["respond_by"], time(23, 59)))
    try:
        services.alt_request_send(case=case, text=form.cleaned_data["text"], respond_by=due, by=request.user)
    except ApplicationError as error:
        return _back(case, error, request)
    return _back(case, request=request, done=_("The explanation was requested; the bidder is notified."))


@login_required
@require_POST
def alt_answer(request, pk: int):
    case = _case_or_404(request, pk)
    form = AnswerForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Write the explanation."))
        return _back(case)
    uploads = request.FILES.getlist("documents")
    try:
        services.alt_answer(case=case, text=form.cleaned_data["text"], uploads=uploads, by=request.user)
    except ApplicationError as error:
        return _back(case, error, request)
    return _back(case, request=request, done=_("Your explanation was sent to the buyer."))


@login_required
@require_POST
def alt_decide(request, pk: int):
    case = _case_or_404(request, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reasons for the decision; they are recorded."))
        return _back(case)
    accept = request.POST.get("decision") == "accept"
    try:
        services.alt_decide(case=case, accept=accept, reason=form.cleaned_data["reason"], by=request.user)
    except ApplicationError as error:
        return _back(case, error, request)
    return redirect(reverse("marketplace:tender-detail", args=[case.tender_id]) + f"#lot-{case.lot.number}")


@login_required
def alt_document(request, pk: int, document_pk: int):
    case = _case_or_404(request, pk)
    document = get_object_or_404(AltDocument, case=case, pk=document_pk)
    return private_download(document.file, filename=document.original_name, content_type=document.content_type)


def _officer_buyer(request):
    """The organization the officer acts for; 404 for anyone else (the page is the buyer's own)."""
    buyer = request.organization
    if not buyer or not is_officer_of(request.user, buyer.pk):
        raise Http404
    return buyer


@login_required
def buyer_settings(request):
    """The buyer's abnormally-low-tender rule and threshold, and its lots with a fixed price."""
    buyer = _officer_buyer(request)
    current = selectors.integrity_settings_of(buyer_id=buyer.pk)
    form = SettingsForm(
        request.POST or None,
        initial={
            "rule": current.alt_rule,
            "threshold_percent": current.alt_threshold_percent,
            "min_bids": current.alt_min_bids,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.integrity_settings_set(
                buyer=buyer,
                by=request.user,
                rule=form.cleaned_data["rule"],
                threshold_percent=form.cleaned_data["threshold_percent"],
                min_bids=form.cleaned_data["min_bids"],
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Saved. The rule applies to flags computed from now on."))
            return redirect(reverse("integrity:settings"))
    return render(
        request,
        "integrity/settings.html",
        {
            "buyer": buyer,
            "form": form,
            "saved": current.pk is not None,
            "lots": selectors.lots_before_opening(buyer_id=buyer.pk),
            "fixed_form": FixedPriceForm(),
        },
        status=(400 if request.method == "POST" else 200),
    )


@login_required
@require_POST
def lot_fixed_price(request, lot_pk: int):
    buyer = _officer_buyer(request)
    lot = get_object_or_404(Lot, pk=lot_pk, tender__buyer_id=buyer.pk)
    form = FixedPriceForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    fixed = request.POST.get("fixed") == "1"
    try:
        services.lot_fixed_price_set(lot=lot, fixed=fixed, reason=reason, by=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(lot)s: the price is fixed by the buyer.") % {"lot": lot}
            if fixed
            else _("%(lot)s: the price is no longer marked fixed.") % {"lot": lot},
        )
    return redirect(reverse("integrity:settings") + f"#lot-{lot.pk}")
