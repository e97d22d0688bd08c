"""Browser pages of deliveries: shipping an order, a delivery's timeline (events, hub stop, proof of delivery,
goods receipt), the buyer's "to accept" queue and the JCC's bookings with the contracts they serve."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import ApplicationError
from core.files import private_download
from loghubs import roles as hub_roles
from loghubs.pickers import booking_option

from .. import roles, selectors, services
from ..forms import (
    BookingLinkForm,
    EventForm,
    LinesForm,
    ProofForm,
)
from ..models import EventSource
from .common import _delivery, _on_form, _order
from .orders import _delivery_form, _order_page


@login_required
@require_POST
def delivery_create(request, pk: int):
    order = _order(request.user, pk)
    form = _delivery_form(order, request.POST)
    if form.is_valid():
        lines = [
            {"order_line": line.pk, "quantity": form.cleaned_data[f"line_{line.pk}"]}
            for line, _label, _max in form.lines
            if form.cleaned_data[f"line_{line.pk}"]
        ]
        names = {f"lines.{i}.quantity": f"line_{row['order_line']}" for i, row in enumerate(lines)}
        try:
            delivery = services.delivery_create(order=order, by=request.user, lines=lines)
        except ApplicationError as error:
            _on_form(form, error, names)
        else:
            messages.success(request, _("Delivery %(delivery)s was announced.") % {"delivery": delivery})
            return redirect("contracting:delivery-detail", pk=delivery.pk)
    return _order_page(request, order, form)


@login_required
def accept_queue(request):
    return render(
        request, "contracting/to_accept.html", {"deliveries": selectors.deliveries_to_accept(user=request.user)}
    )


def _accept_form(delivery, data=None):
    lines = [
        (line, f"{line.order_line.position}. {line.order_line.description} ({line.order_line.unit})", line.quantity)
        for line in delivery.lines.all()
    ]
    return LinesForm(data, lines=lines, with_reasons=True)


def _delivery_page(request, delivery, **forms):
    contract = delivery.order.contract
    user = request.user
    booking = delivery.booking
    return render(
        request,
        "contracting/delivery_detail.html",
        {
            "delivery": delivery,
            "order": delivery.order,
            "contract": contract,
            "timeline": selectors.delivery_timeline(delivery=delivery),
            "proof": getattr(delivery, "proof", None),
            "acceptance": getattr(delivery, "acceptance", None),
            "supplier_side": roles.is_supplier_side(user, contract) and delivery.can_be_tracked,
            "may_accept": roles.is_buyer_member(user, contract) and delivery.can_be_accepted,
            "may_link": hub_roles.is_jcc(user) or bool(hub_roles.nap_nation_ids(user)),
            "booking": booking,
            "event_form": forms.get("event_form") or EventForm(),
            "proof_form": forms.get("proof_form") or ProofForm(),
            "booking_form": forms.get("booking_form") or BookingLinkForm(user=user),
            "accept_form": forms.get("accept_form") or _accept_form(delivery),
        },
    )


@login_required
def delivery_detail(request, pk: int):
    return _delivery_page(request, _delivery(request.user, pk))


@login_required
@require_POST
def delivery_event(request, pk: int):
    delivery = _delivery(request.user, pk)
    form = EventForm(request.POST)
    if form.is_valid():
        try:
            services.tracking_record(delivery=delivery, by=request.user, source=EventSource.PAGE, **form.cleaned_data)
        except ApplicationError as error:
            _on_form(form, error)
        else:
            messages.success(request, _("The event was recorded."))
            return redirect("contracting:delivery-detail", pk=pk)
    return _delivery_page(request, delivery, event_form=form)


@login_required
@require_POST
def delivery_proof(request, pk: int):
    delivery = _delivery(request.user, pk)
    form = ProofForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.proof_record(
                delivery=delivery, by=request.user, upload=form.cleaned_data.pop("file"), **form.cleaned_data
            )
        except ApplicationError as error:
            _on_form(form, error)
        else:
            messages.success(request, _("The proof of delivery was recorded."))
            return redirect("contracting:delivery-detail", pk=pk)
    return _delivery_page(request, delivery, proof_form=form)


@login_required
def delivery_proof_file(request, pk: int):
    proof = getattr(_delivery(request.user, pk), "proof", None)
    if proof is None:
        raise Http404
    return private_download(proof.file, filename=proof.original_name, content_type=proof.content_type)


@login_required
@require_POST
def delivery_booking(request, pk: int):
    delivery = _delivery(request.user, pk)
    form = BookingLinkForm(request.POST, user=request.user)
    if form.is_valid():
        booking = form.cleaned_data["booking"]
        try:
            services.delivery_link_booking(delivery=delivery, booking=booking, by=request.user)
        except ApplicationError as error:
            _on_form(form, error)
        else:
            messages.success(
                request,
                _("The delivery now travels through the booking %(booking)s.")
                % {"booking": booking_option(booking).label},
            )
            return redirect("contracting:delivery-detail", pk=pk)
    return _delivery_page(request, delivery, booking_form=form)


@login_required
@require_POST
def delivery_accept(request, pk: int):
    delivery = _delivery(request.user, pk)
    form = _accept_form(delivery, request.POST)
    if form.is_valid():
        lines = [
            {
                "delivery_line": line.pk,
                "accepted_quantity": form.cleaned_data[f"line_{line.pk}"],
                "reason": form.cleaned_data[f"reason_{line.pk}"],
            }
            for line, _label, _max in form.lines
        ]
        names = {}
        for index, row in enumerate(lines):
            names[f"lines.{index}.accepted_quantity"] = f"line_{row['delivery_line']}"
            names[f"lines.{index}.reason"] = f"reason_{row['delivery_line']}"
        try:
            acceptance = services.delivery_accept(
                delivery=delivery, by=request.user, lines=lines, note=form.cleaned_data["note"]
            )
        except ApplicationError as error:
            _on_form(form, error, names)
        else:
            messages.success(
                request, _("Goods receipt recorded: %(outcome)s.") % {"outcome": acceptance.get_outcome_display()}
            )
            return redirect("contracting:delivery-detail", pk=pk)
    return _delivery_page(request, delivery, accept_form=form)


@login_required
def jcc_bookings(request):
    if not hub_roles.is_jcc(request.user):
        raise PermissionDenied
    return render(
        request, "contracting/jcc_bookings.html", {"deliveries": selectors.booking_links_for_jcc(user=request.user)}
    )
