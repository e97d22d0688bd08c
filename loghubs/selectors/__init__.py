"""Reads of the loghubs app: querysets already narrowed to what the user may see, and capacity figures."""

from .capacity import (
    Conflict,
    conflicts_open,
    hub_availability,
    hub_calendar,
    priority_order,
    service_slot_span,
    slots_in_period,
    utilisation,
)
from .requests import (
    booking_list_for_nation,
    booking_list_for_operator,
    cancellations_awaiting,
    conflict_decision_list,
    hub_list,
    may_see_nation,
    offer_list_for_nation,
    request_list_for_jcc,
    request_list_for_nation,
    request_list_for_operator,
)

__all__ = [
    "Conflict",
    "booking_list_for_nation",
    "booking_list_for_operator",
    "cancellations_awaiting",
    "conflict_decision_list",
    "conflicts_open",
    "hub_availability",
    "hub_calendar",
    "hub_list",
    "may_see_nation",
    "offer_list_for_nation",
    "priority_order",
    "request_list_for_jcc",
    "request_list_for_nation",
    "request_list_for_operator",
    "service_slot_span",
    "slots_in_period",
    "utilisation",
]
