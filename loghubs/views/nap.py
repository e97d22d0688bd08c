"""Pages of a nation's nAP operator: the LogHubs index, the request form, a request's page (with the hub side's
answer to a late cancellation), the offers inbox with accept and decline, and the bookings calendar."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, time, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import ApplicationError
from core.forms import add_application_error

from .. import roles, selectors, services
from ..forms import CancellationDecisionForm, CargoFormSet, ReasonForm, RequestForm, RouteForm
from ..models import HOLDING_BOOKING_STATES, HubService, OfferState, RequestState
from ..next_step import next_step
from .common import (
    hub_side_hubs,
    nap_nations,
    report,
    report_on_form,
    require_loghubs_role,
    visible_offer,
    visible_request,
)

ROWS = 25


def _nation_ids(user) -> list[int]:
    return sorted(roles.nap_nation_ids(user))


def _offers_received(user):
    """Offers made to the nations' requests (newest first)."""
    return [
        offer
        for nation_id in _nation_ids(user)
        for offer in selectors.offer_list_for_nation(user=user, nation_id=nation_id).filter(
            request__nation_id=nation_id
        )
    ]


def _requests_to_answer(user):
    return [
        request
        for nation_id in _nation_ids(user)
        for request in selectors.request_list_for_nation(user=user, nation_id=nation_id, direction="incoming").filter(
            state=RequestState.COORDINATING
        )
    ]


@login_required
def index(request):
    user = request.user
    if roles.is_jcc(user) and not roles.nap_nation_ids(user):
        return redirect("loghubs:jcc-dashboard")
    require_loghubs_role(user)
    context = {
        "is_nap": bool(roles.nap_nation_ids(user)),
        "is_jcc": roles.is_jcc(user),
        "is_hub_operator": roles.is_hub_operator(user),
    }
    if context["is_nap"]:
        context["own_requests"] = [
            r
            for nation_id in _nation_ids(user)
            for r in selectors.request_list_for_nation(user=user, nation_id=nation_id, direction="outgoing")[:ROWS]
        ]
        context["to_answer"] = _requests_to_answer(user)
        context["open_offers"] = [o for o in _offers_received(user) if o.state == OfferState.OFFERED]
        context["bookings"] = [
            b
            for nation_id in _nation_ids(user)
            for b in selectors.booking_list_for_nation(user=user, nation_id=nation_id).filter(
                offer__request__nation_id=nation_id
            )[:ROWS]
        ]
    context["hubs"] = hub_side_hubs(user)
    return render(request, "loghubs/index.html", context)


@login_required
def request_create(request):
    user = request.user
    nations = nap_nations(user)
    if not nations.exists():
        raise PermissionDenied
    hubs = selectors.hub_list()
    form = RequestForm(request.POST or None, nations=nations, hubs=hubs)
    cargo = CargoFormSet(request.POST or None, prefix="cargo")
    if request.method == "POST" and form.is_valid() and cargo.is_valid():
        try:
            with transaction.atomic():
                created = services.request_create(
                    nation=form.cleaned_data["nation"], by=user, cargo=cargo.service_data(), **form.service_data()
                )
                services.request_submit(request=created, by=user)
        except ApplicationError as error:
            report_on_form(form, error)
            _cargo_errors(cargo, error)
        else:
            messages.success(request, _("Request LH-%(id)d was submitted to the JCC.") % {"id": created.pk})
            return redirect("loghubs:request-detail", pk=created.pk)
    return render(request, "loghubs/request_form.html", {"form": form, "cargo": cargo})


def _cargo_errors(cargo, error: ApplicationError) -> None:
    """Errors named `cargo.<index>.<field>` go onto that line of the formset."""
    for key, errors in error.errors.items():
        parts = key.split(".")
        if parts[0] == "cargo" and len(parts) == 3 and parts[1].isdigit():
            forms = [f for f in cargo.forms if f.cleaned_data]
            index = int(parts[1])
            if index < len(forms) and parts[2] in forms[index].fields:
                for message in errors:
                    forms[index].add_error(parts[2], message)


def _quantity_unit(service_request) -> str:
    """A request's quantity counts in the unit of the hub's service: the routed (or requested) hub's."""
    hub_id = service_request.routed_to_id or service_request.target_hub_id
    service = (
        (
            HubService.objects.filter(hub_id=hub_id, kind=service_request.service_kind, is_active=True)
            .order_by("pk")
            .first()
        )
        if hub_id
        else None
    )
    return service.get_unit_display() if service else ""


def _detail_page(request, service_request, *, decision_form: CancellationDecisionForm | None = None):
    user = request.user
    hub = service_request.routed_to
    context = {
        "item": service_request,
        "cargo_lines": service_request.cargo_lines.order_by("position"),
        "offers": service_request.offers.select_related("service").prefetch_related("slot_rows__slot"),
        "is_requester": roles.is_nap_of(user, service_request.nation_id),
        "is_hub_nap": hub is not None and roles.is_nap_of(user, hub.nation_id),
        "reason_form": ReasonForm(),
        "step": next_step(request=service_request, user=user),
        "quantity_unit": _quantity_unit(service_request),
    }
    if roles.is_jcc(user) and service_request.state in {
        RequestState.SUBMITTED,
        RequestState.COORDINATING,
        RequestState.DECLINED,
    }:
        context["route_form"] = RouteForm(hubs=selectors.hub_list(), initial={"hub": service_request.target_hub})
    if context["is_hub_nap"] and service_request.state == RequestState.COORDINATING:
        context["offer_url"] = True
    if service_request.cancellation_requested_at is not None and hub is not None and roles.acts_for_hub(user, hub):
        context["decision_form"] = decision_form if decision_form is not None else CancellationDecisionForm()
    return render(request, "loghubs/request_detail.html", context)


@login_required
def request_detail(request, pk: int):
    return _detail_page(request, visible_request(request.user, pk))


@login_required
def offer_inbox(request):
    user = request.user
    if not roles.nap_nation_ids(user):
        raise PermissionDenied
    offers = _offers_received(user)
    return render(
        request,
        "loghubs/offers.html",
        {
            "open_offers": [o for o in offers if o.state == OfferState.OFFERED],
            "closed_offers": [o for o in offers if o.state != OfferState.OFFERED][:ROWS],
            "reason_form": ReasonForm(),
        },
    )


@login_required
@require_POST
def offer_accept(request, pk: int):
    offer = visible_offer(request.user, pk)
    try:
        bookings = services.offer_accept(offer=offer, by=request.user)
    except ApplicationError as error:
        report(request, error)
    else:
        messages.success(
            request, _("Offer accepted: %(n)d slots booked at %(hub)s.") % {"n": len(bookings), "hub": offer.hub.name}
        )
    return redirect("loghubs:offers")


@login_required
@require_POST
def offer_decline(request, pk: int):
    offer = visible_offer(request.user, pk)
    try:
        services.offer_decline(offer=offer, by=request.user, reason=request.POST.get("reason", ""))
    except ApplicationError as error:
        report(request, error)
    else:
        messages.success(
            request,
            _("The offer was declined; the JCC and %(nation)s may find another way.") % {"nation": offer.hub.nation},
        )
    return redirect("loghubs:offers")


@login_required
@require_POST
def request_cancel(request, pk: int):
    service_request = visible_request(request.user, pk)
    try:
        services.request_cancel(request=service_request, by=request.user, reason=request.POST.get("reason", ""))
    except ApplicationError as error:
        report(request, error)
    else:
        messages.success(request, _("The request was cancelled (or the cancellation waits for the hub)."))
    return redirect("loghubs:request-detail", pk=pk)


@login_required
@require_POST
def request_cancellation_decide(request, pk: int):
    """The hub side agrees to a late cancellation (the slots are freed) or refuses it with a reason."""
    service_request = visible_request(request.user, pk)
    hub = service_request.routed_to
    if hub is None or not roles.acts_for_hub(request.user, hub):
        raise PermissionDenied
    form = CancellationDecisionForm(request.POST)
    if form.is_valid():
        agree = form.cleaned_data["decision"] == "agree"
        try:
            services.request_cancellation_decide(
                request=service_request, by=request.user, agree=agree, reason=form.cleaned_data["reason"]
            )
        except ApplicationError as error:
            if not error.errors:  # nothing to correct on the form (e.g. no cancellation waits any more)
                report(request, error)
                return redirect("loghubs:request-detail", pk=pk)
            add_application_error(form, error)
        else:
            if agree:
                messages.success(
                    request,
                    _("LH-%(id)d was cancelled; its slots at %(hub)s are free again.") % {"id": pk, "hub": hub.name},
                )
            else:
                messages.success(
                    request, _("The cancellation of LH-%(id)d was refused; the booking stands.") % {"id": pk}
                )
            return redirect("loghubs:request-detail", pk=pk)
    return _detail_page(request, service_request, decision_form=form)


def _week_start(raw: str | None):
    day = parse_date(raw or "") or timezone.localdate()
    return day - timedelta(days=day.weekday())


@login_required
def booking_calendar(request):
    """One week per hub and service: how much of the nation's (or its hubs') bookings each day holds."""
    user = request.user
    if not roles.nap_nation_ids(user):
        raise PermissionDenied
    monday = _week_start(request.GET.get("week"))
    days = [monday + timedelta(days=i) for i in range(7)]
    start = timezone.make_aware(datetime.combine(monday, time()))
    end = start + timedelta(days=7)
    rows: dict[tuple, list[int]] = defaultdict(lambda: [0] * 7)
    for nation_id in _nation_ids(user):
        bookings = selectors.booking_list_for_nation(user=user, nation_id=nation_id).filter(
            state__in=HOLDING_BOOKING_STATES, slot__start__lt=end, slot__end__gt=start
        )
        for booking in bookings:
            slot = booking.slot
            for index, day in enumerate(days):
                day_start = timezone.make_aware(datetime.combine(day, time()))
                if slot.start < day_start + timedelta(days=1) and slot.end > day_start:
                    rows[(slot.service.hub.name, slot.service.name, slot.service.get_unit_display())][index] += (
                        booking.quantity
                    )
    return render(
        request,
        "loghubs/bookings.html",
        {
            "days": days,
            "rows": sorted(rows.items()),
            "previous": monday - timedelta(days=7),
            "next": monday + timedelta(days=7),
        },
    )
