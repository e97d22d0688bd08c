"""The Common Procurement Vocabulary (CPV 2008): codes, titles and the code tree."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import models
from django.utils.translation import gettext_lazy as _


class CpvCode(models.Model):
    """One CPV 2008 code (eight digits, without check digit) with its English title and parent.

    The tree is encoded in the digits: a code's descendants share its significant prefix (the
    code without trailing zeros, at least the two division digits), so subtree queries are
    `code LIKE prefix%` on an index with pattern ops.
    """

    code = models.CharField(_("code"), max_length=8, primary_key=True)
    title = models.CharField(_("title"), max_length=400)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    level = models.PositiveSmallIntegerField(
        _("level"), help_text=_("1 division, 2 group, 3 class, 4 category, 5+ sub-category")
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("CPV code")
        verbose_name_plural = _("CPV codes")
        indexes = [
            models.Index(fields=["code"], name="cpv_code_prefix_idx", opclasses=["varchar_pattern_ops"]),
            GinIndex(SearchVector("title", config="english"), name="cpv_title_search_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def prefix(self) -> str:
        return significant_prefix(self.code)


def significant_prefix(code: str) -> str:
    """The digits that define a code's subtree: '03110000' → '0311'; never shorter than the division."""
    stripped = code.rstrip("0")
    return stripped if len(stripped) >= 2 else code[:2]
