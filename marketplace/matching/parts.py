"""The score's parts as SQL, each 0..1 against the lot, and the score and stored parts built from them.

CPV fit on the ladder (.ladder: the step values are columns of the `lots` rows, never numbers in the text),
availability, quantity, distance, SME preference, preferred attributes, and text similarity (the dearest part,
computed last: .pruning); `fill` shrinks the whole score of a listing covering a small share of a lot that takes
no partial offers. The weights (`WEIGHTS`) are the score's one definition.
"""

from __future__ import annotations

from .filters import MEETS
from .ladder import CpvFit, ladder_case

WEIGHTS = {"cpv": 35, "text": 15, "availability": 15, "quantity": 10, "distance": 15, "sme": 5, "attributes": 5}
PARTS = tuple(WEIGHTS)


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

PREFERRED = (
    "CASE WHEN lots.preferred IS NULL THEN 0.5 ELSE (SELECT avg(CASE WHEN "
    + MEETS.format(attrs="l.attributes", terms="t.value")
    + " THEN 1.0 ELSE 0 END)"
    " FROM jsonb_array_elements(lots.preferred) t) END"
)

SME = "CASE WHEN NOT lots.prefer_sme THEN 0.5 WHEN {provider} IN (SELECT id FROM sme_bidders) THEN 1.0 ELSE 0 END"

# A listing's parts other than text, against the lot. Below its share of the lot's quantity a listing's whole
# score shrinks (`fill`: x 0.5 + share), unless the lot allows partial offers: a listing offering 15% cannot
# outrank those that cover the lot.
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

TEXT_FIT = "CASE WHEN lots.query IS NULL THEN 0 ELSE LEAST(1.0, ts_rank({vector}, lots.query) * 5) END"

# The crosswalk relation a listing's fit came from (its codes `best.codes`), named in the explanation only: so
# it is looked up for the lot's best KEEP_PER_LOT alone, after the ranking, never per candidate.
RELATION = """CASE WHEN best.codes IS NULL OR cardinality(lots.related) = 0 OR lots.code = ANY(best.codes)
                   OR best.codes && lots.descendants THEN NULL
              ELSE (SELECT r.id FROM unnest(lots.related, lots.related_ids) r(code, id)
                    WHERE r.code = ANY(best.codes) LIMIT 1) END"""

TOTAL = "fits.fill * (" + " + ".join(f"{weight} * fits.{name}" for name, weight in WEIGHTS.items()) + ")"
PARTIAL = (
    "parts.fill * ("
    + " + ".join(f"{weight} * parts.{name}" for name, weight in WEIGHTS.items() if name != "text")
    + ")"
)
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
