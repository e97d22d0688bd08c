"""Browser pages of invoicing: the supplier's invoices, the buyer's queue, the invoice as a person reads it."""

from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from contracting.roles import party_organization_ids
from contracting.selectors import order_list_visible_to
from core.api.errors import status_for
from core.errors import ApplicationError
from organizations.permissions import is_member

from . import selectors, services
from .forms import InboundUploadForm
from .models import Direction, InvoiceState, Syntax
from .renditions import invoice_rendition
from .services.inbound import MATCH
from .services.outbound import stored_model


def _invoice(user, pk: int):
    invoice = selectors.invoice_list_visible_to(user=user).filter(pk=pk).first()
    if invoice is None:
        raise Http404
    return selectors.invoice_detail(invoice=invoice)


def _report(request, error: ApplicationError) -> None:
    if status_for(error.code) == 403:
        raise PermissionDenied(error.message) from error
    messages.error(request, error.message)
    for field, errors in error.errors.items():
        for message in errors:
            messages.error(request, f"{field}: {message}")


@login_required
def index(request):
    """The supplier's invoices by state, with what is left to invoice of each order."""
    invoices = list(selectors.invoices_issued(user=request.user).order_by("state", "-issue_date", "-id"))
    by_state = [(InvoiceState(state).label, list(rows)) for state, rows in groupby(invoices, key=lambda i: i.state)]
    to_invoice = (
        order_list_visible_to(user=request.user)
        .filter(contract__supplier_id__in=party_organization_ids(request.user), lines__accepted_quantity__gt=0)
        .distinct()
    )
    return render(request, "invoicing/index.html", {"by_state": by_state, "to_invoice": to_invoice})


@login_required
def to_approve(request):
    return render(request, "invoicing/to_approve.html", {"invoices": selectors.invoices_to_approve(user=request.user)})


@login_required
def detail(request, pk: int):
    invoice = _invoice(request.user, pk)
    findings: dict[str, list] = {}
    for finding in invoice.findings.all():
        findings.setdefault(finding.field, []).append(finding)
    differences = [f for f in invoice.findings.all() if f.rule_set == MATCH]
    return render(
        request,
        "invoicing/detail.html",
        {
            "invoice": invoice,
            "document": stored_model(invoice),
            "findings": findings,
            "matched": invoice.direction == Direction.INBOUND and invoice.order_id is not None,
            "differences": differences,
            "seller_side": is_member(request.user, invoice.seller_id),
            "buyer_side": is_member(request.user, invoice.buyer_id),
            "syntaxes": Syntax.choices,
        },
    )


@login_required
def download(request, pk: int, syntax: str):
    if syntax not in Syntax.values:
        raise Http404
    data, content_type, filename = invoice_rendition(invoice=_invoice(request.user, pk), syntax=syntax)
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_POST
def draft(request, order_pk: int):
    """Invoice what is accepted of an order (the button on the supplier's order page)."""
    order = order_list_visible_to(user=request.user).filter(pk=order_pk).first()
    if order is None:
        raise Http404
    try:
        invoice = services.invoice_draft_from_order(order=order, by=request.user, number=request.POST.get("number", ""))
    except ApplicationError as error:
        _report(request, error)
        return redirect("invoicing:index")
    return redirect("invoicing:detail", pk=invoice.pk)


@login_required
@require_POST
def act(request, pk: int, step: str):
    """One step of the lifecycle from the invoice page: send, approve, dispute, answer, reject, pay, credit."""
    invoice = _invoice(request.user, pk)
    post = request.POST
    calls = {
        "send": lambda: services.invoice_send(invoice=invoice, by=request.user),
        "approve": lambda: services.invoice_approve(
            invoice=invoice, by=request.user, approve_difference=bool(post.get("approve_difference"))
        ),
        "dispute": lambda: services.invoice_dispute(invoice=invoice, by=request.user, reason=post.get("reason", "")),
        "answer": lambda: services.invoice_answer(invoice=invoice, by=request.user, answer=post.get("answer", "")),
        "reject": lambda: services.invoice_reject(invoice=invoice, by=request.user, reason=post.get("reason", "")),
        "pay": lambda: services.payment_record(
            invoice=invoice, by=request.user, amount=post.get("amount"), paid_on=post.get("paid_on") or None
        ),
        "credit": lambda: services.invoice_credit_note(invoice=invoice, by=request.user, reason=post.get("reason", "")),
    }
    if step not in calls:
        raise Http404
    try:
        result = calls[step]()
    except ApplicationError as error:
        _report(request, error)
        return redirect("invoicing:detail", pk=pk)
    messages.success(request, _("Done."))
    target = result.pk if step == "credit" else pk
    return redirect("invoicing:detail", pk=target)


@login_required
def upload(request):
    """The supplier uploads an invoice from its own system (UBL, CII or Factur-X): the same import as the API's,
    with every refusal re-rendered in the form by field, then the invoice page with its three-way match."""
    form = InboundUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            invoice = services.invoice_import(
                data=form.cleaned_data["document"].read(), content_type=form.content_type, by=request.user
            )
        except ApplicationError as error:
            if status_for(error.code) == 403:
                raise PermissionDenied(error.message) from error
            form.add_error(None, error.message)
            form.rule_errors = sorted(error.errors.items())
        else:
            messages.success(
                request,
                _("Invoice %(number)s was imported and sent to %(buyer)s.")
                % {"number": invoice.number, "buyer": invoice.buyer.legal_name},
            )
            return redirect("invoicing:detail", pk=invoice.pk)
    return render(request, "invoicing/upload.html", {"form": form, "rule_errors": getattr(form, "rule_errors", [])})
