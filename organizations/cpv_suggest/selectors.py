"""Reads of the CPV suggester: five suggestions for a text, with tree path and German label where known."""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.errors import ApplicationError

from ..models.cpv import significant_prefix
from . import store
from .engine import ancestors_of, query_text

MAX_TEXT = 5000


def _check(value: str, field: str) -> str:
    if "\x00" in value:
        message = _("The text contains a NUL character.")
        raise ApplicationError(message, errors={field: [message]})
    if len(value) > MAX_TEXT:
        message = _("At most %(n)d characters.") % {"n": MAX_TEXT}
        raise ApplicationError(message, errors={field: [message]})
    return value


def cpv_suggestions(*, title: str = "", text: str = "", limit: int = 5) -> list[dict]:
    """Up to `limit` codes for a title and description, best first (the vocabulary is public: no user filter).

    Titles come from the vocabulary as the process's index was built from it (refreshed on restart or
    `store.reset()`), so a suggestion costs no database query.

    Each: code, title (English, the vocabulary's), title_de (from the curated synonym file, or ''), level,
    confidence (0-1), broader (True when backed off to a group or division), path (ancestors, top first).
    """
    title, text = _check(title or "", "title"), _check(text or "", "text")
    query = query_text(title, text)
    if len(query.strip()) < 3:
        return []
    suggester = store.current_suggester()
    if suggester is None:
        return []
    titles, known = suggester.index.titles, suggester.index.known
    result = []
    for s in suggester.suggest(query, limit=limit):
        path = [
            {"code": a, "title": titles[a], "title_de": store.german_label(a)}
            for a in reversed(ancestors_of(s.code, known))
        ]
        result.append(
            {
                "code": s.code,
                "title": titles[s.code],
                "title_de": store.german_label(s.code),
                "level": len(significant_prefix(s.code)) - 1,
                "confidence": s.confidence,
                "broader": s.broader,
                "path": path,
            }
        )
    return result
