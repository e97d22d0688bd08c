"""The labels of the audit actions LogHubs writes, registered with organizations' audit log."""

from django.utils.translation import gettext_lazy as _

from organizations.audit_actions import register_action_labels

register_action_labels(
    {
        "hub.created": _("Hub created"),
        "hub.updated": _("Hub changed"),
        "hub_service.created": _("Hub service added"),
        "hub_service.updated": _("Hub service changed"),
        "hub_service.slots_opened": _("Slots opened"),
        "hub_link.created": _("Hub connection added"),
        "service_request.created": _("Service request drafted"),
        "service_request.updated": _("Service request changed"),
        "service_request.submitted": _("Service request submitted"),
        "service_request.routed": _("Service request routed to a hub"),
        "service_request.deferred": _("Service request deferred"),
        "service_request.offered": _("Offer made"),
        "service_request.accepted": _("Offer accepted"),
        "service_request.offer_declined": _("Offer declined, back to coordination"),
        "service_request.offer_expired": _("Offer expired, back to coordination"),
        "service_request.scheduled": _("Service request scheduled"),
        "service_request.checked_in": _("Arrived at the hub"),
        "service_request.completed": _("Service request completed"),
        "service_request.no_show": _("Did not arrive (no-show)"),
        "service_request.declined": _("Service request declined"),
        "service_request.expired": _("Service request expired"),
        "service_request.cancelled": _("Service request cancelled"),
        "service_request.cancellation_requested": _("Cancellation requested"),
        "service_request.cancellation_agreed": _("Cancellation agreed"),
        "service_request.cancellation_refused": _("Cancellation refused"),
        "offer.created": _("Hub offer drawn up"),
        "offer.accepted": _("Hub offer accepted"),
        "offer.declined": _("Hub offer declined"),
        "offer.expired": _("Hub offer expired"),
        "booking.checked_in": _("Booking checked in"),
        "booking.completed": _("Booking completed"),
        "booking.cancelled": _("Booking cancelled"),
        "booking.no_show": _("Booking not used (no-show)"),
        "conflict_decision.recorded": _("Conflict decision recorded"),
    }
)
