"""Writes of the loghubs app: hubs and slots, requests, JCC routing and conflict decisions, offers, bookings."""

from .bookings import booking_check_in, booking_complete, bookings_mark_no_show, bookings_release
from .hubs import hub_create, hub_link_create, hub_service_create, hub_service_update, hub_update, slots_open
from .offers import offer_accept, offer_create, offer_decline, offers_expire, requests_expire
from .requests import (
    request_cancel,
    request_cancellation_decide,
    request_create,
    request_decline,
    request_schedule,
    request_submit,
    request_update,
)
from .routing import conflict_resolve, request_route

__all__ = [
    "booking_check_in",
    "booking_complete",
    "bookings_mark_no_show",
    "bookings_release",
    "conflict_resolve",
    "hub_create",
    "hub_link_create",
    "hub_service_create",
    "hub_service_update",
    "hub_update",
    "offer_accept",
    "offer_create",
    "offer_decline",
    "offers_expire",
    "request_cancel",
    "request_cancellation_decide",
    "request_create",
    "request_decline",
    "request_route",
    "request_schedule",
    "request_submit",
    "request_update",
    "requests_expire",
    "slots_open",
]
