"""Who can deliver which lot: a shortlist per lot in one SQL query, then the marketplace's eligibility rules.

Fit score per (organization, lot), 0-100, integer so the solver can use it as is:
- CPV fit × 90, on the matching engine's ladder (marketplace.matching.ladder, its values passed as parameters):
  same code, narrower, broader, sibling, same group, else same division (the crosswalk of related capabilities
  is the engine's alone) — the best of the organization's capability codes and the codes of its published public
  listings. Nothing outside the lot's division is a candidate.
- +6 when a published public listing fits the lot: capacity actually on offer, not only a declared capability.
  (Partners-only and badge-holder listings are left out: naming them in a reason would reveal them.)
- +4 when the organization is established in the tender's country of performance.
The ladder is scaled to 90 rather than 100 so that the bonuses still separate two same-code candidates.

Hard filters run in SQL first (companies only, not the buyer, not excluded, required badges through
compliance.selectors.organizations_with_badges, SME-only lots to micro/small/medium). The Python eligibility check
(marketplace.eligibility.eligibility_problems: badges again, the registered checks, SME reservation, export
screening) costs a few queries per call, so it runs only on the shortlist and there lazily: the solver proposes,
the pairs its suggestion uses are checked, and a failed pair drops with the rest of its lot's ineligible candidates
before solving again (solver.solve_best). The answer stays exact: the optimum over a superset of the eligible pairs
that uses only eligible pairs is the optimum over the eligible pairs.

The shortlist is bounded so that 20 lots × 10,000 organizations stays within the 2-second target:
- per lot the best `candidates_per_lot` candidates by fit;
- the "generalists", which make small consortia: organizations that fit several lots of the tender, grouped by the
  exact set of lots they fit, the best PER_SIGNATURE of each group by total score (at most 10 × candidates_per_lot,
  widest first). Organizations that fit the same lots are interchangeable for the member count, so keeping the best
  of each group keeps the fewest-members answer while dropping thousands of twins (strictly so when no per-member
  cap, country or SME option singles out a twin that was left out);
- the best candidate per country and lot when several countries are asked for, the best three SMEs per lot when an
  SME is asked for, and every organization named in `include`.
The solver's optimality is proven over this shortlist, not over every organization on the platform.

What each score rests on (the best-fitting code, capability or listing, the lower code on a tie; the provider's
lowest-numbered listing with that fit) is picked while the fits are aggregated, and a provider's listings are read
once per code (`listed`): per shortlisted pair lookups of the provider's listings took most of the query's time on a
platform where some providers keep hundreds of listings.
"""

from __future__ import annotations

from django.db import connection
from django.utils.translation import gettext as _

from compliance.selectors import organizations_with_badges
from core.sql import embedded
from marketplace.eligibility import eligibility_problems
from marketplace.matching.ladder import CpvFit, ladder_case, ladder_params, named_placeholder
from marketplace.models import LotState, Tender
from organizations.models import SME_CLASSES, Organization
from organizations.models.cpv import significant_prefix

from .types import BuilderOptions, Candidate, CandidatePool

CPV_SCALE, LISTING_BONUS, HOME_BONUS = 90, 6, 4
PER_SIGNATURE = 2

# The ladder for one candidate code `c` against the lot, on the lot's code tree (no crosswalk step).
LADDER = ladder_case(
    conditions={
        CpvFit.SAME: "c.code = lot.code",
        CpvFit.NARROWER: "c.code LIKE lot.prefix || '%%'",
        CpvFit.BROADER: "lot.code LIKE rtrim(c.code, '0') || '%%'",
        CpvFit.SIBLING: "c.parent_id = lot.parent",
        CpvFit.GROUP: "left(c.code, 3) = left(lot.code, 3)",
    },
    value=named_placeholder,
)

SHORTLIST = """
WITH lot AS (
    SELECT * FROM unnest(%(lot_ids)s::integer[], %(codes)s::varchar[], %(prefixes)s::varchar[],
                         %(parents)s::varchar[], %(sme_only)s::boolean[]) AS t(lot_id, code, prefix, parent, sme_only)
), listed AS (
    -- Per provider and code, its first public listing: a provider's many listings of the same codes are read once.
    SELECT l.provider_id, lc.code_id AS code, min(l.id) AS listing_id
    FROM marketplace_listingcpvcode lc
    JOIN marketplace_capacitylisting l ON l.id = lc.listing_id AND {public_listing}
    WHERE left(lc.code_id, 2) IN (SELECT left(code, 2) FROM lot)
    GROUP BY l.provider_id, lc.code_id
), capable AS (
    SELECT lot_id, organization_id, max(fit) AS fit, (array_agg(code ORDER BY fit DESC, code))[1] AS code
    FROM (SELECT lot.lot_id, oc.organization_id, c.code, {ladder} AS fit
          FROM lot
          JOIN organizations_organization_capability_codes oc ON left(oc.cpvcode_id, 2) = left(lot.code, 2)
          JOIN organizations_cpvcode c ON c.code = oc.cpvcode_id) t
    GROUP BY lot_id, organization_id
), offering AS (
    SELECT lot_id, organization_id, max(fit) AS fit, (array_agg(code ORDER BY fit DESC, code))[1] AS code,
           (array_agg(listing_id ORDER BY fit DESC, listing_id))[1] AS listing_id
    FROM (SELECT lot.lot_id, ls.provider_id AS organization_id, c.code, ls.listing_id, {ladder} AS fit
          FROM lot
          JOIN listed ls ON left(ls.code, 2) = left(lot.code, 2)
          JOIN organizations_cpvcode c ON c.code = ls.code) t
    GROUP BY lot_id, organization_id
), scored AS MATERIALIZED (
    SELECT b.lot_id, b.organization_id, b.fit, b.offered, b.code, b.listing_id, o.country, o.sme_class,
           o.sme_class = ANY(%(sme_classes)s::varchar[]) AS is_sme,
           (round(b.fit * {cpv_scale}) + CASE WHEN b.offered THEN {listing_bonus} ELSE 0 END
            + CASE WHEN o.country = %(country)s THEN {home_bonus} ELSE 0 END)::integer AS score
    FROM (SELECT lot_id, organization_id, greatest(capable.fit, offering.fit) AS fit,
                 offering.fit IS NOT NULL AS offered, offering.listing_id,
                 -- What the score rests on: the best-fitting code, capability or listing, the lower on a tie.
                 CASE WHEN offering.fit IS NULL OR capable.fit > offering.fit THEN capable.code
                      WHEN capable.fit IS NULL OR offering.fit > capable.fit THEN offering.code
                      ELSE least(capable.code, offering.code) END AS code
          FROM capable FULL JOIN offering USING (lot_id, organization_id)) b
    JOIN lot ON lot.lot_id = b.lot_id
    JOIN (SELECT * FROM organizations_organization o
          WHERE o.kind = 'company' AND o.id <> %(buyer)s AND o.id <> ALL(%(excluded)s::integer[]) {badge_filter}
          ) o ON o.id = b.organization_id
    WHERE NOT lot.sme_only OR o.sme_class = ANY(%(sme_classes)s::varchar[])
), ranked AS (
    SELECT s.*, row_number() OVER (PARTITION BY lot_id ORDER BY score DESC, organization_id) AS rank
           {extra_ranks}
    FROM scored s
), signatures AS (
    SELECT organization_id, array_agg(lot_id ORDER BY lot_id) AS lots, sum(score) AS total
    FROM scored GROUP BY organization_id HAVING count(*) > 1
), generalists AS (
    SELECT organization_id FROM (
        SELECT organization_id, lots, total,
               row_number() OVER (PARTITION BY lots ORDER BY total DESC, organization_id) AS signature_rank
        FROM signatures) s
    WHERE signature_rank <= %(per_signature)s
    ORDER BY cardinality(lots) DESC, total DESC, organization_id LIMIT %(generalists)s
), shortlist AS (
    SELECT * FROM ranked r
    WHERE r.rank <= %(fetch)s {extra_filter} OR r.organization_id = ANY(%(included)s::integer[])
       OR r.organization_id IN (SELECT organization_id FROM generalists)
)
SELECT r.lot_id, r.organization_id, r.score, r.fit, r.code, r.listing_id, coalesce(listing.title, ''), r.country,
       r.sme_class
FROM shortlist r
LEFT JOIN marketplace_capacitylisting listing ON listing.id = r.listing_id
ORDER BY r.lot_id, r.rank
"""
# Partners-only and badge-holder listings are left out: naming them in a reason would reveal them.
PUBLIC_LISTING = "l.state = 'published' AND l.visibility = 'public'"
# Only computed when the options ask for several countries or an SME: each window is a sort of every scored pair.
COUNTRY_RANK = ", row_number() OVER (PARTITION BY lot_id, country ORDER BY score DESC, organization_id) AS country_rank"
SME_RANK = ", row_number() OVER (PARTITION BY lot_id, is_sme ORDER BY score DESC, organization_id) AS sme_rank"


def _badge_filter(tender: Tender, params: dict) -> str:
    if not tender.required_badges:
        return ""
    sql, badge_params = embedded(organizations_with_badges(kinds=list(tender.required_badges)).values("pk"))
    # psycopg2 takes named or positional parameters, not both: name the subquery's parameters.
    for index, value in enumerate(badge_params):
        sql = sql.replace("%s", f"%(badge_{index})s", 1)
        params[f"badge_{index}"] = value
    return f"AND o.id IN ({sql})"


def _shortlist_rows(tender: Tender, lots: list, options: BuilderOptions) -> list[tuple]:
    k = options.candidates_per_lot
    params = {
        "lot_ids": [lot.pk for lot in lots],
        "codes": [lot.cpv_id for lot in lots],
        "prefixes": [significant_prefix(lot.cpv_id) for lot in lots],
        "parents": [lot.cpv.parent_id or "" for lot in lots],
        "sme_only": [lot.sme_only for lot in lots],
        "country": str(tender.performance_country),
        "buyer": tender.buyer_id,
        "excluded": list(options.exclude),
        "included": list(options.include),
        "fetch": k,
        "per_signature": PER_SIGNATURE,
        "generalists": 10 * k,
        "sme_classes": list(SME_CLASSES),  # organizations' one definition, as a parameter
        **ladder_params(),
    }
    extra_ranks, extra_filter = "", ""
    if options.countries_needed > 1:
        extra_ranks += COUNTRY_RANK
        extra_filter += " OR r.country_rank <= 1"
    if options.needs_sme:
        extra_ranks += SME_RANK
        extra_filter += " OR (r.is_sme AND r.sme_rank <= 3)"
    badge_filter = _badge_filter(tender, params)
    sql = SHORTLIST.format(
        ladder=LADDER,
        public_listing=PUBLIC_LISTING,
        cpv_scale=CPV_SCALE,
        listing_bonus=LISTING_BONUS,
        home_bonus=HOME_BONUS,
        badge_filter=badge_filter,
        extra_ranks=extra_ranks,
        extra_filter=extra_filter,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _anyone_fits(lot) -> bool:
    division = lot.cpv_id[:2] + "%"
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT EXISTS (SELECT 1 FROM organizations_organization_capability_codes
                                         WHERE cpvcode_id LIKE %s)
                          OR EXISTS (SELECT 1 FROM marketplace_listingcpvcode lc
                                     JOIN marketplace_capacitylisting l ON l.id = lc.listing_id
                                     WHERE lc.code_id LIKE %s AND l.state = 'published')""",
            [division, division],
        )
        return cursor.fetchone()[0]


class _Eligibility:
    """eligibility_problems per (organization, lot), remembered per (organization, SME reservation, export
    classification): those are the only properties of a lot the rules read (besides its number, which only
    appears in the wording), and the registered checks see only the organization and the tender."""

    def __init__(self, tender: Tender, organizations: dict[int, Organization]) -> None:
        self.tender, self.organizations, self.memo, self.calls = tender, organizations, {}, 0

    def problems(self, organization_id: int, lot) -> list[str]:
        key = (organization_id, lot.sme_only, lot.export_classification)
        if key not in self.memo:
            self.calls += 1
            self.memo[key] = eligibility_problems(
                organization=self.organizations[organization_id], tender=self.tender, lot=lot
            )
        return self.memo[key]


def candidate_pool(*, tender: Tender, options: BuilderOptions) -> CandidatePool:
    """The candidates per active lot of `tender`, best fit first, with the eligibility checker the solver asks
    about the pairs it wants to use, and the problems that make a consortium impossible before any solving (a lot
    nobody can deliver, an included organization that cannot)."""
    tender = Tender.objects.select_related("buyer").get(pk=tender.pk)
    lots = list(tender.lots.filter(state=LotState.ACTIVE).select_related("cpv").order_by("number"))
    pool = CandidatePool(lots=lots, by_lot={lot.pk: [] for lot in lots}, organizations={})
    if not lots:
        pool.problems.append(_("The tender has no active lots to cover."))
        return pool
    rows = _shortlist_rows(tender, lots, options)
    pool.organizations = Organization.objects.in_bulk({row[1] for row in rows} | set(options.include))
    pool.checker = _Eligibility(tender, pool.organizations)
    for lot_id, org_id, score, fit, code, listing_id, title, country, sme_class in rows:
        pool.by_lot[lot_id].append(
            Candidate(
                organization_id=org_id,
                lot_id=lot_id,
                score=score,
                cpv_fit=float(fit),
                code=code,
                listing_id=listing_id,
                listing_title=title,
                country=str(country),
                sme_class=sme_class,
            )
        )
    pool.problems = pool_gaps(pool, options, tender)
    return pool


def pool_gaps(pool: CandidatePool, options: BuilderOptions, tender: Tender) -> list[str]:
    """Why no consortium can exist, in plain words: lots without candidates, included organizations that
    cannot deliver anything."""
    problems = []
    for lot in pool.lots:
        if pool.by_lot[lot.pk]:
            continue
        if _anyone_fits(lot):
            problems.append(
                _(
                    "Nobody eligible can deliver lot %(n)s (%(code)s): organizations with fitting capabilities miss a "
                    "required badge, the SME reservation or the export screening, or are excluded."
                )
                % {"n": lot.number, "code": lot.cpv_id}
            )
        else:
            problems.append(
                _("Nobody on the platform offers capabilities in CPV division %(division)s for lot %(n)s (%(code)s).")
                % {"division": lot.cpv_id[:2] + "000000", "n": lot.number, "code": lot.cpv_id}
            )
    fitting = {c.organization_id for candidates in pool.by_lot.values() for c in candidates}
    for org_id in options.include:
        organization = pool.organizations.get(org_id)
        name = str(organization) if organization else f"#{org_id}"
        if org_id in options.exclude:
            problems.append(_("%(org)s is both included and excluded.") % {"org": name})
        elif organization is not None and organization.pk == tender.buyer_id:
            problems.append(_("%(org)s is the buyer and cannot be a member.") % {"org": name})
        elif org_id not in fitting:
            problems.append(
                _("%(org)s cannot deliver any lot of this tender (no fitting capability or listing, or not eligible).")
                % {"org": name}
            )
    return problems
