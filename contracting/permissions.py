"""Object-permission rules of contracting: the parties see; the services decide precisely who may do what (which
side signs, who orders, ships or receives), so these rules only let the parties touch an object at all."""

from __future__ import annotations

from organizations.models import User
from organizations.permissions import register_rule

from . import roles
from .models import Contract, ContractRevision, Delivery, Order, TrackingEvent


@register_rule(Contract)
def contract_rule(user: User, action: str, obj: Contract) -> bool:
    return action in ("view", "change") and roles.is_party(user, obj)


@register_rule(ContractRevision)
def revision_rule(user: User, action: str, obj: ContractRevision) -> bool:
    return action in ("view", "change") and roles.is_party(user, obj.contract)


@register_rule(Order)
def order_rule(user: User, action: str, obj: Order) -> bool:
    return action in ("view", "change") and roles.is_party(user, obj.contract)


@register_rule(Delivery)
def delivery_rule(user: User, action: str, obj: Delivery) -> bool:
    return action in ("view", "change") and roles.is_party(user, obj.order.contract)


@register_rule(TrackingEvent)
def event_rule(user: User, action: str, obj: TrackingEvent) -> bool:
    return action == "view" and roles.is_party(user, obj.delivery.order.contract)
