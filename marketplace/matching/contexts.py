"""What the scoring statement needs to know about each lot, read for a whole batch of lots in a few queries."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from compliance.selectors import badges_valid_on
from organizations.models import CpvCode
from organizations.models.cpv import significant_prefix

from ..attributes import sql_terms
from ..models import CpvRelation, Lot, Procedure

_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
_STOP = {"and", "for", "the", "with", "von", "und", "der", "die", "das", "mit", "lot", "los"}
MAX_WORDS = 24


@dataclass(frozen=True)
class LotContext:
    """One lot as the scoring statement sees it; `scope_groups` are the 3-digit CPV groups searched."""

    lot_id: int
    tender_id: int
    buyer: int
    code: str
    descendants: tuple[str, ...]
    ancestors: tuple[str, ...]
    siblings: tuple[str, ...]
    grp: str
    scope_groups: tuple[str, ...]
    division_low: str
    division_high: str
    words: str
    period_start: date
    period_end: date
    quantity: Decimal | None
    lat: Decimal | None
    lon: Decimal | None
    country: str
    prefer_sme: bool
    sme_only: bool
    buyer_badges: tuple[str, ...]
    required_badges: tuple[str, ...]
    classification: str
    # Capabilities coded elsewhere that serve this lot (CpvRelation, expanded to their subtrees), with the
    # relation each code comes from; typed attributes required (None: none) and preferred (one term each).
    related: tuple[str, ...] = ()
    related_ids: tuple[int, ...] = ()
    partial_ok: bool = False
    required: dict | None = None
    preferred: tuple[dict, ...] | None = None

    @property
    def controlled(self) -> bool:
        """Export screening needs licences and rules the statement cannot judge: those lots are screened after."""
        return self.classification != "not_listed"

    @property
    def can_widen(self) -> bool:
        return self.scope_groups != _division_groups(self.grp[:2])

    def widened(self) -> LotContext:
        """The same lot searched across its whole CPV division (for lots with few candidates in their group)."""
        return replace(self, scope_groups=_division_groups(self.grp[:2]))

    def as_row(self) -> dict:
        return {name: getattr(self, name) for name in _FIELD_NAMES}


_FIELD_NAMES = tuple(f.name for f in fields(LotContext))
# The CPV 2008 vocabulary never changes once loaded, so each code's neighbours are read once per process.
_NEIGHBOURS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {}


def widened_where_thin(contexts: Iterable[LotContext], found: dict[int, int], limit: int) -> list[LotContext]:
    """The lots with fewer than `limit` listings found in their CPV group, widened to their whole division
    (a listing only in the division scores at most 7 of 35 for CPV, so this is the exception)."""
    return [context.widened() for context in contexts if context.can_widen and found.get(context.lot_id, 0) < limit]


def _division_groups(division: str) -> tuple[str, ...]:
    return tuple(f"{division}{digit}" for digit in range(10))


def lot_scope(code: str) -> tuple[str, ...]:
    """The CPV groups searched for a lot's candidates: its own group, or its whole division when the lot is
    coded at division level."""
    return (code[:3],) if len(significant_prefix(code)) >= 3 else _division_groups(code[:2])


def lot_words(*texts: str) -> str:
    """The lot's distinctive words as an OR query for to_tsquery (letters only, so nothing needs escaping)."""
    words = sorted({w.lower() for w in _WORD.findall(" ".join(texts))} - _STOP)[:MAX_WORDS]
    return " | ".join(words)


Neighbours = dict[str, tuple[str, ...]]


def _cpv_neighbours(codes: set[str]) -> dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]]:
    """Descendants, ancestors and siblings of each code, from the process cache or the vocabulary."""
    missing = codes - _NEIGHBOURS.keys()
    if missing:
        descendants, ancestors, siblings = _cpv_neighbours_read(missing)
        if len(_NEIGHBOURS) > 20_000:  # more than the vocabulary: it was reloaded or replaced
            _NEIGHBOURS.clear()
        _NEIGHBOURS.update(
            {code: (descendants.get(code, ()), ancestors.get(code, ()), siblings.get(code, ())) for code in missing}
        )
    return {code: _NEIGHBOURS[code] for code in codes}


def _cpv_neighbours_read(codes: set[str]) -> tuple[Neighbours, Neighbours, Neighbours]:
    """Descendants, ancestors and siblings of each code in the vocabulary (three queries in all), so the
    statement compares arrays instead of unnesting each listing's codes."""
    table = CpvCode._meta.db_table
    with connection.cursor() as cursor:
        # ~>=~ and ~<~ compare bytewise and use the prefix index; ':' sorts right after '9'.
        cursor.execute(
            f"""
            SELECT p.code, array_agg(c.code ORDER BY c.code)
            FROM unnest(%s::varchar[], %s::varchar[]) AS p(code, prefix)
            JOIN {table} c ON c.code ~>=~ p.prefix AND c.code ~<~ (p.prefix || ':') AND c.code <> p.code
            GROUP BY p.code
        """,  # noqa: S608
            [sorted(codes), [significant_prefix(code) for code in sorted(codes)]],
        )
        descendants = {code: tuple(found) for code, found in cursor.fetchall()}
        cursor.execute(
            f"""
            WITH RECURSIVE up(start, parent) AS (
                SELECT code, parent_id FROM {table} WHERE code = ANY(%s)
                UNION ALL
                SELECT up.start, c.parent_id FROM up JOIN {table} c ON c.code = up.parent)
            SELECT start, array_agg(parent ORDER BY parent) FROM up WHERE parent IS NOT NULL GROUP BY start
        """,  # noqa: S608 - the table name is our model's, values are parameters
            [sorted(codes)],
        )
        ancestors = {code: tuple(chain) for code, chain in cursor.fetchall()}
        cursor.execute(
            f"""
            SELECT c.code, array_agg(s.code ORDER BY s.code) FROM {table} c
            JOIN {table} s ON s.parent_id = c.parent_id AND s.code <> c.code
            WHERE c.code = ANY(%s) GROUP BY c.code
        """,  # noqa: S608
            [sorted(codes)],
        )
        siblings = {code: tuple(found) for code, found in cursor.fetchall()}
    return descendants, ancestors, siblings


def _related(codes_with_ancestors: dict[str, tuple[str, ...]]) -> dict[str, tuple[tuple[str, ...], tuple[int, ...]]]:
    """For each lot code, the provider codes related to it or to an ancestor (with their subtrees) and the
    relation each comes from; the first relation found for a code wins."""
    needs = {code: (code, *ancestors) for code, ancestors in codes_with_ancestors.items()}
    relations = list(
        CpvRelation.objects.filter(need__in={n for chain in needs.values() for n in chain})
        .order_by("id")
        .values_list("id", "need", "offer")
    )
    if not relations:
        return {}
    subtrees = _cpv_neighbours({offer for _id, _need, offer in relations})
    found = {}
    for code, chain in needs.items():
        pairs: dict[str, int] = {}
        for relation_id, need, offer in relations:
            if need in chain:
                for related in (offer, *subtrees[offer][0]):
                    pairs.setdefault(related, relation_id)
        if pairs:
            found[code] = (tuple(pairs), tuple(pairs.values()))
    return found


def lot_contexts(lots: Iterable[Lot], *, widen: bool = False) -> list[LotContext]:
    """Contexts for lots loaded with `select_related("tender")`; the buyers' badges are read once for all."""
    lots = list(lots)
    if not lots:
        return []
    neighbours = _cpv_neighbours({lot.cpv_id for lot in lots})
    related = _related({code: found[1] for code, found in neighbours.items()})
    badges: dict[int, set[str]] = {}
    for organization_id, kind in (
        badges_valid_on()
        .filter(organization_id__in={lot.tender.buyer_id for lot in lots})
        .values_list("organization_id", "kind")
    ):
        badges.setdefault(organization_id, set()).add(kind)
    contexts = []
    for lot in lots:
        tender = lot.tender
        division = lot.cpv_id[:2]
        start = tender.performance_start or timezone.localdate(tender.submission_deadline)
        end = max(tender.performance_end or start + timedelta(days=90), start)
        context = LotContext(
            lot_id=lot.pk,
            tender_id=tender.pk,
            buyer=tender.buyer_id,
            code=lot.cpv_id,
            descendants=neighbours[lot.cpv_id][0],
            ancestors=neighbours[lot.cpv_id][1],
            siblings=neighbours[lot.cpv_id][2],
            grp=lot.cpv_id[:3],
            scope_groups=lot_scope(lot.cpv_id),
            division_low=division,
            division_high=f"{int(division) + 1:02d}",
            words=lot_words(tender.title, lot.title, lot.description),
            period_start=start,
            period_end=end,
            quantity=lot.quantity,
            lat=tender.performance_latitude,
            lon=tender.performance_longitude,
            country=str(tender.performance_country),
            prefer_sme=lot.sme_only or tender.procedure == Procedure.SIMPLIFIED_SME,
            sme_only=lot.sme_only,
            buyer_badges=tuple(sorted(badges.get(tender.buyer_id, ()))),
            required_badges=tuple(tender.required_badges),
            classification=lot.export_classification,
            related=related.get(lot.cpv_id, ((), ()))[0],
            related_ids=related.get(lot.cpv_id, ((), ()))[1],
            partial_ok=lot.partial_offers or lot.quantity is None,
            required=sql_terms(lot.required_attributes) if lot.required_attributes else None,
            preferred=tuple(sql_terms({name: value}) for name, value in lot.preferred_attributes.items()) or None,
        )
        contexts.append(context.widened() if widen else context)
    return contexts
