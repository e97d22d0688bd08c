"""The score parts in plain words, for the pages, the API and the dashboard."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ..models import CpvRelation
from .ladder import CpvFit
from .parts import WEIGHTS

PART_LABELS = {
    "text": _("words in common"),
    "availability": _("available in the period"),
    "quantity": _("quantity offered"),
    "distance": _("close to the place of performance"),
    "sme": _("SME preference"),
    "attributes": _("preferred attributes held"),
}


def explain(parts: dict[str, Any]) -> list[str]:
    """The score parts in plain words, for the pages: the capability relation when the fit came from one, and
    how much of the lot's quantity the listing covers when it is not all of it. `parts` is a match's stored
    parts: numbers 0..1, the `partial_ok` flag and the crosswalk relation's id."""
    words = []
    fit = CpvFit.of(parts.get("cpv", 0))  # the step the stored part stands for
    relation = _relation_text(parts.get("relation"))
    if relation:
        words.append(f"{CpvFit.RELATED.label}: {relation} ({WEIGHTS['cpv'] * parts['cpv']:.0f}/{WEIGHTS['cpv']})")
    elif fit is not None:
        words.append(f"{fit.label} ({WEIGHTS['cpv'] * parts['cpv']:.0f}/{WEIGHTS['cpv']})")
    for name, label in PART_LABELS.items():
        if name not in parts:
            continue
        value = parts.get(name, 0)
        words.append(f"{label} ({WEIGHTS[name] * value:.0f}/{WEIGHTS[name]})")
    covers = parts.get("covers")
    if covers is not None and covers < 1:
        share = _("covers %(share)d%%") % {"share": round(100 * covers)}
        if parts.get("fill", 1) < 1:
            share = _("covers only %(share)d%% and the lot takes no partial offers") % {"share": round(100 * covers)}
        words.append(str(share))
    return words


def _relation_text(relation_id: int | None) -> str:
    if not relation_id:
        return ""
    relation = CpvRelation.objects.filter(pk=relation_id).first()
    if relation is None:
        return ""
    return relation.explanation_de if get_language() == "de" else relation.explanation_en
