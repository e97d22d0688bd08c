"""Who a LogHubs request waits for, said plainly ("Waiting for Germany's nAP to offer slots at Bremerhaven"),
and the step the current user may take next, with the page where it is taken.

The one place that names the next actor per state, used by the request page, the nAP, hub and JCC overviews.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from organizations.models import User

from . import roles
from .models import RequestState, ServiceRequest


@dataclass(frozen=True)
class NextStep:
    waiting_for: str  # the sentence every viewer reads
    action_label: str = ""  # set when the current user is the one who takes the step
    action_url: str = ""


def waiting_for(request: ServiceRequest) -> str:
    """The sentence saying who must act next; empty once the request has ended."""
    hub = request.routed_to
    if request.cancellation_requested_at is not None and hub is not None:
        return _("Waiting for %(hub)s to agree to or refuse the late cancellation.") % {"hub": hub.name}
    state = request.state
    if state == RequestState.DRAFT:
        return _("Waiting for %(nation)s's nAP to submit it to the JCC.") % {"nation": request.nation}
    if state == RequestState.SUBMITTED:
        return _("Waiting for the JCC to route it to a hub.")
    if state == RequestState.DECLINED:
        return _("Waiting for the JCC to route it to another hub.")
    if hub is None:
        return ""
    if state == RequestState.COORDINATING:
        return _("Waiting for %(nation)s's nAP to offer slots at %(hub)s (or to decline).") % {
            "nation": hub.nation,
            "hub": hub.name,
        }
    if state == RequestState.OFFERED:
        return _("Waiting for %(nation)s's nAP to accept or decline the offer.") % {"nation": request.nation}
    if state in (RequestState.ACCEPTED, RequestState.SCHEDULED):
        return _("Waiting for %(hub)s to check the cargo in when it arrives.") % {"hub": hub.name}
    if state == RequestState.IN_EXECUTION:
        return _("Waiting for %(hub)s to complete the service.") % {"hub": hub.name}
    return ""


def next_step(*, request: ServiceRequest, user: User) -> NextStep:
    """What the request waits for, and the action if `user` is the one it waits for."""
    text, hub, state = waiting_for(request), request.routed_to, request.state
    page = reverse("loghubs:request-detail", args=[request.pk])
    if hub is not None and request.cancellation_requested_at is not None and roles.acts_for_hub(user, hub):
        return NextStep(text, _("Decide on the cancellation"), page + "#cancellation-decision")
    if state == RequestState.COORDINATING and hub is not None and roles.is_nap_of(user, hub.nation_id):
        return NextStep(text, _("Offer slots or decline"), reverse("loghubs:offer-create", args=[request.pk]))
    if state in (RequestState.SUBMITTED, RequestState.DECLINED) and roles.is_jcc(user):
        return NextStep(text, _("Route it to a hub"), page + "#route")
    if state == RequestState.OFFERED and roles.is_nap_of(user, request.nation_id):
        return NextStep(text, _("Accept or decline the offer"), reverse("loghubs:offers"))
    if (
        state in (RequestState.ACCEPTED, RequestState.SCHEDULED, RequestState.IN_EXECUTION)
        and hub is not None
        and roles.acts_for_hub(user, hub)
    ):
        return NextStep(text, _("Open the booking calendar"), reverse("loghubs:bookings"))
    return NextStep(text)
