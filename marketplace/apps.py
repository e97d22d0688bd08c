"""App configuration for marketplace."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketplaceConfig(AppConfig):
    name = "marketplace"
    verbose_name = _("Marketplace")

    def ready(self) -> None:
        # Registering: the audit actions' labels, the object-permission rules, the audit log's seal on bids until
        # the opening, and the listings' and lots' chosen codes as the CPV suggester's examples (organizations may
        # not import us).
        from organizations.cpv_suggest import register_example_source

        from . import audit_actions, permissions, sealing  # noqa: F401
        from .cpv_examples import SOURCE

        register_example_source(SOURCE)
