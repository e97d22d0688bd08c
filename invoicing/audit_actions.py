"""The labels of the audit actions invoicing writes, registered with organizations' audit log."""

from django.utils.translation import gettext_lazy as _

from organizations.audit_actions import register_action_labels

register_action_labels(
    {
        "invoice.store": _("Invoice saved"),
        "invoice.send": _("Invoice sent"),
        "invoice.approve": _("Invoice approved"),
        "invoice.dispute": _("Invoice disputed"),
        "invoice.answer": _("Dispute answered"),
        "invoice.reject": _("Invoice rejected"),
        "invoice.pay": _("Payment recorded"),
        "payout": _("Receipt split among consortium members"),
    }
)
