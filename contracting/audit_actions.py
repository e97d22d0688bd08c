"""The labels of the audit actions contracting writes, registered with organizations' audit log."""

from django.utils.translation import gettext_lazy as _

from organizations.audit_actions import register_action_labels

register_action_labels(
    {
        "contract.drafted": _("Contract drafted"),
        "contract.signed": _("Contract signed by one side"),
        "contract.fully_signed": _("Contract signed by both sides"),
        "contract.activated": _("Contract in force"),
        "contract.amendment_proposed": _("Contract amendment proposed"),
        "contract.amended": _("Contract amended"),
        "contract.terminated": _("Contract terminated"),
        "contract.completed": _("Contract fulfilled"),
        "order.placed": _("Order placed"),
        "order.confirmed": _("Order confirmed"),
        "order.shipped": _("Order shipped"),
        "order.completed": _("Order completed"),
        "order.reopened": _("Order reopened"),
        "order.cancelled": _("Order cancelled"),
        "delivery.announced": _("Delivery announced"),
        "delivery.booking_linked": _("Delivery linked to a hub booking"),
        "delivery.in_transit": _("Delivery in transit"),
        "delivery.delivered": _("Delivery delivered"),
        "delivery.overdue": _("Delivery overdue"),
        "delivery.proof_recorded": _("Proof of delivery recorded"),
        "delivery.received": _("Goods receipt recorded"),
    }
)
