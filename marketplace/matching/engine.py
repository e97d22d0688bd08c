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
are scored (`_pruned_fits`: exact, the same ranking as scoring every candidate). So one statement serves one
tender, one listing against every open lot, or a batch of the full re-match (`INSERT ... SELECT`, no round
trip); each shape is planned once per session (.prepared).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from compliance.selectors import badges_valid_on
from organizations.models import Organization

from ..bidders import barred_bidders, sme_bidders
from ..models import CapacityListing, CpvRelation, Match
from .contexts import LotContext, widened_where_thin
from .ladder import CpvFit, ladder_case, ladder_params
from .prepared import execute_prepared

WEIGHTS = {"cpv": 35, "text": 15, "availability": 15, "quantity": 10, "distance": 15, "sme": 5, "attributes": 5}
PARTS = tuple(WEIGHTS)
KEEP_PER_LOT = 50
PART_LABELS = {
    "text": _("words in common"),
    "availability": _("available in the period"),
    "quantity": _("quantity offered"),
    "distance": _("close to the place of performance"),
    "sme": _("SME preference"),
    "attributes": _("preferred attributes held"),
}
# Below this share of the lot's quantity a listing's whole score shrinks (x 0.5 + share), unless the lot
# allows partial offers: a listing offering 15% cannot outrank those that cover the lot.

LOTS = """lots AS MATERIALIZED (
    SELECT x.*, ladder.*, x.period_end - x.period_start + 1 AS days,
           CASE WHEN x.words = '' THEN NULL
                ELSE to_tsquery('english', x.words) || to_tsquery('german', x.words) END AS query,
           ARRAY[x.code]::varchar[] || x.descendants || x.related AS codes_a, x.ancestors || x.siblings AS codes_b,
           ARRAY[x.code]::varchar[] || x.descendants || x.related || x.ancestors || x.siblings AS codes_ab
    FROM jsonb_to_record(%s::jsonb) AS ladder({ladder_columns}), jsonb_to_recordset(%s::jsonb) AS x(
        lot_id int, tender_id int, buyer int, code varchar, descendants varchar[], ancestors varchar[],
        siblings varchar[], grp varchar, scope_groups varchar[], division_low varchar, division_high varchar,
        words text, period_start date, period_end date, quantity float8, lat float8, lon float8, country varchar,
        prefer_sme boolean, sme_only boolean, buyer_badges varchar[], required_badges varchar[],
        related varchar[], related_ids int[], partial_ok boolean, required jsonb, preferred jsonb))"""

# A listing's attributes `{attrs}` meet the terms `{terms}` (marketplace.attributes.sql_terms): the sets and
# flags by one containment, the numbers and range ends each against their bound. Values are all parameters.
MEETS = """({attrs} @> (({terms})->'contains')
    AND NOT EXISTS (SELECT 1 FROM jsonb_each_text(({terms})->'at_least') m
                    WHERE COALESCE(({attrs} #>> string_to_array(m.key, ','))::float8 < m.value::float8, true))
    AND NOT EXISTS (SELECT 1 FROM jsonb_each_text(({terms})->'at_most') m
                    WHERE COALESCE(({attrs} #>> string_to_array(m.key, ','))::float8 > m.value::float8, true)))"""
HAS_REQUIRED_ATTRIBUTES = "(lots.required IS NULL OR " + MEETS.format(attrs="l.attributes", terms="lots.required") + ")"
PREFERRED = (
    "CASE WHEN lots.preferred IS NULL THEN 0.5 ELSE (SELECT avg(CASE WHEN "
    + MEETS.format(attrs="l.attributes", terms="t.value")
    + " THEN 1.0 ELSE 0 END)"
    " FROM jsonb_array_elements(lots.preferred) t) END"
)

# Materialised on first use only, so a batch without badge requirements never reads the badges.
PROVIDER_BADGES = """provider_badges AS MATERIALIZED (
    SELECT organization_id, array_agg(DISTINCT kind)::varchar[] AS kinds FROM ({valid}) valid
    GROUP BY organization_id)"""


# The ladder of CPV fit (.ladder) for one candidate code `{code}` against the lot (organizations' capability
# codes), and over a listing's code array (the first step any of its codes reaches is the best one). The step
# values are columns of the `lots` rows, from a parameter.
def _lot_column(step: CpvFit) -> str:
    return f"lots.{step.param}"


CPV_FIT = ladder_case(
    {
        CpvFit.SAME: "{code} = lots.code",
        CpvFit.NARROWER: "{code} = ANY(lots.descendants)",
        CpvFit.RELATED: "{code} = ANY(lots.related)",
        CpvFit.BROADER: "{code} = ANY(lots.ancestors)",
        CpvFit.SIBLING: "{code} = ANY(lots.siblings)",
        CpvFit.GROUP: "left({code}, 3) = lots.grp",
    },
    _lot_column,
)
LISTING_CPV_FIT = ladder_case(
    {
        CpvFit.SAME: "lots.code = ANY(l.matching_cpv_codes)",
        CpvFit.NARROWER: "l.matching_cpv_codes && lots.descendants",
        CpvFit.RELATED: "l.matching_cpv_codes && lots.related",
        CpvFit.BROADER: "l.matching_cpv_codes && lots.ancestors",
        CpvFit.SIBLING: "l.matching_cpv_codes && lots.siblings",
        CpvFit.GROUP: "lots.grp = ANY(l.matching_cpv_groups)",
    },
    _lot_column,
)
LADDER_COLUMNS = ", ".join(f"{step.param} numeric" for step in CpvFit)

# The providers no lot may be matched to, and those that count as SMEs (marketplace.bidders: one rule each).
LAWFUL = """barred AS MATERIALIZED ({barred}), sme_bidders AS MATERIALIZED ({sme})"""
IS_LAWFUL = """{provider} NOT IN (SELECT id FROM barred)
    AND (NOT lots.sme_only OR {provider} IN (SELECT id FROM sme_bidders))"""

HAS_REQUIRED_BADGES = """(cardinality(lots.required_badges) = 0 OR EXISTS (
    SELECT 1 FROM provider_badges b WHERE b.organization_id = {provider} AND b.kinds @> lots.required_badges))"""

SME = "CASE WHEN NOT lots.prefer_sme THEN 0.5 WHEN {provider} IN (SELECT id FROM sme_bidders) THEN 1.0 ELSE 0 END"

# A listing's parts other than text, against the lot, and the filters that make it a candidate at all.
LISTING_PARTS = """
    {cpv_fit} AS cpv,
    GREATEST(0, LEAST(l.available_until, lots.period_end) - GREATEST(l.available_from, lots.period_start) + 1)
      ::float8 / lots.days AS availability,
    CASE WHEN lots.quantity IS NULL THEN 0.5
         ELSE LEAST(1.0, l.quantity::float8 / NULLIF(lots.quantity, 0)) END AS quantity,
    CASE WHEN lots.lat IS NOT NULL AND l.latitude IS NOT NULL THEN
           GREATEST(0, 1 - 6371 * 2 * asin(LEAST(1, sqrt(
             power(sin(radians((l.latitude::float8 - lots.lat) / 2)), 2)
             + cos(radians(lots.lat)) * cos(radians(l.latitude::float8))
               * power(sin(radians((l.longitude::float8 - lots.lon) / 2)), 2)))) / 1000.0)
         WHEN l.country = lots.country OR lots.country = ANY(l.service_area) THEN 1.0
         ELSE 0 END AS distance,
    {sme} AS sme, {preferred} AS attributes,
    CASE WHEN lots.partial_ok THEN 1.0
         ELSE LEAST(1.0, 0.5 + l.quantity::float8 / NULLIF(lots.quantity, 0)) END AS fill"""

# The crosswalk relation a listing's fit came from (its codes `best.codes`), named in the explanation only: so
# it is looked up for the lot's best KEEP_PER_LOT alone, after the ranking, never per candidate.
RELATION = """CASE WHEN best.codes IS NULL OR cardinality(lots.related) = 0 OR lots.code = ANY(best.codes)
                   OR best.codes && lots.descendants THEN NULL
              ELSE (SELECT r.id FROM unnest(lots.related, lots.related_ids) r(code, id)
                    WHERE r.code = ANY(best.codes) LIMIT 1) END"""

LISTING_IS_CANDIDATE = """
    l.state = 'published'
    AND (l.matching_cpv_groups && lots.scope_groups OR l.matching_cpv_codes && lots.ancestors
         OR l.matching_cpv_codes && lots.related)
    AND {has_attributes}
    AND l.provider_id <> lots.buyer
    AND (l.visibility = 'public'
         OR (l.visibility = 'partners' AND EXISTS (
             SELECT 1 FROM {partners} p WHERE p.capacitylisting_id = l.id AND p.organization_id = lots.buyer))
         OR (l.visibility = 'badge_holders' AND l.visible_to_badges <@ lots.buyer_badges))
    AND {has_badges}
    AND {is_lawful}"""

TEXT_FIT = "CASE WHEN lots.query IS NULL THEN 0 ELSE LEAST(1.0, ts_rank({vector}, lots.query) * 5) END"

# A listing's parts without text, its score without text (`partial`), its codes and text vector, for the
# candidates of one tier; `{gate}` stops the tier from being read at all (a one-time filter).
TIER_PARTS = """
        SELECT parts.*, {partial} AS partial FROM (
            SELECT l.id AS listing_id, l.provider_id AS organization_id, l.matching_cpv_codes AS codes,
                   l.search_vector, {parts}
            FROM {source} l WHERE {tier} AND {gate} AND {is_candidate}
            OFFSET 0) parts"""
FIT_COLUMNS = "listing_id, organization_id, cpv, text, availability, quantity, distance, sme, attributes, fill, codes"

# The tiers of candidates by the best ladder step their codes can reach (each a code array of `lots`), and the
# step that bounds what a candidate of the tier can score.
TIERS = (
    ("lots.codes_a", None, CpvFit.SAME),  # the lot's code, narrower codes, related capabilities
    ("lots.codes_b", "lots.codes_a", CpvFit.BROADER),  # broader and sibling codes
    (None, "lots.codes_ab", CpvFit.GROUP),
)  # the rest of the lot's group (or division)


def _bound(step: CpvFit) -> str:
    """The most a candidate whose CPV fit is at most `step` can score in this lot: every other part at its most
    for the lot (text only when the lot has words; SME and preferred attributes stay at 0.5 when the lot asks for
    none), a full fill."""
    most = {
        "cpv": f"lots.{step.param}",
        "text": "CASE WHEN lots.query IS NULL THEN 0 ELSE 1 END",
        "availability": "1",
        "quantity": "1",
        "distance": "1",
        "sme": "CASE WHEN lots.prefer_sme THEN 1 ELSE 0.5 END",
        "attributes": "CASE WHEN lots.preferred IS NULL THEN 0.5 ELSE 1 END",
    }
    return "(" + " + ".join(f"{WEIGHTS[name]} * {most[name]}" for name in WEIGHTS) + ")::float8"


def _pruned_fits(*, parts: str, is_candidate: str, source: str, limit: int) -> str:
    """The candidates that can still make the lot's best `limit`, tier by tier, exactly (the result equals
    ranking every candidate fully: tests/marketplace/test_matching_pruning.py).

    - Tiers. Candidates whose codes reach the ladder's top steps (the lot's code, narrower, related) are ranked
      first, found through the GIN index on the listings' codes; then broader and sibling codes; then the rest of
      the group. A tier is read only when the `limit`-th best score so far (`kept_N`) does not beat the most a
      candidate of the tier can score (`_bound`), so in a crowded subtree most of the group is never read.
    - Text last. Text rank is the dearest part, so it is computed only where it can still matter: within a tier,
      a candidate whose score without text plus the most text can give stays below the bar (the `limit`-th best
      score without text of the tier, or the `limit`-th best score so far) cannot enter the list.
    The margins (1e-9) only keep more rows, against float rounding."""
    offset = int(limit) - 1
    ctes, fitted = [], []
    for n, (codes, not_codes, step) in enumerate(TIERS, start=1):
        kept = f"(SELECT total FROM kept_{n - 1})" if n > 1 else "NULL"
        tier = " AND ".join(
            filter(
                None,
                [
                    f"l.matching_cpv_codes && {codes}" if codes else "",
                    f"NOT (l.matching_cpv_codes && {not_codes})" if not_codes else "",
                ],
            )
        )
        gate = f"NOT COALESCE({kept} > {_bound(step)} + 1e-9, false)" if n > 1 else "true"
        ctes.append(
            f"tier_{n} AS MATERIALIZED ("
            + TIER_PARTS.format(
                parts=parts, is_candidate=is_candidate, source=source, partial=PARTIAL, tier=tier, gate=gate
            )
            + ")"
        )
        ctes.append(f"bar_{n} AS (SELECT partial FROM tier_{n} ORDER BY partial DESC OFFSET {offset} LIMIT 1)")
        ctes.append(f"""fits_{n} AS MATERIALIZED (
            SELECT t.listing_id, t.organization_id, t.cpv, {TEXT_FIT.format(vector="t.search_vector")} AS text,
                   t.availability, t.quantity, t.distance, t.sme, t.attributes, t.fill, t.codes
            FROM tier_{n} t
            WHERE t.partial + t.fill * {WEIGHTS["text"]}
                  >= GREATEST({kept}, (SELECT partial FROM bar_{n}), 0) - 1e-9)""")
        fitted.append(f"SELECT {FIT_COLUMNS} FROM fits_{n}")
        if n < len(TIERS):
            so_far = " UNION ALL ".join(f"SELECT {TOTAL} AS total FROM fits_{m} fits" for m in range(1, n + 1))
            ctes.append(
                f"kept_{n} AS (SELECT total FROM ({so_far}) so_far ORDER BY total DESC OFFSET {offset} LIMIT 1)"
            )
    return "WITH " + ",\n".join(ctes) + "\n" + " UNION ALL ".join(fitted)


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

TOTAL = "fits.fill * (" + " + ".join(f"{weight} * fits.{name}" for name, weight in WEIGHTS.items()) + ")"
PARTIAL = (
    "parts.fill * ("
    + " + ".join(f"{weight} * parts.{name}" for name, weight in WEIGHTS.items() if name != "text")
    + ")"
)
ROUNDED = ", ".join(f"round(best.{name}::numeric, 3)" for name in PARTS)
SCORE = (
    "round(round(best.fill::numeric, 3) * ("
    + " + ".join(f"{weight} * round(best.{name}::numeric, 3)" for name, weight in WEIGHTS.items())
    + "), 1)"
)
PARTS_JSON = (
    "jsonb_build_object("
    + ", ".join(f"'{name}', round(best.{name}::numeric, 3)" for name in PARTS)
    + ", 'fill', round(best.fill::numeric, 3), 'partial_ok', lots.partial_ok, 'relation', "
    + RELATION
    + ","
    " 'covers', CASE WHEN lots.quantity IS NULL THEN NULL ELSE round(best.quantity::numeric, 3) END)"
)

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


def _lots() -> str:
    return LOTS.format(ladder_columns=LADDER_COLUMNS)


def _ladder_json() -> str:
    """The ladder's values as the one-row parameter `lots` reads them from."""
    return json.dumps(ladder_params(), cls=DjangoJSONEncoder)


def _tables() -> dict[str, str]:
    return {
        "listings": CapacityListing._meta.db_table,
        "organizations": Organization._meta.db_table,
        "partners": CapacityListing.visible_to_partners.through._meta.db_table,
        "capabilities": Organization.capability_codes.through._meta.db_table,
    }


def _lawful() -> tuple[str, list]:
    """The CTEs of the providers barred from public contracts and of the SMEs, with their parameters (the
    barred countries, the SME classes): compiled from marketplace.bidders, never typed in here."""
    barred_sql, barred_params = barred_bidders().query.sql_with_params()
    sme_sql, sme_params = sme_bidders().query.sql_with_params()
    return LAWFUL.format(barred=barred_sql, sme=sme_sql), [*barred_params, *sme_params]


def _listing_is_candidate(tables: dict[str, str]) -> str:
    return LISTING_IS_CANDIDATE.format(
        has_badges=HAS_REQUIRED_BADGES.format(provider="l.provider_id"),
        has_attributes=HAS_REQUIRED_ATTRIBUTES,
        is_lawful=IS_LAWFUL.format(provider="l.provider_id"),
        **tables,
    )


def _statement(
    contexts: Sequence[LotContext],
    *,
    of: str,
    only_listing: int | None,
    limit: int,
    shared_scan: bool = False,
    prune: bool = True,
) -> tuple[str, list]:
    valid_sql, valid_params = badges_valid_on().values("organization_id", "kind").query.sql_with_params()
    lawful_sql, lawful_params = _lawful()
    tables = _tables()
    if of == "listings":
        parts = LISTING_PARTS.format(
            cpv_fit=LISTING_CPV_FIT, sme=SME.format(provider="l.provider_id"), preferred=PREFERRED
        )
        is_candidate = _listing_is_candidate(tables)
        if only_listing is None:
            source = "candidates" if shared_scan else tables["listings"]
            if prune:
                fits = _pruned_fits(parts=parts, is_candidate=is_candidate, source=source, limit=limit)
            else:
                fits = LISTING_FITS_UNPRUNED.format(
                    parts=parts,
                    is_candidate=is_candidate,
                    source=source,
                    text_fit=TEXT_FIT.format(vector="l.search_vector"),
                )
        else:
            fits = ONE_LISTING_FITS.format(
                parts=parts, is_candidate=is_candidate, text_fit=TEXT_FIT.format(vector="l.search_vector"), **tables
            )
    else:
        fits = ORGANIZATION_FITS.format(
            cpv_fit=CPV_FIT.format(code="oc.cpvcode_id"),
            sme=SME.format(provider="o.id"),
            has_badges=HAS_REQUIRED_BADGES.format(provider="o.id"),
            is_lawful=IS_LAWFUL.format(provider="o.id"),
            **tables,
        )
    # Only our own fragments and integers are formatted in; every value is a parameter.
    shared = shared_scan and of == "listings" and only_listing is None
    sql = SCORED.format(
        lots=_lots(),
        provider_badges=PROVIDER_BADGES.format(valid=valid_sql),
        lawful=lawful_sql,
        fits=fits,
        candidates=SHARED_CANDIDATES.format(**tables) if shared else "",
        total=TOTAL,
        limit=int(limit),
        score=SCORE,
        parts=PARTS_JSON,
    )
    lots_json = json.dumps([context.as_row() for context in contexts], cls=DjangoJSONEncoder)
    params = [_ladder_json(), lots_json, *valid_params, *lawful_params]
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


def candidate_ids(context: LotContext) -> list[int]:
    """The bare candidate selection for one lot (the engine's own index and filter, no scoring): the baseline
    the benchmark compares the engine with."""
    valid_sql, valid_params = badges_valid_on().values("organization_id", "kind").query.sql_with_params()
    lawful_sql, lawful_params = _lawful()
    sql = f"""WITH {_lots()}, {PROVIDER_BADGES.format(valid=valid_sql)}, {lawful_sql}
              SELECT l.id FROM lots, {_tables()["listings"]} l WHERE {_listing_is_candidate(_tables())}"""
    lots_json = json.dumps([context.as_row()], cls=DjangoJSONEncoder)
    with connection.cursor() as cursor:
        # Our own SQL; every value is a parameter.
        cursor.execute(sql, [_ladder_json(), lots_json, *valid_params, *lawful_params])
        return [row[0] for row in cursor.fetchall()]


def explain(parts: dict[str, float]) -> list[str]:
    """The score parts in plain words, for the pages: the capability relation when the fit came from one, and
    how much of the lot's quantity the listing covers when it is not all of it."""
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
