"""App configuration for loghubs."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LogHubsConfig(AppConfig):
    name = "loghubs"
    verbose_name = _("LogHubs")

    def ready(self) -> None:
        from . import audit_actions, permissions  # noqa: F401  register the audit labels, object-permission rules
