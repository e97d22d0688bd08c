"""App configuration for contracting."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractingConfig(AppConfig):
    name = "contracting"
    verbose_name = _("Contracting")

    def ready(self) -> None:
        from . import integrity, permissions  # noqa: F401  register the amendment red flags, object-permission rules
