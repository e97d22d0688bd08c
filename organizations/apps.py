"""App configuration for organizations."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = _("Organizations")

    def ready(self) -> None:
        from . import audit_actions, permissions  # noqa: F401  register the audit labels, object-permission rules
