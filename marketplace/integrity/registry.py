"""The one registry of red-flag definitions: code, title, description, source, exclusions and the set-based
SQL that computes the flag for every lot of the tenders in scope.

Each definition's `sql` is one SELECT over the common tables of `compute.SCOPE_SQL` (`t` tenders whose bids
are opened, `l` their lots, `o` their submitted offers with `valid`, `aw` live awards) that yields
`(code, tender_id, lot_id, offer_id, buyer_id, figures)`; `compute.flags_recompute` unions them into one
INSERT. Another layer (the contracting app, for Cardinal's and Prozorro's contract-amendment flags: three or
more amendments — Prozorro ari-1-1 —, a price rise together with an extension — Prozorro sas24-3-4) adds its
definitions with `register_flag(..., layer="contracting")` and its own common tables with `register_scope`;
nothing here has to change. `compute.flags_recompute` runs one statement per layer.

Parameters the SQL may use: %(now)s, %(competitive)s, %(min_days_procedures)s / %(min_days)s, %(r035_threshold)s,
%(estimate_equal_tolerance)s, %(estimate_far_ratio)s (see `flag_parameters`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

CARDINAL = "https://cardinal.readthedocs.io/en/latest/cli/indicators/R/{}.html"
PROZORRO = "https://github.com/ProzorroUKR/prozorro-risks/blob/master/src/prozorro/risks/rules/{}.py"
DIRECTIVE_69 = "https://eur-lex.europa.eu/eli/dir/2014/24/oj#d1e5788-65-1"

# Minimum submission periods in whole days per procedure: Directive 2014/24/EU Art. 27(1) open 35 days,
# Art. 28(1)/29(1) restricted and negotiated 30 days (for the requests to participate); the simplified SME
# call, a national procedure, takes Cardinal R003's default of 15 days. Override with ALX_INTEGRITY.
DEFAULT_MIN_DAYS = {"open": 35, "restricted": 30, "negotiated": 30, "simplified_sme": 15}
DEFAULTS = {
    "competitive_procedures": ["open", "restricted"],  # Cardinal R018: 'open' or 'selective'
    "min_days": DEFAULT_MIN_DAYS,
    "r035_threshold": 1,
    "estimate_equal_tolerance": "0",  # |price - estimate| / estimate at most this: "equal"
    "estimate_far_ratio": "0.30",  # Prozorro sas-3-6: 30 % or more below the estimate; we flag both sides
}


def integrity_setting(name: str, default=None):
    """A threshold from `settings.ALX_INTEGRITY`, else its default here (or the caller's, for another layer's)."""
    return getattr(settings, "ALX_INTEGRITY", {}).get(name, DEFAULTS.get(name, default))


def flag_parameters() -> dict:
    """Every parameter the definitions' SQL uses: this layer's and those each other layer registered."""
    parameters: dict = {}
    for provide in PARAMETERS.values():
        parameters.update(provide())
    min_days = integrity_setting("min_days")
    return {
        **parameters,
        "competitive": list(integrity_setting("competitive_procedures")),
        "min_days_procedures": list(min_days),
        "min_days": [int(v) for v in min_days.values()],
        "r035_threshold": int(integrity_setting("r035_threshold")),
        "estimate_equal_tolerance": Decimal(integrity_setting("estimate_equal_tolerance")),
        "estimate_far_ratio": Decimal(integrity_setting("estimate_far_ratio")),
    }


@dataclass(frozen=True)
class FlagDefinition:
    code: str
    title: str | Promise  # translated when shown
    description: str | Promise
    source: str
    source_url: str
    exclusions: Sequence[str | Promise]
    sql: str
    layer: str = "marketplace"
    figures_help: dict[str, str] = field(default_factory=dict)
    level: str = "lot"  # or "tender"


REGISTRY: dict[str, FlagDefinition] = {}
# layer → its common tables (a `WITH …` clause) that the layer's definitions read; the scope of a recompute is
# given to it as %(all)s / %(ids)s (tender ids), beside %(now)s and %(opened)s (the states with opened bids).
SCOPES: dict[str, str] = {}
PARAMETERS: dict[str, Callable[[], dict]] = {}


def register_flag(definition: FlagDefinition) -> FlagDefinition:
    REGISTRY[definition.code] = definition
    return definition


def register_scope(layer: str, sql: str, *, parameters: Callable[[], dict] | None = None) -> None:
    """The common tables of a layer's definitions (a `WITH` clause without a trailing comma) and the function
    giving the extra parameters its SQL uses."""
    SCOPES[layer] = sql
    if parameters is not None:
        PARAMETERS[layer] = parameters


def layers() -> list[str]:
    return [layer for layer in SCOPES if definitions(layer)]


def definitions(layer: str | None = None) -> list[FlagDefinition]:
    return [d for d in REGISTRY.values() if layer is None or d.layer == layer]


SINGLE_BID = register_flag(
    FlagDefinition(
        code="R018",
        title=_("Single bid received"),
        description=_(
            "Only one tenderer submitted a bid for the lot, in a competitive procedure (open or restricted)."
        ),
        source="OCP Cardinal R018",
        source_url=CARDINAL.format("018"),
        exclusions=[_("Procedures that are not competitive (negotiated, simplified SME call).")],
        sql="""SELECT 'R018', l.tender_id, l.id, NULL::bigint, l.buyer_id,
                  jsonb_build_object('tenderers', c.n, 'procedure', l.procedure)
           FROM l JOIN (SELECT lot_id, count(DISTINCT bidder_id) AS n FROM o GROUP BY lot_id) c ON c.lot_id = l.id
           WHERE c.n = 1 AND l.procedure = ANY(%(competitive)s)""",
    )
)

SHORT_PERIOD = register_flag(
    FlagDefinition(
        code="R003",
        title=_("Short submission period"),
        level="tender",
        description=_(
            "The submission period (publication to submission deadline, in whole days) is shorter than "
            "the minimum for the procedure."
        ),
        source="OCP Cardinal R003; Directive 2014/24/EU Art. 27-29",
        source_url=CARDINAL.format("003"),
        exclusions=[_("Tenders never published on the platform (no start of the period).")],
        sql="""SELECT 'R003', t.id, NULL::bigint, NULL::bigint, t.buyer_id,
                  jsonb_build_object('days', d.days, 'minimum', m.minimum, 'procedure', t.procedure,
                                     'published', t.published_at, 'deadline', t.submission_deadline)
           FROM t CROSS JOIN LATERAL (SELECT floor(extract(epoch FROM t.submission_deadline - t.published_at)
                                                   / 86400)::int AS days) d
           JOIN unnest(%(min_days_procedures)s::text[], %(min_days)s::int[]) AS m(procedure, minimum)
             ON m.procedure = t.procedure
           WHERE t.published_at IS NOT NULL AND d.days < m.minimum""",
    )
)

IDENTICAL_PRICES = register_flag(
    FlagDefinition(
        code="R028",
        title=_("Identical bid prices"),
        description=_("Different tenderers submitted offers with the same price for the lot."),
        source="OCP Cardinal R028",
        source_url=CARDINAL.format("028"),
        exclusions=[_("Prices predetermined by the buyer (fixed-price lots).")],
        sql="""SELECT 'R028', l.tender_id, l.id, NULL::bigint, l.buyer_id,
                  jsonb_build_object('prices', g.prices, 'tenderers', g.tenderers)
           FROM l JOIN (SELECT lot_id, jsonb_agg(price::text ORDER BY price) AS prices,
                               sum(n)::int AS tenderers
                        FROM (SELECT lot_id, price, count(DISTINCT bidder_id) AS n FROM o GROUP BY lot_id, price
                              HAVING count(DISTINCT bidder_id) > 1) same GROUP BY lot_id) g ON g.lot_id = l.id
           WHERE NOT l.fixed""",
    )
)

LATE_BID_WON = register_flag(
    FlagDefinition(
        code="R030",
        title=_("Late bid won"),
        description=_(
            "The winning bid was received after the submission deadline. The platform refuses late "
            "bids, so this flag can only show data changed outside the services."
        ),
        source="OCP Cardinal R030",
        source_url=CARDINAL.format("030"),
        exclusions=[_("Awards not yet final (standstill).")],
        sql="""SELECT 'R030', l.tender_id, l.id, o.offer_id, l.buyer_id,
                  jsonb_build_object('received', o.submitted_at, 'deadline', l.submission_deadline)
           FROM l JOIN aw ON aw.lot_id = l.id AND aw.state = 'final' JOIN o ON o.offer_id = aw.offer_id
           WHERE o.valid AND o.submitted_at > l.submission_deadline""",
    )
)

ALL_BUT_WINNER_DISQUALIFIED = register_flag(
    FlagDefinition(
        code="R035",
        title=_("All except the winning bid disqualified"),
        description=_(
            "Exactly one tenderer has valid offers, it won the lot, and at least one other tenderer's "
            "offer was disqualified (excluded at the opening or rejected as abnormally low)."
        ),
        source="OCP Cardinal R035; Prozorro sas-3-2",
        source_url=CARDINAL.format("035"),
        exclusions=[_("Awards not yet final (standstill).")],
        sql="""SELECT 'R035', l.tender_id, l.id, NULL::bigint, l.buyer_id,
                  jsonb_build_object('disqualified_tenderers', c.nd)
           FROM l JOIN aw ON aw.lot_id = l.id AND aw.state = 'final'
           JOIN o w ON w.offer_id = aw.offer_id
           JOIN (SELECT lot_id, count(DISTINCT bidder_id) FILTER (WHERE valid) AS nv,
                        min(bidder_id) FILTER (WHERE valid) AS vb,
                        count(DISTINCT bidder_id) FILTER (WHERE NOT valid) AS nd
                 FROM o GROUP BY lot_id) c ON c.lot_id = l.id
           WHERE c.nv = 1 AND c.vb = w.bidder_id AND c.nd >= %(r035_threshold)s""",
    )
)

LOWEST_BID_DISQUALIFIED = register_flag(
    FlagDefinition(
        code="R036",
        title=_("Lowest bid disqualified"),
        description=_("The lowest offer for the lot was disqualified while the award criterion is price only."),
        source="OCP Cardinal R036",
        source_url=CARDINAL.format("036"),
        exclusions=[
            _("Prices predetermined by the buyer (fixed-price lots)."),
            _("Best-value award."),
            _("Awards not yet final (standstill)."),
        ],
        sql="""SELECT 'R036', l.tender_id, l.id, NULL::bigint, l.buyer_id,
                  jsonb_build_object('lowest_disqualified', c.low_d::text, 'lowest_valid', c.low_v::text)
           FROM l JOIN (SELECT lot_id, min(price) FILTER (WHERE NOT valid) AS low_d,
                               min(price) FILTER (WHERE valid) AS low_v FROM o GROUP BY lot_id) c ON c.lot_id = l.id
           WHERE l.award_method = 'lowest_price' AND NOT l.fixed AND c.low_d < c.low_v
             AND EXISTS (SELECT 1 FROM aw WHERE aw.lot_id = l.id AND aw.state = 'final')""",
    )
)

_AWARD_VS_ESTIMATE = """SELECT '{code}', l.tender_id, l.id, aw.offer_id, l.buyer_id,
                  jsonb_build_object('price', o.price::text, 'estimate', l.estimate::text,
                                     'difference_percent', round((o.price - l.estimate) / l.estimate * 100, 1)::text)
           FROM l JOIN aw ON aw.lot_id = l.id JOIN o ON o.offer_id = aw.offer_id
           WHERE l.estimate > 0 AND NOT l.fixed AND {condition}"""

AWARD_AT_ESTIMATE = register_flag(
    FlagDefinition(
        code="EST_EQ",
        title=_("Awarded price equal to the estimate"),
        description=_(
            "The awarded price equals the lot's estimated value (within the configured tolerance): the "
            "estimate may have been known to the winner."
        ),
        source="European Commission, Fraud in public procurement: red flags (2017); OCP red flags guide",
        source_url="https://ec.europa.eu/sfc/sites/default/files/sfc-files/fraud-public-procurement-final-20122017-ares20176254403.pdf",
        exclusions=[_("Prices predetermined by the buyer (fixed-price lots)."), _("Lots without an estimate.")],
        sql=_AWARD_VS_ESTIMATE.format(
            code="EST_EQ", condition="abs(o.price - l.estimate) <= l.estimate * %(estimate_equal_tolerance)s"
        ),
    )
)

AWARD_FAR_FROM_ESTIMATE = register_flag(
    FlagDefinition(
        code="EST_FAR",
        title=_("Awarded price far from the estimate"),
        description=_(
            "The awarded price differs from the lot's estimate by the configured share or more (default "
            "30 %): the estimate may have been inflated, or the scope changed."
        ),
        source="Prozorro sas-3-6 (award 30 % or more below the expected value)",
        source_url=PROZORRO.format("sas_3_6"),
        exclusions=[_("Prices predetermined by the buyer (fixed-price lots)."), _("Lots without an estimate.")],
        sql=_AWARD_VS_ESTIMATE.format(
            code="EST_FAR", condition="abs(o.price - l.estimate) >= l.estimate * %(estimate_far_ratio)s"
        ),
    )
)

ABNORMALLY_LOW = register_flag(
    FlagDefinition(
        code="ALT",
        title=_("Abnormally low tender?"),
        description=_(
            "After the opening, an offer lies further below the mean of the other valid offers (with at "
            "least the buyer's minimum number of valid offers, default 3) or below the estimate (fewer "
            "offers) than the buyer's threshold (default 20 %). A statistical trigger is a prompt, not a "
            "verdict: the bidder must be asked to explain before the offer may be rejected."
        ),
        source="Directive 2014/24/EU Art. 69; Directive 2009/81/EC Art. 49",
        source_url=DIRECTIVE_69,
        exclusions=[_("Prices predetermined by the buyer (fixed-price lots).")],
        sql="""SELECT 'ALT', l.tender_id, l.id, a.offer_id, l.buyer_id,
                  jsonb_build_object('price', a.price::text, 'basis', a.basis, 'reference', round(a.reference, 2)::text,
                                     'below_percent', round((a.reference - a.price) / a.reference * 100, 1)::text,
                                     'threshold_percent', l.alt_threshold::text, 'valid_offers', a.n)
           FROM l JOIN (SELECT x.*, CASE WHEN x.n >= x.min_bids AND x.rule = 'mean_or_estimate'
                                         THEN (x.total - x.price) / (x.n - 1) ELSE x.estimate END AS reference,
                               CASE WHEN x.n >= x.min_bids AND x.rule = 'mean_or_estimate' THEN 'mean_of_others'
                                    ELSE 'estimate' END AS basis
                        FROM (SELECT o.offer_id, o.lot_id, o.price, ll.estimate, ll.alt_rule AS rule,
                                     ll.alt_min_bids AS min_bids,
                                     count(*) OVER w AS n, sum(o.price) OVER w AS total
                              FROM o JOIN l ll ON ll.id = o.lot_id WHERE o.state = 'submitted'
                              WINDOW w AS (PARTITION BY o.lot_id)) x) a ON a.lot_id = l.id
           WHERE NOT l.fixed AND a.reference > 0 AND a.price < a.reference * (1 - l.alt_threshold / 100)""",
    )
)
