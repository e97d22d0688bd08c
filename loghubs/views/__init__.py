"""Browser pages of LogHubs. Views read through the selectors and write through the services; a domain error
re-renders the form with the message on its field, or comes back as a message."""

from .hub import (
    booking_check_in,
    booking_complete,
    hub_overview,
    offer_create,
    request_decline,
    service_edit,
    service_slots_open,
)
from .jcc import conflict_resolve, dashboard, request_route
from .nap import (
    booking_calendar,
    index,
    offer_accept,
    offer_decline,
    offer_inbox,
    request_cancel,
    request_cancellation_decide,
    request_create,
    request_detail,
)
from .pickers import booking_pick, hub_pick

__all__ = [
    "booking_calendar",
    "booking_check_in",
    "booking_complete",
    "booking_pick",
    "conflict_resolve",
    "dashboard",
    "hub_overview",
    "hub_pick",
    "index",
    "offer_accept",
    "offer_create",
    "offer_decline",
    "offer_inbox",
    "request_cancel",
    "request_cancellation_decide",
    "request_create",
    "request_decline",
    "request_detail",
    "request_route",
    "service_edit",
    "service_slots_open",
]
