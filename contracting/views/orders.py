"""Browser pages of call-off orders: placing one on a contract, its page, confirming and cancelling it, and
the supplier's "orders to deliver" board."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import ApplicationError

from .. import roles, selectors, services
from ..forms import (
    LinesForm,
    OrderForm,
    ReasonForm,
)
from .common import _contract, _on_form, _order, _report
from .contracts import _contract_page


@login_required
@require_POST
def order_create(request, pk: int):
    contract = _contract(request.user, pk)
    form = OrderForm(request.POST)
    if form.is_valid():
        try:
            order = services.order_place(
                contract=contract,
                by=request.user,
                lines=form.order_lines(),
                buyer_reference=form.cleaned_data["buyer_reference"],
            )
        except ApplicationError as error:
            _on_form(form, error, form.service_names())
        else:
            messages.success(request, _("Order %(order)s was placed.") % {"order": order})
            return redirect("contracting:order-detail", pk=order.pk)
    return _contract_page(request, contract, order_form=form)


def _delivery_form(order, data=None):
    lines = [
        (line, f"{line.position}. {line.description} ({line.unit})", line.open_quantity)
        for line in order.lines.all()
        if line.open_quantity > 0
    ]
    return LinesForm(data, lines=lines)


def _order_page(request, order, form=None):
    contract = order.contract
    return render(
        request,
        "contracting/order_detail.html",
        {
            "order": order,
            "contract": contract,
            "deliveries": order.deliveries.order_by("number"),
            "supplier_side": roles.is_supplier_side(request.user, contract),
            "is_officer": roles.is_buyer_officer(request.user, contract),
            "cancel_form": ReasonForm(),
            "delivery_form": form or _delivery_form(order),
        },
    )


@login_required
def order_detail(request, pk: int):
    return _order_page(request, _order(request.user, pk))


@login_required
@require_POST
def order_confirm(request, pk: int):
    order = _order(request.user, pk)
    try:
        services.order_confirm(order=order, by=request.user)
    except ApplicationError as error:
        _report(request, error)
    else:
        messages.success(request, _("You confirmed order %(order)s.") % {"order": order})
    return redirect("contracting:order-detail", pk=pk)


@login_required
@require_POST
def order_cancel(request, pk: int):
    order = _order(request.user, pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.order_cancel(order=order, by=request.user, reason=form.cleaned_data["reason"])
        except ApplicationError as error:
            _report(request, error)
        else:
            messages.success(request, _("Order %(order)s was cancelled.") % {"order": order})
    else:
        messages.error(request, _("Give a reason for cancelling the order."))
    return redirect("contracting:order-detail", pk=pk)


@login_required
def orders_board(request):
    return render(request, "contracting/board.html", {"orders": selectors.orders_to_deliver(user=request.user)})
