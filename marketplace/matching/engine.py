"""Scoring in SQL: one set-based statement ranks the eligible candidates of a whole batch of lots.

The score (0-100) adds seven parts, each 0..1 times its weight (the seventh, preferred attributes, below):
- CPV fit through the code tree (same code, narrower, broader, sibling, same group, same division),
- text similarity (PostgreSQL full-text rank of the lot's words in English and German),
- availability overlapping the performance period,
- quantity offered against quantity asked,
- distance to the place of performance (or country / service area when there are no coordinates),
- SME preference when the lot is reserved for SMEs or the procedure is the simplified SME call.
A lot's CPV fit also follows the curated crosswalk of related capabilities (CpvRelation: a job shop coded by
its process for a lot coded by the product) on the ladder's RELATED step, naming the relation; a listing's
preferred typed attributes (marketplace.attributes) add a seventh part; and unless the lot allows partial offers,
a listing covering a small share of the quantity has its whole score shrunk (x 0.5 + share, at most 1).
Hard filters come first, inside the statement: the lot's required attributes (JSON parameters), published,
visible to the buyer, provider not the buyer,
provider holding the required badges, provider not barred from public contracts (established in a country
under an EU ban, or a consortium with such a member; the countries are a parameter), and for a lot reserved
for SMEs an SME provider (a consortium when every member is one; the SME classes are a parameter). Both sets
come from marketplace.bidders, compiled in as subqueries. Export screening of controlled lots is applied per
provider after.

The lots travel as one JSON parameter (`jsonb_to_recordset`), the CPV ladder's values as another (.ladder);
each lot then takes its best candidates in a LATERAL subquery, found through GIN indexes on the listings' CPV
codes and groups, tier by tier, so that in a crowded subtree only the candidates that can still make the list
are scored (.pruning: exact, the same ranking as scoring every candidate). So one statement serves one
tender, one listing against every open lot, or a batch of the full re-match (`INSERT ... SELECT`, no round
trip); each shape is planned once per session (.prepared).

The pieces: the lots' rows and the hard filters in .filters, the parts and the score in .parts, the tiers in
.pruning, the words in .explanations; this module assembles the statement and runs it. The names other modules
import from here stay importable from here (`__all__`).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence

from django.db import connection

from ..models import Match
from .contexts import LotContext, widened_where_thin
from .explanations import PART_LABELS, explain
from .filters import (
    HAS_REQUIRED_BADGES,
    IS_LAWFUL,
    candidate_ids,
    ladder_json,
    lawful,
    listing_is_candidate,
    lots_cte,
    lots_json,
    provider_badges,
    tables,
)
from .parts import (
    CPV_FIT,
    LISTING_CPV_FIT,
    LISTING_PARTS,
    PARTS,
    PARTS_JSON,
    PREFERRED,
    SCORE,
    SME,
    TEXT_FIT,
    TOTAL,
    WEIGHTS,
)
from .prepared import execute_prepared
from .pruning import pruned_fits

__all__ = [
    "CPV_FIT",
    "KEEP_PER_LOT",
    "LISTING_CPV_FIT",
    "PARTS",
    "PART_LABELS",
    "WEIGHTS",
    "candidate_ids",
    "explain",
    "listings_ranked",
    "matches_insert",
    "matches_scored",
]

KEEP_PER_LOT = 50

# The reference the pruning is tested against: every part of every candidate, no bar.
LISTING_FITS_UNPRUNED = """
    SELECT l.id AS listing_id, l.provider_id AS organization_id, {parts}, {text_fit} AS text,
           l.matching_cpv_codes AS codes
    FROM {source} l WHERE {is_candidate}"""

# One listing against each lot: found by its key, every part computed directly.
ONE_LISTING_FITS = """
    SELECT l.id AS listing_id, l.provider_id AS organization_id, {parts}, {text_fit} AS text,
           l.matching_cpv_codes AS codes
    FROM {listings} l WHERE l.id = %s AND {is_candidate}"""

# Organizations by their capability codes, even without a listing: availability and quantity are unknown
# (half marks) and there is no text to compare. They are searched across the lot's whole division.
ORGANIZATION_FITS = """
    SELECT NULL::bigint AS listing_id, o.id AS organization_id, cand.cpv, 0.0::float8 AS text,
           0.5::float8 AS availability, 0.5::float8 AS quantity,
           CASE WHEN o.country = lots.country THEN 1.0 ELSE 0 END AS distance, {sme} AS sme,
           0.5::float8 AS attributes, 1.0::float8 AS fill, NULL::varchar[] AS codes
    FROM (SELECT oc.organization_id, MAX({cpv_fit}) AS cpv FROM {capabilities} oc
          WHERE (oc.cpvcode_id ~>=~ lots.division_low AND oc.cpvcode_id ~<~ lots.division_high)
             OR oc.cpvcode_id = ANY(lots.ancestors) OR oc.cpvcode_id = ANY(lots.related)
          GROUP BY oc.organization_id) cand
    JOIN {organizations} o ON o.id = cand.organization_id
    WHERE o.id <> lots.buyer AND o.kind IN ('company', 'consortium') AND lots.required IS NULL
      AND {has_badges} AND {is_lawful}"""


# Lots that share their CPV scope (the full re-match groups them so) read their candidates from the heap once.
SHARED_CANDIDATES = """, candidates AS MATERIALIZED (
    SELECT id, provider_id, search_vector, matching_cpv_codes, matching_cpv_groups, attributes, available_from,
           available_until, quantity, latitude, longitude, country, service_area, visibility, visible_to_badges,
           state
    FROM {listings}
    WHERE state = 'published' AND (matching_cpv_groups && %s::varchar[] OR matching_cpv_codes && %s::varchar[]
                                   OR matching_cpv_codes && %s::varchar[]))"""

# The tiers carry each candidate's text vector; this much memory keeps a lot of ~15,000 candidates off disk.
# Sent in front of the statement, it lasts to the end of its transaction (an implicit one if none).
ROOM_TO_SORT = "SET LOCAL work_mem = '64MB'; "

SCORED = """WITH {lots}, {provider_badges}, {lawful}{candidates}
SELECT lots.tender_id, lots.lot_id, best.listing_id, best.organization_id, {score} AS score, {parts} AS parts
FROM lots CROSS JOIN LATERAL (
    SELECT * FROM ({fits}) fits ORDER BY {total} DESC, fits.listing_id, fits.organization_id LIMIT {limit}) best"""


def _statement(
    contexts: Sequence[LotContext],
    *,
    of: str,
    only_listing: int | None,
    limit: int,
    shared_scan: bool = False,
    prune: bool = True,
) -> tuple[str, list]:
    """The scoring statement for `contexts` and its parameters, in the shape asked for (see matches_scored)."""
    badges_sql, badges_params = provider_badges()
    lawful_sql, lawful_params = lawful()
    names = tables()
    if of == "listings":
        parts = LISTING_PARTS.format(
            cpv_fit=LISTING_CPV_FIT, sme=SME.format(provider="l.provider_id"), preferred=PREFERRED
        )
        is_candidate = listing_is_candidate(names)
        if only_listing is None:
            source = "candidates" if shared_scan else names["listings"]
            if prune:
                fits = pruned_fits(parts=parts, is_candidate=is_candidate, source=source, limit=limit)
            else:
                fits = LISTING_FITS_UNPRUNED.format(
                    parts=parts,
                    is_candidate=is_candidate,
                    source=source,
                    text_fit=TEXT_FIT.format(vector="l.search_vector"),
                )
        else:
            fits = ONE_LISTING_FITS.format(
                parts=parts, is_candidate=is_candidate, text_fit=TEXT_FIT.format(vector="l.search_vector"), **names
            )
    else:
        fits = ORGANIZATION_FITS.format(
            cpv_fit=CPV_FIT.format(code="oc.cpvcode_id"),
            sme=SME.format(provider="o.id"),
            has_badges=HAS_REQUIRED_BADGES.format(provider="o.id"),
            is_lawful=IS_LAWFUL.format(provider="o.id"),
            **names,
        )
    # Only our own fragments and integers are formatted in; every value is a parameter.
    shared = shared_scan and of == "listings" and only_listing is None
    sql = SCORED.format(
        lots=lots_cte(),
        provider_badges=badges_sql,
        lawful=lawful_sql,
        fits=fits,
        candidates=SHARED_CANDIDATES.format(**names) if shared else "",
        total=TOTAL,
        limit=int(limit),
        score=SCORE,
        parts=PARTS_JSON,
    )
    params = [ladder_json(), lots_json(contexts), *badges_params, *lawful_params]
    if shared:
        params += [
            sorted({g for c in contexts for g in c.scope_groups}),
            sorted({a for c in contexts for a in c.ancestors}),
            sorted({r for c in contexts for r in c.related}),
        ]
    if of == "listings" and only_listing is not None:
        params.append(only_listing)
    return sql, params


def matches_scored(
    contexts: Sequence[LotContext],
    *,
    of: str = "listings",
    only_listing: int | None = None,
    limit: int = KEEP_PER_LOT,
    prune: bool = True,
) -> list[dict]:
    """The best `limit` listings (or organizations, `of="organizations"`) per lot, best first, with their
    score and parts; with `only_listing`, that listing's score in each lot where it is a candidate. `prune=False`
    scores every part of every candidate: the reference the pruned ranking must equal (for tests)."""
    if not contexts:
        return []
    sql, params = _statement(contexts, of=of, only_listing=only_listing, limit=limit, prune=prune)
    with connection.cursor() as cursor:
        execute_prepared(cursor, sql, params, settings=ROOM_TO_SORT)
        columns = [column.name for column in cursor.description]
        rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    for row in rows:  # Django has the driver hand JSON over as text
        row["parts"] = json.loads(row["parts"]) if isinstance(row["parts"], str) else row["parts"]
    return rows


def listings_ranked(contexts: Sequence[LotContext], *, limit: int = KEEP_PER_LOT) -> list[dict]:
    """The best `limit` listings per lot, lots with too few in their CPV group searched across the division."""
    rows = matches_scored(contexts, limit=limit)
    thin = widened_where_thin(contexts, Counter(row["lot_id"] for row in rows), limit)
    widened = {context.lot_id for context in thin}
    return [row for row in rows if row["lot_id"] not in widened] + matches_scored(thin, limit=limit)


def matches_insert(
    contexts: Sequence[LotContext], *, of: str = "listings", limit: int = KEEP_PER_LOT, shared_scan: bool = False
) -> int:
    """Store the best `limit` matches per lot straight from the statement (no rows through Python); with
    `shared_scan`, the candidates of all the lots are read once (for lots sharing a CPV scope)."""
    if not contexts:
        return 0
    sql, params = _statement(contexts, of=of, only_listing=None, limit=limit, shared_scan=shared_scan)
    with connection.cursor() as cursor:
        execute_prepared(
            cursor,
            f"""INSERT INTO {Match._meta.db_table}
                             (tender_id, lot_id, listing_id, organization_id, score, parts, computed_at)
                             SELECT tender_id, lot_id, listing_id, organization_id, score, parts, now()
                             FROM ({sql}) scored""",
            params,
            settings=ROOM_TO_SORT,
        )
        return cursor.rowcount
