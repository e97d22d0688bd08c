"""App configuration for invoicing."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvoicingConfig(AppConfig):
    name = "invoicing"
    verbose_name = _("Invoicing")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import audit_actions, ocds, permissions  # noqa: F401  audit labels, object rules, payments in OCDS
