"""What waits for a user in LogHubs: for an nAP, offers to make for its hubs and offers to accept for its
requests; for the JCC, requests to route; for a hub operator, bookings to schedule and late cancellations to
answer. Two queries, whatever the roles: one over requests, one over offers."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from organizations.models import Organization, User
from organizations.work import CAP, WorkItem

from . import roles
from .models import Offer, OfferState, RequestState, ServiceRequest


def work_waiting_for(*, user: User, organization: Organization | None) -> list[WorkItem]:
    nations, hubs, jcc = roles.nap_nation_ids(user), roles.operated_hub_ids(user), roles.is_jcc(user)
    if not (nations or hubs or jcc):
        return []
    waiting = (
        Q(routed_to__nation_id__in=nations, state=RequestState.COORDINATING)
        | Q(nation_id__in=nations, state=RequestState.DRAFT)
        | Q(routed_to_id__in=hubs, state=RequestState.ACCEPTED)
        | Q(cancellation_requested_at__isnull=False, routed_to__nation_id__in=nations)
        | Q(cancellation_requested_at__isnull=False, routed_to_id__in=hubs)
    )
    if jcc:
        waiting |= Q(state=RequestState.SUBMITTED)
    items = []
    for request in (
        ServiceRequest.objects.filter(waiting)
        .select_related("nation", "routed_to")
        .order_by("period_start", "id")[: CAP * 2]
    ):
        items.append(_request_item(request, nations=nations, hubs=hubs, jcc=jcc))
    for offer in (
        Offer.objects.filter(request__nation_id__in=nations, state=OfferState.OFFERED)
        .select_related("request", "hub")
        .order_by("valid_until", "id")[:CAP]
    ):
        items.append(
            WorkItem(
                _("LH-%(n)d: %(hub)s offers its service; accept or decline it.")
                % {"n": offer.request_id, "hub": offer.hub.name},
                reverse("loghubs:offers"),
                offer.valid_until,
                "loghubs",
            )
        )
    return [item for item in items if item is not None]


def _request_item(request: ServiceRequest, *, nations, hubs, jcc) -> WorkItem | None:
    url = reverse("loghubs:request-detail", args=[request.pk])
    words = {
        "n": request.pk,
        "unit": request.requesting_unit,
        "hub": request.routed_to.name if request.routed_to_id else "",
        "nation": request.nation.legal_name,
    }
    at_my_hub = request.routed_to_id in hubs or (request.routed_to_id and request.routed_to.nation_id in nations)
    if request.cancellation_requested_at and at_my_hub:
        text = _("LH-%(n)d: %(nation)s asks to cancel late; accept or refuse the cancellation.")
        return WorkItem(text % words, url, request.period_start, "loghubs")
    if request.state == RequestState.COORDINATING and request.routed_to.nation_id in nations:
        text = _("LH-%(n)d for %(unit)s was routed to %(hub)s: make your offer.")
    elif request.state == RequestState.DRAFT:
        text = _("LH-%(n)d for %(unit)s is a draft: complete it and submit it to the JCC.")
    elif request.state == RequestState.SUBMITTED and jcc:
        text = _("LH-%(n)d from %(nation)s waits for the JCC to route it to a hub.")
    elif request.state == RequestState.ACCEPTED and request.routed_to_id in hubs:
        text = _("LH-%(n)d at %(hub)s is booked: schedule it.")
        url = reverse("loghubs:hub")
    else:
        return None
    return WorkItem(text % words, url, request.period_start, "loghubs")
