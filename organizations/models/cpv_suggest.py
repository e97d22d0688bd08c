"""The stored trained layer of the CPV suggester (retrieval itself is rebuilt from the vocabulary)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CpvSuggesterModel(models.Model):
    """One training run of the CPV suggester's layer on the platform's confirmed codes.

    `payload` is the pickled layer, compressed; `digest` is its HMAC-SHA256 under the SECRET_KEY, checked
    before unpickling so that only what this platform trained is ever loaded. Every process uses the
    newest row; older rows are pruned after each run.
    """

    created_at = models.DateTimeField(_("trained at"), auto_now_add=True)
    example_count = models.PositiveIntegerField(_("confirmed examples"))
    class_count = models.PositiveIntegerField(_("distinct codes"))
    payload = models.BinaryField(_("trained layer"))
    digest = models.CharField(_("HMAC-SHA256 of the layer"), max_length=64)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("CPV suggester training run")
        verbose_name_plural = _("CPV suggester training runs")

    def __str__(self) -> str:
        return f"CPV suggester {self.created_at:%Y-%m-%d %H:%M} ({self.example_count} examples)"
