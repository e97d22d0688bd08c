"""Browser pages of contracts: the list, the contract page for both sides (documents, signatures,
amendments, orders), its PDF, signing, amending, terminating, and drawing contracts up from a tender's awards."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import ApplicationError
from marketplace.models import Award, AwardState, Tender
from organizations.models import Organization

from .. import roles, selectors, services
from ..forms import (
    AmendForm,
    DraftForm,
    OrderForm,
    ReasonForm,
    SignForm,
)
from ..models import ContractState
from ..rendering import contract_render_pdf
from .common import _contract, _on_form, _report


@login_required
def index(request):
    user = request.user
    return render(
        request,
        "contracting/index.html",
        {
            "contracts": selectors.contract_list_visible_to(user=user)[:50],
            "to_deliver": selectors.orders_to_deliver(user=user).count(),
            "to_accept": selectors.deliveries_to_accept(user=user).count(),
        },
    )


def _contract_page(request, contract, **forms):
    user = request.user
    revisions = list(contract.revisions.all())
    pending = next((r for r in revisions if r.signed_at is None), None)
    is_officer = roles.is_buyer_officer(user, contract)
    my_side = (
        contract.buyer_id
        if is_officer
        else (contract.supplier_id if roles.is_supplier_signatory(user, contract) else None)
    )
    may_sign = (
        pending is not None
        and my_side is not None
        and my_side not in {signature.organization_id for signature in pending.signatures.all()}
    )
    context = {
        "contract": contract,
        "revisions": revisions,
        "pending": pending,
        "terms": revisions[0].terms,
        "may_sign": may_sign and contract.state not in (ContractState.COMPLETED, ContractState.TERMINATED),
        "sign_form": SignForm(initial={"pdf_sha256": pending.pdf_sha256}) if pending else None,
        "may_amend": contract.can_be_amended and (is_officer or roles.is_supplier_signatory(user, contract)),
        "amend_form": forms.get("amend_form") or AmendForm(lines=contract.lines.order_by("position")),
        "may_order": contract.can_take_orders and is_officer,
        "order_form": forms.get("order_form")
        or OrderForm(initial={"delivery_place": (contract.delivery_places or [""])[0], "unit": "C62"}),
        "is_officer": is_officer,
        "terminate_form": forms.get("terminate_form") or ReasonForm(),
        "orders": contract.orders.order_by("-number"),
    }
    return render(request, "contracting/contract_detail.html", context)


@login_required
def contract_detail(request, pk: int):
    return _contract_page(request, _contract(request.user, pk))


@login_required
def contract_pdf(request, pk: int, number: int):
    contract = _contract(request.user, pk)
    revision = get_object_or_404(contract.revisions, number=number)
    response = HttpResponse(contract_render_pdf(revision=revision), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="C-{contract.pk}-r{number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def contract_sign(request, pk: int):
    contract = _contract(request.user, pk)
    form = SignForm(request.POST)
    pending = contract.revisions.filter(signed_at__isnull=True).first()
    if pending is None or not form.is_valid():
        messages.error(request, _("There is nothing to sign."))
        return redirect("contracting:contract-detail", pk=pk)
    try:
        services.contract_sign(revision=pending, by=request.user, pdf_sha256=form.cleaned_data["pdf_sha256"])
    except ApplicationError as error:
        _report(request, error)
    else:
        messages.success(
            request, _("You signed revision %(n)d of contract C-%(id)d.") % {"n": pending.number, "id": contract.pk}
        )
    return redirect("contracting:contract-detail", pk=pk)


@login_required
@require_POST
def contract_amend(request, pk: int):
    contract = _contract(request.user, pk)
    form = AmendForm(request.POST, lines=contract.lines.order_by("position"))
    if form.is_valid():
        try:
            services.contract_amend(contract=contract, by=request.user, **form.amendment())
        except ApplicationError as error:
            _on_form(form, error, form.service_names())
        else:
            messages.success(request, _("The amendment was proposed; both sides now sign it."))
            return redirect("contracting:contract-detail", pk=pk)
    return _contract_page(request, contract, amend_form=form)


@login_required
@require_POST
def contract_terminate(request, pk: int):
    contract = _contract(request.user, pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.contract_terminate(contract=contract, by=request.user, reason=form.cleaned_data["reason"])
        except ApplicationError as error:
            _on_form(form, error)
        else:
            messages.success(request, _("The contract was terminated."))
            return redirect("contracting:contract-detail", pk=pk)
    return _contract_page(request, _contract(request.user, pk), terminate_form=form)


@login_required
def tender_contracts(request, tender_pk: int):
    """The contracts of a tender that the user is party to; the buyer's officers draw up the missing ones."""
    tender = get_object_or_404(Tender.objects.select_related("buyer"), pk=tender_pk)
    user = request.user
    is_officer = roles.is_officer_of(user, tender.buyer_id)
    suppliers = (
        Organization.objects.filter(
            pk__in=Award.objects.filter(lot__tender=tender, state=AwardState.FINAL, contract_lot__isnull=True).values(
                "offer__bid__bidder_id"
            )
        ).order_by("legal_name")
        if is_officer
        else Organization.objects.none()
    )
    form = DraftForm(
        request.POST or None, suppliers=suppliers, language=services.contract_language_for(buyer=tender.buyer)
    )
    if request.method == "POST":
        if not is_officer:
            raise PermissionDenied
        if form.is_valid():
            data = dict(form.cleaned_data)
            supplier = suppliers.get(pk=data.pop("supplier"))
            try:
                contract = services.contract_draft(
                    tender=tender, supplier=supplier, by=user, framework=data.pop("framework"), **data
                )
            except ApplicationError as error:
                _on_form(form, error)
            else:
                messages.success(
                    request, _("Contract C-%(id)d was drawn up; both sides now sign it.") % {"id": contract.pk}
                )
                return redirect("contracting:contract-detail", pk=contract.pk)
    return render(
        request,
        "contracting/tender_contracts.html",
        {
            "tender": tender,
            "contracts": selectors.contract_list_visible_to(user=user).filter(tender=tender),
            "form": form if suppliers else None,
        },
    )
