"""App configuration for contracting."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractingConfig(AppConfig):
    name = "contracting"
    verbose_name = _("Contracting")

    def ready(self) -> None:
        from . import audit_actions, integrity, permissions  # noqa: F401  audit labels, amendment red flags, rules
