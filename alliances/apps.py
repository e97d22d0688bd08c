"""App configuration for alliances."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlliancesConfig(AppConfig):
    name = "alliances"
    verbose_name = _("Alliances")

    def ready(self) -> None:
        from . import audit_actions, permissions  # noqa: F401  audit labels, object rules, consortium bidding check
