"""Object-permission rules of LogHubs, decided from platform roles: the services re-check each write precisely
(which nation may accept, which may offer), these rules decide who may look at or touch an object at all."""

from __future__ import annotations

from organizations.models import User
from organizations.permissions import register_rule

from . import roles, selectors
from .models import Booking, ConflictDecision, Hub, HubLink, HubService, Offer, ServiceRequest, Slot


def _manages_hub(user: User, hub: Hub) -> bool:
    return user.is_platform_admin or roles.acts_for_hub(user, hub)


@register_rule(Hub)
def hub_rule(user: User, action: str, obj: Hub) -> bool:
    return True if action == "view" else _manages_hub(user, obj)


@register_rule(HubService)
def hub_service_rule(user: User, action: str, obj: HubService) -> bool:
    return True if action == "view" else _manages_hub(user, obj.hub)


@register_rule(Slot)
def slot_rule(user: User, action: str, obj: Slot) -> bool:
    return True if action == "view" else _manages_hub(user, obj.service.hub)


@register_rule(HubLink)
def hub_link_rule(user: User, action: str, obj: HubLink) -> bool:
    return True if action == "view" else (user.is_platform_admin or roles.is_jcc(user))


# Who may *see* a request, an offer or a booking is the selectors' one rule (`selectors.*_visibility`); these rules
# only add who may act on it.
@register_rule(ServiceRequest)
def request_rule(user: User, action: str, obj: ServiceRequest) -> bool:
    if action == "view":
        return selectors.may_view_request(user=user, service_request=obj)
    hub = obj.routed_to
    return roles.is_nap_of(user, obj.nation_id) or (hub is not None and roles.acts_for_hub(user, hub))


@register_rule(Offer)
def offer_rule(user: User, action: str, obj: Offer) -> bool:
    if action == "view":
        return selectors.may_view_offer(user=user, offer=obj)
    return roles.is_nap_of(user, obj.request.nation_id) or roles.is_nap_of(user, obj.hub.nation_id)


@register_rule(Booking)
def booking_rule(user: User, action: str, obj: Booking) -> bool:
    if action == "view":
        return selectors.may_view_booking(user=user, booking=obj)
    return roles.is_nap_of(user, obj.offer.request.nation_id) or roles.acts_for_hub(user, obj.offer.hub)


@register_rule(ConflictDecision)
def conflict_decision_rule(user: User, action: str, obj: ConflictDecision) -> bool:
    return action == "view" and roles.is_jcc(user)
