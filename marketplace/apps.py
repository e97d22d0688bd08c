"""App configuration for marketplace."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketplaceConfig(AppConfig):
    name = "marketplace"
    verbose_name = _("Marketplace")

    def ready(self) -> None:
        # Registering: the object-permission rules, and the audit log's seal on bids until the opening.
        from . import permissions, sealing  # noqa: F401
