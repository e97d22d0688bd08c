"""App configuration for compliance."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    name = "compliance"
    verbose_name = _("Compliance")

    def ready(self) -> None:
        from . import audit_actions, permissions  # noqa: F401  register the audit labels, object-permission rules
