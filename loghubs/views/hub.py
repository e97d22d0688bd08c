"""Pages of the hub side: the hub nation's nAP answers routed requests with an offer or a decline; hub operators
keep their services' capacity, open their slots, and check bookings in and complete them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.errors import ApplicationError
from core.formatting import format_datetime

from .. import roles, selectors, services
from ..forms import OfferForm, ReasonForm, ServiceCapacityForm, SlotsOpenForm
from ..models import HOLDING_BOOKING_STATES, Booking, HubService, RequestState, ServiceRequest, Slot
from .common import hub_side_hubs, report, report_on_form, visible_booking, visible_request

LIVE_STATES = (
    RequestState.COORDINATING,
    RequestState.OFFERED,
    RequestState.ACCEPTED,
    RequestState.SCHEDULED,
    RequestState.IN_EXECUTION,
)


@login_required
def hub_overview(request):
    user = request.user
    hubs = list(hub_side_hubs(user).prefetch_related("services"))
    if not hubs:
        raise PermissionDenied
    hub_ids = [hub.pk for hub in hubs]
    nap_nations = roles.nap_nation_ids(user)
    to_answer = [
        r
        for nation_id in sorted(nap_nations)
        for r in selectors.request_list_for_nation(user=user, nation_id=nation_id, direction="incoming").filter(
            state=RequestState.COORDINATING
        )
    ]
    bookings = (
        Booking.objects.filter(slot__service__hub_id__in=hub_ids, state__in=HOLDING_BOOKING_STATES)
        .select_related("slot__service__hub", "offer__request__nation")
        .order_by("slot__start", "id")[:100]
    )
    # Hub operators follow every live request routed to their hubs, with who it waits for (the offer itself is
    # the nation's: its nAP sends it; README "LogHubs: who makes the offer").
    routed = (
        ServiceRequest.objects.filter(routed_to_id__in=roles.operated_hub_ids(user), state__in=LIVE_STATES)
        .select_related("nation", "routed_to__nation")
        .order_by("period_start", "id")[:100]
    )
    return render(
        request,
        "loghubs/hub_overview.html",
        {
            "hubs": hubs,
            "to_answer": to_answer,
            "bookings": bookings,
            "routed": routed,
            "cancellations": selectors.cancellations_awaiting(user=user),
            "operated": roles.operated_hub_ids(user),
        },
    )


def _routed_to_my_nation(user, pk: int):
    service_request = visible_request(user, pk)
    hub = service_request.routed_to
    if hub is None or not roles.is_nap_of(user, hub.nation_id):
        raise PermissionDenied
    return service_request, hub


@login_required
def offer_create(request, pk: int):
    service_request, hub = _routed_to_my_nation(request.user, pk)
    if service_request.state != RequestState.COORDINATING:
        messages.info(
            request,
            _("This request is %(state)s; it does not wait for an offer.")
            % {"state": service_request.get_state_display().lower()},
        )
        return redirect("loghubs:request-detail", pk=pk)
    services_qs = HubService.objects.filter(hub=hub, kind=service_request.service_kind, is_active=True)
    slots = (
        Slot.objects.filter(
            service__in=services_qs, start__lt=service_request.period_end, end__gt=service_request.period_start
        )
        .select_related("service")
        .order_by("start")
    )
    form = OfferForm(request.POST or None, services=services_qs, slots=slots)
    if request.method == "POST" and form.is_valid():
        try:
            offer = services.offer_create(request=service_request, by=request.user, **form.service_data())
        except ApplicationError as error:
            report_on_form(form, error)
        else:
            messages.success(
                request,
                _("Offer sent to %(nation)s; it is valid until %(when)s.")
                % {"nation": service_request.nation, "when": format_datetime(offer.valid_until)},
            )
            return redirect("loghubs:hub")
    return render(
        request,
        "loghubs/offer_form.html",
        {"form": form, "item": service_request, "hub": hub, "decline_form": ReasonForm()},
    )


@login_required
@require_POST
def request_decline(request, pk: int):
    service_request, _hub = _routed_to_my_nation(request.user, pk)
    try:
        services.request_decline(request=service_request, by=request.user, reason=request.POST.get("reason", ""))
    except ApplicationError as error:
        report(request, error)
        return redirect("loghubs:offer-create", pk=pk)
    messages.success(request, _("LH-%(id)d was declined; the JCC may route it elsewhere.") % {"id": pk})
    return redirect("loghubs:hub")


def _managed_service(user, pk: int) -> HubService:
    """A service of a hub the user answers for; any other is 404."""
    service = HubService.objects.select_related("hub__nation").filter(pk=pk, hub__in=hub_side_hubs(user)).first()
    if service is None:
        raise Http404
    return service


def _service_page(request, service: HubService, *, form=None, slots_form=None):
    return render(
        request,
        "loghubs/service_form.html",
        {
            "service": service,
            "form": form if form is not None else ServiceCapacityForm(initial=ServiceCapacityForm.initial_for(service)),
            "slots_form": slots_form if slots_form is not None else SlotsOpenForm(),
            "span": selectors.service_slot_span(service=service, after=timezone.now()),
        },
    )


@login_required
def service_edit(request, pk: int):
    service = _managed_service(request.user, pk)
    form = ServiceCapacityForm(request.POST or None, initial=ServiceCapacityForm.initial_for(service))
    if request.method == "POST" and form.is_valid():
        try:
            services.hub_service_update(service=service, by=request.user, **form.cleaned_data)
        except ApplicationError as error:
            report_on_form(form, error)
        else:
            messages.success(request, _("%(service)s was saved.") % {"service": service.name})
            return redirect("loghubs:hub")
    return _service_page(request, service, form=form)


@login_required
@require_POST
def service_slots_open(request, pk: int):
    """Open the service's bookable slots over a period; errors come back on the form of the service's page."""
    service = _managed_service(request.user, pk)
    form = SlotsOpenForm(request.POST)
    if form.is_valid():
        try:
            created = services.slots_open(service=service, by=request.user, **form.cleaned_data)
        except ApplicationError as error:
            report_on_form(form, error)
        else:
            if created:
                messages.success(
                    request,
                    ngettext("%(n)d slot opened for %(service)s.", "%(n)d slots opened for %(service)s.", created)
                    % {"n": created, "service": service.name},
                )
            else:
                messages.info(request, _("No new slots: every slot in this period was already open."))
            return redirect("loghubs:service-edit", pk=pk)
    return _service_page(request, service, slots_form=form)


@login_required
@require_POST
def booking_check_in(request, pk: int):
    booking = visible_booking(request.user, pk)
    try:
        group = services.booking_check_in(booking=booking, by=request.user)
    except ApplicationError as error:
        report(request, error)
    else:
        messages.success(request, _("Checked in: %(n)d slots.") % {"n": len(group)})
    return redirect("loghubs:hub")


@login_required
@require_POST
def booking_complete(request, pk: int):
    booking = visible_booking(request.user, pk)
    try:
        group = services.booking_complete(booking=booking, by=request.user)
    except ApplicationError as error:
        report(request, error)
    else:
        messages.success(request, _("Completed: %(n)d slots.") % {"n": len(group)})
    return redirect("loghubs:hub")
