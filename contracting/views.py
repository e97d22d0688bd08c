"""Browser pages of contracting: the contract page for both sides (documents, signatures, amendments, orders),
an order's page, the supplier's "orders to deliver" board, a delivery's timeline (events, hub stop, proof, goods
receipt), the buyer's "to accept" queue, the tender's contracts, and the JCC's bookings with their contracts.
Every object comes from a selector (someone else's → 404); every write calls a service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.errors import ApplicationError
from loghubs import roles as hub_roles
from loghubs.models import Booking
from marketplace.models import Award, AwardState, Tender
from organizations.files import private_download
from organizations.forms import add_application_error
from organizations.models import Organization

from . import roles, selectors, services
from .forms import (
    AmendForm,
    BookingLinkForm,
    DraftForm,
    EventForm,
    LinesForm,
    OrderForm,
    ProofForm,
    ReasonForm,
    SignForm,
)
from .models import ContractState, EventSource
from .rendering import contract_render_pdf


def _contract(user, pk: int):
    contract = selectors.contract_list_visible_to(user=user).filter(pk=pk).first()
    if contract is None:
        raise Http404
    return selectors.contract_detail(contract=contract)


def _order(user, pk: int):
    order = selectors.order_list_visible_to(user=user).filter(pk=pk).first()
    if order is None:
        raise Http404
    return order


def _delivery(user, pk: int):
    delivery = selectors.delivery_list_visible_to(user=user).filter(pk=pk).first()
    if delivery is None:
        raise Http404
    return delivery


def _on_form(form, error: ApplicationError, names: dict[str, str] | None = None) -> None:
    """A refusal on the form (fields renamed from the service's names); a 403 is a 403 page."""
    if error.status == 403:
        raise PermissionDenied(error.message) from error
    if names:
        error.errors = {names.get(key, key): value for key, value in error.errors.items()}
    add_application_error(form, error)


def _report(request, error: ApplicationError) -> None:
    if error.status == 403:
        raise PermissionDenied(error.message) from error
    messages.error(request, error.message)


ORDER_LINE_FIELDS = {f"lines.0.{name}": name for name in ("description", "quantity", "unit", "unit_price",
                                                          "delivery_date", "delivery_place")}
ORDER_LINE_FIELDS["lines"] = "quantity"


@login_required
def index(request):
    user = request.user
    return render(request, "contracting/index.html", {
        "contracts": selectors.contract_list_visible_to(user=user)[:50],
        "to_deliver": selectors.orders_to_deliver(user=user).count(),
        "to_accept": selectors.deliveries_to_accept(user=user).count()})


def _contract_page(request, contract, **forms):
    user = request.user
    revisions = list(contract.revisions.all())
    pending = next((r for r in revisions if r.signed_at is None), None)
    is_officer = roles.is_buyer_officer(user, contract)
    my_side = contract.buyer_id if is_officer else (
        contract.supplier_id if roles.is_supplier_signatory(user, contract) else None)
    may_sign = pending is not None and my_side is not None and my_side not in {
        signature.organization_id for signature in pending.signatures.all()}
    context = {
        "contract": contract, "revisions": revisions, "pending": pending, "terms": revisions[0].terms,
        "may_sign": may_sign and contract.state not in (ContractState.COMPLETED, ContractState.TERMINATED),
        "sign_form": SignForm(initial={"pdf_sha256": pending.pdf_sha256}) if pending else None,
        "may_amend": contract.can_be_amended and (is_officer or roles.is_supplier_signatory(user, contract)),
        "amend_form": forms.get("amend_form") or AmendForm(),
        "may_order": contract.can_take_orders and is_officer,
        "order_form": forms.get("order_form") or OrderForm(initial={
            "delivery_place": (contract.delivery_places or [""])[0], "unit": "C62"}),
        "is_officer": is_officer, "terminate_form": forms.get("terminate_form") or ReasonForm(),
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
        messages.success(request, _("You signed revision %(n)d of contract C-%(id)d.") % {"n": pending.number,
                                                                                        "id": contract.pk})
    return redirect("contracting:contract-detail", pk=pk)


@login_required
@require_POST
def contract_amend(request, pk: int):
    contract = _contract(request.user, pk)
    form = AmendForm(request.POST)
    if form.is_valid():
        try:
            services.contract_amend(contract=contract, by=request.user, **form.cleaned_data)
        except ApplicationError as error:
            _on_form(form, error)
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
@require_POST
def order_create(request, pk: int):
    contract = _contract(request.user, pk)
    form = OrderForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        reference = data.pop("buyer_reference")
        try:
            order = services.order_place(contract=contract, by=request.user, lines=[data], buyer_reference=reference)
        except ApplicationError as error:
            _on_form(form, error, ORDER_LINE_FIELDS)
        else:
            messages.success(request, _("Order %(order)s was placed.") % {"order": order})
            return redirect("contracting:order-detail", pk=order.pk)
    return _contract_page(request, contract, order_form=form)


def _delivery_form(order, data=None):
    lines = [(line, f"{line.position}. {line.description} ({line.unit})", line.open_quantity)
             for line in order.lines.all() if line.open_quantity > 0]
    return LinesForm(data, lines=lines)


def _order_page(request, order, form=None):
    contract = order.contract
    return render(request, "contracting/order_detail.html", {
        "order": order, "contract": contract, "deliveries": order.deliveries.order_by("number"),
        "supplier_side": roles.is_supplier_side(request.user, contract),
        "is_officer": roles.is_buyer_officer(request.user, contract), "cancel_form": ReasonForm(),
        "delivery_form": form or _delivery_form(order)})


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
@require_POST
def delivery_create(request, pk: int):
    order = _order(request.user, pk)
    form = _delivery_form(order, request.POST)
    if form.is_valid():
        lines = [{"order_line": line.pk, "quantity": form.cleaned_data[f"line_{line.pk}"]}
                 for line, _label, _max in form.lines if form.cleaned_data[f"line_{line.pk}"]]
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
def orders_board(request):
    return render(request, "contracting/board.html", {"orders": selectors.orders_to_deliver(user=request.user)})


@login_required
def accept_queue(request):
    return render(request, "contracting/to_accept.html",
                  {"deliveries": selectors.deliveries_to_accept(user=request.user)})


def _accept_form(delivery, data=None):
    lines = [(line, f"{line.order_line.position}. {line.order_line.description} ({line.order_line.unit})",
              line.quantity) for line in delivery.lines.all()]
    return LinesForm(data, lines=lines, with_reasons=True)


def _delivery_page(request, delivery, **forms):
    contract = delivery.order.contract
    user = request.user
    booking = delivery.booking
    return render(request, "contracting/delivery_detail.html", {
        "delivery": delivery, "order": delivery.order, "contract": contract,
        "timeline": selectors.delivery_timeline(delivery=delivery), "proof": getattr(delivery, "proof", None),
        "acceptance": getattr(delivery, "acceptance", None),
        "supplier_side": roles.is_supplier_side(user, contract) and delivery.can_be_tracked,
        "may_accept": roles.is_buyer_member(user, contract) and delivery.can_be_accepted,
        "may_link": hub_roles.is_jcc(user) or bool(hub_roles.nap_nation_ids(user)),
        "booking": booking,
        "event_form": forms.get("event_form") or EventForm(),
        "proof_form": forms.get("proof_form") or ProofForm(),
        "booking_form": forms.get("booking_form") or BookingLinkForm(),
        "accept_form": forms.get("accept_form") or _accept_form(delivery)})


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
            services.proof_record(delivery=delivery, by=request.user, upload=form.cleaned_data.pop("file"),
                                  **form.cleaned_data)
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
    form = BookingLinkForm(request.POST)
    if form.is_valid():
        booking = Booking.objects.filter(pk=form.cleaned_data["booking"]).first()
        try:
            if booking is None:
                raise ApplicationError(_("No such booking."), errors={"booking": [_("No such booking.")]})
            services.delivery_link_booking(delivery=delivery, booking=booking, by=request.user)
        except ApplicationError as error:
            _on_form(form, error)
        else:
            messages.success(request, _("The delivery now travels through booking %(n)d.") % {"n": booking.pk})
            return redirect("contracting:delivery-detail", pk=pk)
    return _delivery_page(request, delivery, booking_form=form)


@login_required
@require_POST
def delivery_accept(request, pk: int):
    delivery = _delivery(request.user, pk)
    form = _accept_form(delivery, request.POST)
    if form.is_valid():
        lines = [{"delivery_line": line.pk, "accepted_quantity": form.cleaned_data[f"line_{line.pk}"],
                  "reason": form.cleaned_data[f"reason_{line.pk}"]} for line, _label, _max in form.lines]
        names = {}
        for index, row in enumerate(lines):
            names[f"lines.{index}.accepted_quantity"] = f"line_{row['delivery_line']}"
            names[f"lines.{index}.reason"] = f"reason_{row['delivery_line']}"
        try:
            acceptance = services.delivery_accept(delivery=delivery, by=request.user, lines=lines,
                                                  note=form.cleaned_data["note"])
        except ApplicationError as error:
            _on_form(form, error, names)
        else:
            messages.success(request, _("Goods receipt recorded: %(outcome)s.")
                             % {"outcome": acceptance.get_outcome_display()})
            return redirect("contracting:delivery-detail", pk=pk)
    return _delivery_page(request, delivery, accept_form=form)


@login_required
def tender_contracts(request, tender_pk: int):
    """The contracts of a tender that the user is party to; the buyer's officers draw up the missing ones."""
    tender = get_object_or_404(Tender.objects.select_related("buyer"), pk=tender_pk)
    user = request.user
    is_officer = roles.is_officer_of(user, tender.buyer_id)
    suppliers = Organization.objects.filter(
        pk__in=Award.objects.filter(lot__tender=tender, state=AwardState.FINAL, contract_lot__isnull=True)
        .values("offer__bid__bidder_id")).order_by("legal_name") if is_officer else Organization.objects.none()
    form = DraftForm(request.POST or None, suppliers=suppliers)
    if request.method == "POST":
        if not is_officer:
            raise PermissionDenied
        if form.is_valid():
            data = dict(form.cleaned_data)
            supplier = suppliers.get(pk=data.pop("supplier"))
            try:
                contract = services.contract_draft(tender=tender, supplier=supplier, by=user,
                                                   framework=data.pop("framework"), **data)
            except ApplicationError as error:
                _on_form(form, error)
            else:
                messages.success(request, _("Contract C-%(id)d was drawn up; both sides now sign it.")
                                 % {"id": contract.pk})
                return redirect("contracting:contract-detail", pk=contract.pk)
    return render(request, "contracting/tender_contracts.html", {
        "tender": tender, "contracts": selectors.contract_list_visible_to(user=user).filter(tender=tender),
        "form": form if suppliers else None})


@login_required
def jcc_bookings(request):
    if not hub_roles.is_jcc(request.user):
        raise PermissionDenied
    return render(request, "contracting/jcc_bookings.html",
                  {"deliveries": selectors.booking_links_for_jcc(user=request.user)})
