"""Reads of the CPV suggester: five suggestions for a text, with tree path and German label where known."""

from __future__ import annotations

from django.utils.translation import gettext as _

from config.errors import ApplicationError

from ..models import CpvCode
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
    suggestions = suggester.suggest(query, limit=limit)
    wanted = {s.code for s in suggestions}
    for s in suggestions:
        wanted.update(ancestors_of(s.code, suggester.index.known))
    rows = {row.code: row for row in CpvCode.objects.filter(code__in=wanted).only("code", "title", "level")}
    result = []
    for s in suggestions:
        row = rows.get(s.code)
        if row is None:
            continue
        path = [{"code": a, "title": rows[a].title, "title_de": store.german_label(a)}
                for a in reversed(ancestors_of(s.code, suggester.index.known)) if a in rows]
        result.append({"code": s.code, "title": row.title, "title_de": store.german_label(s.code),
                       "level": row.level, "confidence": s.confidence, "broader": s.broader, "path": path})
    return result
