"""Who is a candidate for a lot at all, as fragments of the scoring statement: the lots' rows, the hard filters.

A listing is a candidate when it is published, coded within the lot's CPV scope, holds the lot's required
attributes, is visible to the buyer (public, a partner of the buyer, or for badges the buyer holds), is not the
buyer's own, its provider holds the required badges and is not barred from public contracts, and for a lot
reserved for SMEs its provider is an SME. The barred and SME providers come from marketplace.bidders and the
valid badges from compliance.selectors, compiled in as subqueries (core.sql.embedded: one home for each rule);
every value is a parameter. Used by the scoring statement (.engine) and by `candidate_ids`, the bare selection
the benchmark compares the engine with.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection

from compliance.selectors import badges_valid_on
from core.sql import embedded
from organizations.models import Organization

from ..bidders import barred_bidders, sme_bidders
from ..models import CapacityListing
from .contexts import LotContext
from .ladder import CpvFit, ladder_params

# The lots of the batch, one row each, beside the ladder's values (one row, .ladder) as columns.
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
LADDER_COLUMNS = ", ".join(f"{step.param} numeric" for step in CpvFit)

# A listing's attributes `{attrs}` meet the terms `{terms}` (marketplace.attributes.sql_terms): the sets and
# flags by one containment, the numbers and range ends each against their bound. Values are all parameters.
MEETS = """({attrs} @> (({terms})->'contains')
    AND NOT EXISTS (SELECT 1 FROM jsonb_each_text(({terms})->'at_least') m
                    WHERE COALESCE(({attrs} #>> string_to_array(m.key, ','))::float8 < m.value::float8, true))
    AND NOT EXISTS (SELECT 1 FROM jsonb_each_text(({terms})->'at_most') m
                    WHERE COALESCE(({attrs} #>> string_to_array(m.key, ','))::float8 > m.value::float8, true)))"""
HAS_REQUIRED_ATTRIBUTES = "(lots.required IS NULL OR " + MEETS.format(attrs="l.attributes", terms="lots.required") + ")"

# Materialised on first use only, so a batch without badge requirements never reads the badges.
PROVIDER_BADGES = """provider_badges AS MATERIALIZED (
    SELECT organization_id, array_agg(DISTINCT kind)::varchar[] AS kinds FROM ({valid}) valid
    GROUP BY organization_id)"""

# The providers no lot may be matched to, and those that count as SMEs (marketplace.bidders: one rule each).
LAWFUL = """barred AS MATERIALIZED ({barred}), sme_bidders AS MATERIALIZED ({sme})"""
IS_LAWFUL = """{provider} NOT IN (SELECT id FROM barred)
    AND (NOT lots.sme_only OR {provider} IN (SELECT id FROM sme_bidders))"""

HAS_REQUIRED_BADGES = """(cardinality(lots.required_badges) = 0 OR EXISTS (
    SELECT 1 FROM provider_badges b WHERE b.organization_id = {provider} AND b.kinds @> lots.required_badges))"""


# The filters that make a listing a candidate for the lot at all.
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


def lots_cte() -> str:
    return LOTS.format(ladder_columns=LADDER_COLUMNS)


def ladder_json() -> str:
    """The ladder's values as the one-row parameter `lots` reads them from."""
    return json.dumps(ladder_params(), cls=DjangoJSONEncoder)


def lots_json(contexts: Sequence[LotContext]) -> str:
    """The lots as the parameter `lots` reads their rows from."""
    return json.dumps([context.as_row() for context in contexts], cls=DjangoJSONEncoder)


def tables() -> dict[str, str]:
    return {
        "listings": CapacityListing._meta.db_table,
        "organizations": Organization._meta.db_table,
        "partners": CapacityListing.visible_to_partners.through._meta.db_table,
        "capabilities": Organization.capability_codes.through._meta.db_table,
    }


def provider_badges() -> tuple[str, list]:
    """The CTE of each provider's valid badge kinds, with its parameters: compiled from compliance.selectors."""
    valid_sql, valid_params = embedded(badges_valid_on().values("organization_id", "kind"))
    return PROVIDER_BADGES.format(valid=valid_sql), list(valid_params)


def lawful() -> tuple[str, list]:
    """The CTEs of the providers barred from public contracts and of the SMEs, with their parameters (the
    barred countries, the SME classes): compiled from marketplace.bidders, never typed in here."""
    barred_sql, barred_params = embedded(barred_bidders())
    sme_sql, sme_params = embedded(sme_bidders())
    return LAWFUL.format(barred=barred_sql, sme=sme_sql), [*barred_params, *sme_params]


def listing_is_candidate(names: dict[str, str]) -> str:
    """The filters for the listing `l` against the lot `lots`, on the tables `names` (.tables)."""
    return LISTING_IS_CANDIDATE.format(
        has_badges=HAS_REQUIRED_BADGES.format(provider="l.provider_id"),
        has_attributes=HAS_REQUIRED_ATTRIBUTES,
        is_lawful=IS_LAWFUL.format(provider="l.provider_id"),
        **names,
    )


def candidate_ids(context: LotContext) -> list[int]:
    """The bare candidate selection for one lot (the engine's own index and filter, no scoring): the baseline
    the benchmark compares the engine with."""
    badges_sql, badges_params = provider_badges()
    lawful_sql, lawful_params = lawful()
    sql = f"""WITH {lots_cte()}, {badges_sql}, {lawful_sql}
              SELECT l.id FROM lots, {tables()["listings"]} l WHERE {listing_is_candidate(tables())}"""
    with connection.cursor() as cursor:
        # Our own SQL; every value is a parameter.
        cursor.execute(sql, [ladder_json(), lots_json([context]), *badges_params, *lawful_params])
        return [row[0] for row in cursor.fetchall()]
