"""App configuration for alliances."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlliancesConfig(AppConfig):
    name = "alliances"
    verbose_name = _("Alliances")

    def ready(self) -> None:
        from . import permissions  # noqa: F401  registers object rules and the consortium bidding check
