"""Browser pages of consortium payouts: the consortia you stand for, a consortium's payouts by payment and
member, and each member's statement as PDF or CSV. Anyone outside the consortium gets a 404."""

from __future__ import annotations

from itertools import groupby

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from .payouts import selectors
from .payouts.statement import statement_csv, statement_filename, statement_pdf

CONTENT_TYPES = {"pdf": "application/pdf", "csv": "text/csv; charset=utf-8"}


@login_required
def payouts_index(request):
    return render(
        request, "invoicing/payouts_index.html", {"consortia": selectors.payout_consortia_visible_to(user=request.user)}
    )


@login_required
def payouts_consortium(request, pk: int):
    """Every payment to the consortium with each member's share; the members with their totals and statements."""
    consortium = selectors.payout_consortia_visible_to(user=request.user).filter(pk=pk).first()
    if consortium is None:
        raise Http404
    payouts = selectors.payout_list_visible_to(user=request.user).filter(consortium=consortium)
    payments = [(payment, list(rows)) for payment, rows in groupby(payouts, key=lambda payout: payout.payment)]
    return render(
        request,
        "invoicing/payouts_consortium.html",
        {"consortium": consortium, "payments": payments, "members": selectors.payout_members(consortium=consortium)},
    )


@login_required
def payout_statement(request, pk: int, member_pk: int, kind: str):
    if kind not in CONTENT_TYPES:
        raise Http404
    statement = selectors.payout_statement(user=request.user, consortium_id=pk, member_id=member_pk)
    if statement is None:
        raise Http404
    data = statement_pdf(statement) if kind == "pdf" else statement_csv(statement)
    response = HttpResponse(data, content_type=CONTENT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{statement_filename(statement, kind)}"'
    response["Cache-Control"] = "private, no-store"
    return response
