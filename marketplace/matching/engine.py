"""Scoring in SQL: one set-based query per lot ranks every eligible candidate and keeps the best.

The score (0-100) adds six parts, each 0..1 times its weight:
- CPV fit through the code tree (same code, narrower, broader, sibling, same group, same division),
- text similarity (PostgreSQL full-text rank of the lot's words in English and German),
- availability overlapping the performance period,
- quantity offered against quantity asked,
- distance to the place of performance (or country / service area when there are no coordinates),
- SME preference when the lot is reserved for SMEs or the procedure is the simplified SME call.
Hard filters come first, inside the same query: published, visible to the buyer, provider not the buyer,
provider holding the required badges. Export screening of controlled lots is applied per provider after.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from compliance.selectors import badges_valid_on, organizations_with_badges
from organizations.models import CpvCode
from organizations.models.cpv import significant_prefix

from ..models import Lot, Procedure, Tender

WEIGHTS = {"cpv": 35, "text": 15, "availability": 20, "quantity": 10, "distance": 15, "sme": 5}
KEEP_PER_LOT = 50
SME_CLASSES = ("micro", "small", "medium")
CPV_LEVELS = {"1.0": _("same CPV code"), "0.9": _("a narrower CPV code"), "0.7": _("a broader CPV code"),
              "0.6": _("a sibling CPV code"), "0.4": _("the same CPV group"), "0.2": _("the same CPV division")}
PART_LABELS = {"text": _("words in common"), "availability": _("available in the period"),
               "quantity": _("quantity offered"), "distance": _("close to the place of performance"),
               "sme": _("SME preference")}
_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
_STOP = {"and", "for", "the", "with", "von", "und", "der", "die", "das", "mit", "lot", "los"}


@dataclass(frozen=True)
class LotContext:
    """Everything about a lot the scoring query needs, read once."""

    lot_id: int
    tender_id: int
    buyer_id: int
    code: str
    prefix: str
    ancestors: tuple[str, ...]
    siblings: tuple[str, ...]
    division: str
    group: str
    words: str
    period_start: date
    period_end: date
    quantity: Decimal | None
    latitude: Decimal | None
    longitude: Decimal | None
    country: str
    prefer_sme: bool
    required_badges: tuple[str, ...]
    buyer_badges: tuple[str, ...]
    classification: str


def _ancestors(code: CpvCode) -> tuple[str, ...]:
    chain, node = [], code.parent
    while node is not None:
        chain.append(node.code)
        node = node.parent
    return tuple(chain)


def _siblings(code: CpvCode) -> tuple[str, ...]:
    if not code.parent_id:
        return ()
    return tuple(CpvCode.objects.filter(parent_id=code.parent_id).exclude(code=code.code).values_list(
        "code", flat=True))


def lot_context(lot: Lot, tender: Tender, buyer_badges: tuple[str, ...]) -> LotContext:
    text = f"{tender.title} {lot.title} {lot.description}"
    words = sorted({w.lower() for w in _WORD.findall(text)} - _STOP)[:24]
    start = tender.performance_start or timezone.localdate(tender.submission_deadline)
    end = tender.performance_end or start + timedelta(days=90)
    return LotContext(
        lot_id=lot.pk, tender_id=tender.pk, buyer_id=tender.buyer_id, code=lot.cpv_id,
        prefix=significant_prefix(lot.cpv_id), ancestors=_ancestors(lot.cpv), siblings=_siblings(lot.cpv),
        division=lot.cpv_id[:2],
        group=lot.cpv_id[:3], words=" | ".join(words), period_start=start, period_end=max(end, start),
        quantity=lot.quantity, latitude=tender.performance_latitude, longitude=tender.performance_longitude,
        country=str(tender.performance_country),
        prefer_sme=lot.sme_only or tender.procedure == Procedure.SIMPLIFIED_SME,
        required_badges=tuple(tender.required_badges), buyer_badges=buyer_badges,
        classification=lot.export_classification)


# The ladder of CPV fit; `code` is the candidate's code column. Siblings (children of the lot's parent) are
# passed as a list, so no join with the vocabulary table is needed.
CPV_FIT = """
    MAX(CASE WHEN {code} = %(code)s THEN 1.0
             WHEN {code} LIKE %(prefix_like)s THEN 0.9
             WHEN {code} = ANY(%(ancestors)s) THEN 0.7
             WHEN {code} = ANY(%(siblings)s) THEN 0.6
             WHEN left({code}, 3) = %(group)s THEN 0.4
             ELSE 0.2 END)"""

# Candidates share the lot's CPV group (or its division, for a lot coded at division level), or carry one
# of the lot's broader codes. A listing only in the same division scores at most 0.2 × 35 = 7 for CPV, so
# widening to the division is left to lots that find fewer than KEEP_PER_LOT candidates in their group.
LISTING_CANDIDATES = """
    SELECT lc.listing_id, {cpv_fit} AS cpv_fit
    FROM marketplace_listingcpvcode lc
    WHERE (lc.code_id LIKE %(scope_like)s OR lc.code_id = ANY(%(ancestors)s)) {only_listing}
    GROUP BY lc.listing_id
"""

VISIBLE_AND_ELIGIBLE = """
    l.state = 'published' AND l.provider_id <> %(buyer)s
    AND (l.visibility = 'public'
         OR (l.visibility = 'partners' AND EXISTS (
             SELECT 1 FROM marketplace_capacitylisting_visible_to_partners p
             WHERE p.capacitylisting_id = l.id AND p.organization_id = %(buyer)s))
         OR (l.visibility = 'badge_holders' AND l.visible_to_badges <@ %(buyer_badges)s::varchar[]))
    {badge_filter}
"""

LISTING_SCORE = """
    WITH candidates AS ({candidates})
    SELECT l.id, l.provider_id, cand.cpv_fit,
           CASE WHEN %(words)s = '' THEN 0 ELSE
             LEAST(1.0, ts_rank(l.search_vector, to_tsquery('english', %(words)s) || to_tsquery('german', %(words)s))
                        * 5) END AS text_fit,
           GREATEST(0, LEAST(l.available_until, %(period_end)s) - GREATEST(l.available_from, %(period_start)s) + 1)
             ::numeric / (%(period_end)s - %(period_start)s + 1) AS availability_fit,
           CASE WHEN %(quantity)s::numeric IS NULL THEN 0.5
                ELSE LEAST(1.0, l.quantity / NULLIF(%(quantity)s::numeric, 0)) END AS quantity_fit,
           CASE WHEN %(lat)s::numeric IS NOT NULL AND l.latitude IS NOT NULL THEN
                  GREATEST(0, 1 - 6371 * 2 * asin(sqrt(
                    power(sin(radians((l.latitude - %(lat)s::numeric) / 2)), 2)
                    + cos(radians(%(lat)s::numeric)) * cos(radians(l.latitude))
                      * power(sin(radians((l.longitude - %(lon)s::numeric) / 2)), 2))) / 1000.0)
                WHEN l.country = %(country)s OR %(country)s = ANY(l.service_area) THEN 1.0
                ELSE 0 END AS distance_fit,
           CASE WHEN NOT %(prefer_sme)s THEN 0.5 WHEN o.sme_class IN %(sme)s THEN 1.0 ELSE 0 END AS sme_fit
    FROM candidates cand
    JOIN marketplace_capacitylisting l ON l.id = cand.listing_id
    JOIN organizations_organization o ON o.id = l.provider_id
    WHERE {visible}
"""

ORGANIZATION_SCORE = """
    WITH candidates AS (
        SELECT oc.organization_id, {cpv_fit} AS cpv_fit
        FROM organizations_organization_capability_codes oc
        WHERE oc.cpvcode_id LIKE %(scope_like)s OR oc.cpvcode_id = ANY(%(ancestors)s)
        GROUP BY oc.organization_id)
    SELECT o.id, cand.cpv_fit,
           CASE WHEN o.country = %(country)s THEN 1.0 ELSE 0 END AS distance_fit,
           CASE WHEN NOT %(prefer_sme)s THEN 0.5 WHEN o.sme_class IN %(sme)s THEN 1.0 ELSE 0 END AS sme_fit
    FROM candidates cand JOIN organizations_organization o ON o.id = cand.organization_id
    WHERE o.id <> %(buyer)s AND o.kind IN ('company', 'consortium') {badge_filter}
"""


def _badge_filter(context: LotContext, column: str) -> tuple[str, list]:
    if not context.required_badges:
        return "", []
    sql, params = organizations_with_badges(kinds=list(context.required_badges)).values("pk").query.sql_with_params()
    return f"AND {column} IN ({sql})", list(params)


def _params(context: LotContext, *, widen: bool = False) -> dict:
    scope = context.division if widen or len(context.prefix) < 3 else context.group
    return {"code": context.code, "prefix_like": context.prefix + "%", "ancestors": list(context.ancestors),
            "siblings": list(context.siblings), "group": context.group, "scope_like": scope + "%",
            "buyer": context.buyer_id,
            "buyer_badges": list(context.buyer_badges), "words": context.words,
            "period_start": context.period_start, "period_end": context.period_end, "quantity": context.quantity,
            "lat": context.latitude, "lon": context.longitude, "country": context.country,
            "prefer_sme": context.prefer_sme, "sme": SME_CLASSES}


def _total(parts: dict[str, float]) -> Decimal:
    return Decimal(sum(WEIGHTS[name] * value for name, value in parts.items())).quantize(Decimal("0.1"))


def _positional(sql: str, params: dict, extra: list) -> tuple[str, list]:
    """psycopg2 cannot mix named and positional parameters: inline the badge subquery's params by name."""
    for index, value in enumerate(extra):
        key = f"badge_param_{index}"
        sql = sql.replace("%s", f"%({key})s", 1)
        params[key] = value
    return sql, params


def score_listings(context: LotContext, *, limit: int = KEEP_PER_LOT, only_listing: int | None = None,
                   widen: bool = False) -> list[dict]:
    """The best `limit` listings for the lot, with their score parts (0..1 each); with `only_listing`, that
    listing's score alone (for re-ranking one new or changed listing into the lot)."""
    badge_sql, badge_params = _badge_filter(context, "l.provider_id")
    only = "AND lc.listing_id = %(only_listing)s" if only_listing is not None else ""
    sql = LISTING_SCORE.format(
        candidates=LISTING_CANDIDATES.format(cpv_fit=CPV_FIT.format(code="lc.code_id"), only_listing=only),
        visible=VISIBLE_AND_ELIGIBLE.format(badge_filter=badge_sql))
    params = _params(context, widen=widen or only_listing is not None) | {"only_listing": only_listing}
    sql, params = _positional(sql, params, badge_params)
    # Only constants and our own SQL fragments are formatted in; every value goes in as a parameter.
    scored = f"""SELECT * FROM ({sql}) s ORDER BY
        {WEIGHTS['cpv']} * cpv_fit + {WEIGHTS['text']} * text_fit + {WEIGHTS['availability']} * availability_fit
        + {WEIGHTS['quantity']} * quantity_fit + {WEIGHTS['distance']} * distance_fit + {WEIGHTS['sme']} * sme_fit
        DESC, id LIMIT {int(limit)}"""
    with connection.cursor() as cursor:
        cursor.execute(scored, params)
        rows = cursor.fetchall()
    results = []
    for listing_id, provider_id, *fits in rows:
        parts = dict(zip(["cpv", "text", "availability", "quantity", "distance", "sme"],
                         (round(float(f), 3) for f in fits), strict=True))
        results.append({"listing_id": listing_id, "organization_id": provider_id, "parts": parts,
                        "score": _total(parts)})
    if len(results) < limit and only_listing is None and not widen and len(context.prefix) >= 3:
        return score_listings(context, limit=limit, widen=True)  # too few in the group: look at the division
    return results


def score_organizations(context: LotContext, *, limit: int = KEEP_PER_LOT) -> list[dict]:
    """Organizations whose capability codes fit the lot, even without a listing (availability and quantity
    unknown: half marks)."""
    badge_sql, badge_params = _badge_filter(context, "o.id")
    sql, params = _positional(ORGANIZATION_SCORE.format(cpv_fit=CPV_FIT.format(code="oc.cpvcode_id"),
                                                        badge_filter=badge_sql),
                              _params(context, widen=True), badge_params)
    scored = f"""SELECT * FROM ({sql}) s ORDER BY
        {WEIGHTS['cpv']} * cpv_fit + {WEIGHTS['distance']} * distance_fit + {WEIGHTS['sme']} * sme_fit DESC, id
        LIMIT {int(limit)}"""
    with connection.cursor() as cursor:
        cursor.execute(scored, params)
        rows = cursor.fetchall()
    results = []
    for organization_id, cpv_fit, distance_fit, sme_fit in rows:
        parts = {"cpv": round(float(cpv_fit), 3), "text": 0.0, "availability": 0.5, "quantity": 0.5,
                 "distance": round(float(distance_fit), 3), "sme": round(float(sme_fit), 3)}
        results.append({"listing_id": None, "organization_id": organization_id, "parts": parts,
                        "score": _total(parts)})
    return results


def candidate_ids(context: LotContext) -> list[int]:
    """The bare candidate selection (same filters, no scoring): the baseline the benchmark compares with."""
    badge_sql, badge_params = _badge_filter(context, "l.provider_id")
    sql = f"""SELECT l.id FROM marketplace_capacitylisting l
              WHERE l.id IN (SELECT listing_id FROM marketplace_listingcpvcode
                             WHERE code_id LIKE %(scope_like)s OR code_id = ANY(%(ancestors)s))
              AND {VISIBLE_AND_ELIGIBLE.format(badge_filter=badge_sql)}"""
    sql, params = _positional(sql, _params(context), badge_params)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def buyer_badges(buyer_id: int) -> tuple[str, ...]:
    return tuple(sorted(set(badges_valid_on().filter(organization_id=buyer_id).values_list("kind", flat=True))))


def explain(parts: dict[str, float]) -> list[str]:
    """The score parts in plain words, for the pages."""
    words = []
    cpv = f"{parts.get('cpv', 0):.1f}"
    if cpv in CPV_LEVELS:
        words.append(f"{CPV_LEVELS[cpv]} ({WEIGHTS['cpv'] * parts['cpv']:.0f}/{WEIGHTS['cpv']})")
    for name, label in PART_LABELS.items():
        value = parts.get(name, 0)
        words.append(f"{label} ({WEIGHTS[name] * value:.0f}/{WEIGHTS[name]})")
    return words
