"""Contracting's red flags on contract amendments, registered into the marketplace's integrity registry.

Prozorro's risk rules are the anchors (OCP Cardinal defines no amendment indicator):
- ari-1-1, "three or more additional agreements to the contract published": a contract with at least three
  changes in force (`status == "active"`) is flagged. Here: three or more amendments signed by both sides.
- sas24-3-4, "the buyer changed the essential terms of the contract by raising the price and changing its
  term": the rationales of the contract's changes in force include `itemPriceVariation` together with
  `durationExtension` or `fiscalYearExtension`, in the same change or in different ones. ALX's amendments
  carry a diff rather than a rationale type, so a price rise is a signed amendment that raised the value or a
  line's unit price, and an extension one that moved the end of the period later.

Both rules count only a contract's changes in force, skip buyers that are not contracting authorities
(Prozorro's procuring-entity kind "other": here companies and consortia posting subcontract notices) and apply
Prozorro's value floor as `ALX_INTEGRITY["amendment_min_value"]` (default 0: none; Prozorro's are national
thresholds in UAH). A terminated contract keeps what its signed amendments show, as Prozorro keeps its previous
result. Flags are stored per lot of the contract; the signing of an amendment queues their recompute."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from core.queueing import enqueue_on_commit
from marketplace.integrity.compute import flags_recompute
from marketplace.integrity.registry import PROZORRO, FlagDefinition, integrity_setting, register_flag, register_scope
from marketplace.integrity.synthetic import register_injector

from .integrity_synthetic import INJECTOR
from .integrity_tasks import recompute_contract_flags
from .models import Contract

LAYER = "contracting"
PUBLIC_BUYER_KINDS = ["authority", "nation", "jcc"]

# Common tables: `k` contracts past signature of opened tenders (buyer a contracting authority, value at least
# the floor) with the value and end of period they were signed with, `ka` their amendments in force and what
# each changed, `kl` the lots they cover.
SCOPE_SQL = """
WITH k AS (
  SELECT c.id, c.tender_id, c.buyer_id, c.value, c.period_end,
         r1.terms->>'value' AS value_signed, r1.terms->>'period_end' AS period_end_signed
  FROM contracting_contract c
  JOIN marketplace_tender t ON t.id = c.tender_id
  JOIN organizations_organization b ON b.id = c.buyer_id
  JOIN contracting_contractrevision r1 ON r1.contract_id = c.id AND r1.number = 1
  WHERE t.state = ANY(%(opened)s) AND t.submission_deadline <= %(now)s AND (%(all)s OR t.id = ANY(%(ids)s))
    AND c.state <> 'draft' AND b.kind = ANY(%(public_buyer_kinds)s)
    AND COALESCE(t.estimated_value, c.value) >= %(amendment_min_value)s),
ka AS (
  SELECT r.contract_id, r.number,
         COALESCE((r.diff->'value'->>1)::numeric > (r.diff->'value'->>0)::numeric, false)
           OR EXISTS (SELECT 1 FROM jsonb_array_elements(r.diff->'lines'->0) lb
                      JOIN jsonb_array_elements(r.diff->'lines'->1) la ON la->>'position' = lb->>'position'
                      WHERE (la->>'unit_price')::numeric > (lb->>'unit_price')::numeric) AS price_rise,
         COALESCE((r.diff->>'period_end') IS NOT NULL
                  AND (r.diff->'period_end'->>1)::date > (r.diff->'period_end'->>0)::date, false) AS extension
  FROM contracting_contractrevision r JOIN k ON k.id = r.contract_id
  WHERE r.number > 1 AND r.signed_at IS NOT NULL),
kl AS (SELECT cl.contract_id, cl.lot_id FROM contracting_contractlot cl JOIN k ON k.id = cl.contract_id)
"""


def flag_parameters() -> dict:
    return {
        "public_buyer_kinds": PUBLIC_BUYER_KINDS,
        "amendment_min_value": Decimal(integrity_setting("amendment_min_value", "0")),
        "amendments_threshold": int(integrity_setting("amendments_threshold", 3)),
    }


register_scope(LAYER, SCOPE_SQL, parameters=flag_parameters)


_EXCLUSIONS = [
    _("Amendments proposed but not yet signed by both sides."),
    _("Buyers that are not contracting authorities (a company's subcontract notices)."),
    _("Contracts below the configured minimum value (none by default)."),
]

MANY_AMENDMENTS = register_flag(
    FlagDefinition(
        code="AMEND_3",
        title=_("Three or more contract amendments"),
        layer=LAYER,
        description=_(
            "The contract for the lot has been amended three or more times (amendments in force, signed by "
            "both sides): repeated changes after the award may hide what the tender did not ask for."
        ),
        source="Prozorro ari-1-1",
        source_url=PROZORRO.format("ari_1_1"),
        exclusions=_EXCLUSIONS,
        sql="""SELECT 'AMEND_3', k.tender_id, kl.lot_id, NULL::bigint, k.buyer_id,
                  jsonb_build_object('contract', 'C-' || k.id, 'amendments', a.n, 'revisions', a.numbers)
           FROM k JOIN (SELECT contract_id, count(*) AS n, jsonb_agg(number ORDER BY number) AS numbers
                        FROM ka GROUP BY contract_id) a ON a.contract_id = k.id
           JOIN kl ON kl.contract_id = k.id
           WHERE a.n >= %(amendments_threshold)s""",
    )
)

PRICE_RISE_WITH_EXTENSION = register_flag(
    FlagDefinition(
        code="PRICE_EXT",
        title=_("Price rise together with an extension"),
        layer=LAYER,
        description=_(
            "The contract's amendments in force raised its price (the value or a unit price) and extended "
            "its period, in one amendment or in different ones: the essential terms changed in the "
            "supplier's favour on both sides."
        ),
        source="Prozorro sas24-3-4",
        source_url=PROZORRO.format("sas24_3_4"),
        exclusions=_EXCLUSIONS,
        sql="""SELECT 'PRICE_EXT', k.tender_id, kl.lot_id, NULL::bigint, k.buyer_id,
                  jsonb_build_object('contract', 'C-' || k.id, 'price_rise_revisions', a.rise,
                                     'extension_revisions', a.ext, 'value_signed', k.value_signed,
                                     'value_now', k.value::text, 'period_end_signed', k.period_end_signed,
                                     'period_end_now', k.period_end::text)
           FROM k JOIN (SELECT contract_id, jsonb_agg(number ORDER BY number) FILTER (WHERE price_rise) AS rise,
                               jsonb_agg(number ORDER BY number) FILTER (WHERE extension) AS ext
                        FROM ka GROUP BY contract_id) a ON a.contract_id = k.id
           JOIN kl ON kl.contract_id = k.id
           WHERE a.rise IS NOT NULL AND a.ext IS NOT NULL""",
    )
)

register_injector(INJECTOR)  # the evaluation injects the two patterns into synthetic contracts too


def contract_flags_recompute(*, contract_id: int) -> dict[str, int]:
    """The amendment flags of the contract's tender, stored and audited (`flags_recompute`, contracting layer
    only); a contract deleted meanwhile has none to compute."""
    tender_id = Contract.objects.filter(pk=contract_id).values_list("tender_id", flat=True).first()
    if tender_id is None:
        return {}
    return flags_recompute(tender_ids=[tender_id], layers=[LAYER])


def contract_flags_recompute_later(*, contract: Contract) -> None:
    """Called by the services when an amendment comes into force: the recompute runs once that is committed."""
    enqueue_on_commit(recompute_contract_flags, contract.pk)
