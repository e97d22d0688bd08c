"""Comparing two versions of an agreement clause by clause (difflib), at word or at line level."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Any

from django.utils.translation import gettext as _

from core.errors import ApplicationError

from ..models import AgreementVersion

TOKENS = {"word": re.compile(r"\s+|[^\s]+"), "line": re.compile(r"[^\n]*\n|[^\n]+")}


def _segments(before: str, after: str, level: str) -> list[dict[str, str]]:
    """The text as runs of equal, removed and added pieces; joining equal+removed gives `before`, equal+added
    gives `after`."""
    a, b = TOKENS[level].findall(before), TOKENS[level].findall(after)
    segments: list[dict[str, str]] = []

    def add(op: str, tokens: list[str]) -> None:
        if not tokens:
            return
        if segments and segments[-1]["op"] == op:
            segments[-1]["text"] += "".join(tokens)
        else:
            segments.append({"op": op, "text": "".join(tokens)})

    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            add("equal", a[i1:i2])
        else:
            add("removed", a[i1:i2])
            add("added", b[j1:j2])
    return segments


def _merged_keys(a: list[str], b: list[str]) -> list[str]:
    """The keys of `b` in order, with keys only in `a` placed after the key that preceded them in `a`."""
    order = list(b)
    for index, key in enumerate(a):
        if key not in order:
            previous = a[index - 1] if index else None
            order.insert(order.index(previous) + 1 if previous in order else 0, key)
    return order


def agreement_diff(*, version_a: AgreementVersion, version_b: AgreementVersion, level: str = "word") -> list[dict]:
    """The clauses that differ between two versions of one agreement, in order. Each entry has the clause's key,
    topic and title, `status` (added, removed or changed), `title_before`/`title_after`, `before`/`after`
    texts, and `segments`: [{"op": "equal" | "removed" | "added", "text"}] at `level` ("word" or "line")."""
    if version_a.agreement_id != version_b.agreement_id:
        message = _("Both versions must belong to the same agreement.")
        raise ApplicationError(message, errors={"version_b": [message]})
    if level not in TOKENS:
        raise ApplicationError(_("Compare by word or by line."), errors={"level": [_("Choose word or line.")]})
    clauses_a = {clause["key"]: clause for clause in version_a.clauses}
    clauses_b = {clause["key"]: clause for clause in version_b.clauses}
    result: list[dict[str, Any]] = []
    for key in _merged_keys(list(clauses_a), list(clauses_b)):
        old, new = clauses_a.get(key), clauses_b.get(key)
        if old and new and old["text"] == new["text"] and old["title"] == new["title"]:
            continue
        status = "added" if old is None else "removed" if new is None else "changed"
        before, after = (old or {}).get("text", ""), (new or {}).get("text", "")
        result.append(
            {
                "key": key,
                "topic": (new or old)["topic"],
                "title": (new or old)["title"],
                "status": status,
                "title_before": (old or {}).get("title", ""),
                "title_after": (new or {}).get("title", ""),
                "before": before,
                "after": after,
                "segments": _segments(before, after, level),
            }
        )
    return result
