"""Pruning the candidates of a lot tier by tier, so only those that can still make its list are scored.

In a crowded subtree most of a lot's CPV group cannot reach its best few: the candidates whose codes reach the
ladder's top steps are ranked first, and a lower tier is read only when it can still beat the list so far.
Exact: the same ranking as scoring every candidate (tests/marketplace/test_matching_pruning.py).
"""

from __future__ import annotations

from .ladder import CpvFit
from .parts import PARTIAL, TEXT_FIT, TOTAL, WEIGHTS

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


def bound(step: CpvFit) -> str:
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


def pruned_fits(*, parts: str, is_candidate: str, source: str, limit: int) -> str:
    """The candidates that can still make the lot's best `limit`, tier by tier, exactly (the result equals
    ranking every candidate fully: tests/marketplace/test_matching_pruning.py).

    - Tiers. Candidates whose codes reach the ladder's top steps (the lot's code, narrower, related) are ranked
      first, found through the GIN index on the listings' codes; then broader and sibling codes; then the rest of
      the group. A tier is read only when the `limit`-th best score so far (`kept_N`) does not beat the most a
      candidate of the tier can score (`bound`), so in a crowded subtree most of the group is never read.
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
        gate = f"NOT COALESCE({kept} > {bound(step)} + 1e-9, false)" if n > 1 else "true"
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
