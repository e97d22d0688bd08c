"""App configuration for the integrity layer of the marketplace: red flags and abnormally low tenders."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrityConfig(AppConfig):
    name = "marketplace.integrity"
    label = "integrity"
    verbose_name = _("Integrity")
    default_auto_field = "django.db.models.BigAutoField"
