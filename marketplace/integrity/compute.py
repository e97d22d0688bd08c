"""Recomputing the red flags: one set-based INSERT … SELECT over every definition of the registry, for the
tenders in scope (one tender after a change, or all of them), then the abnormally-low cases kept in step.

Sealing: `t` holds only tenders whose bids are opened (the marketplace's one rule, `bids_opened_condition`),
so nothing about bids is computed, stored or shown before the opening; a tender cancelled after it seals its
bids again and loses its flags."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from organizations.models import AuditEntry

from ..models import BIDS_OPENED_STATES, Tender
from .models import AltState, RedFlag
from .registry import definitions, flag_parameters

# Common tables every definition reads. `valid`: submitted and not rejected as abnormally low; the excluded
# (disqualified) offers stay in `o` because Cardinal counts their tenderers too.
SCOPE_SQL = """
WITH t AS (
  SELECT id, buyer_id, procedure, award_method, published_at, submission_deadline, estimated_value
  FROM marketplace_tender
  WHERE state = ANY(%(opened)s) AND submission_deadline <= %(now)s AND (%(all)s OR id = ANY(%(ids)s))),
l AS (
  SELECT lt.id, lt.tender_id, t.buyer_id, t.procedure, t.award_method, t.submission_deadline,
         COALESCE(lt.estimated_value, CASE WHEN count(*) OVER (PARTITION BY lt.tender_id) = 1
                                           THEN t.estimated_value END) AS estimate,
         fp.lot_id IS NOT NULL AS fixed,
         COALESCE(s.alt_rule, 'mean_or_estimate') AS alt_rule,
         COALESCE(s.alt_threshold_percent, 20) AS alt_threshold, COALESCE(s.alt_min_bids, 3) AS alt_min_bids
  FROM marketplace_lot lt JOIN t ON t.id = lt.tender_id
  LEFT JOIN integrity_fixedpricelot fp ON fp.lot_id = lt.id
  LEFT JOIN integrity_buyerintegritysettings s ON s.buyer_id = t.buyer_id
  WHERE lt.state <> 'cancelled'),
o AS (
  SELECT bl.id AS offer_id, bl.lot_id, bl.price, b.bidder_id, b.state, b.submitted_at,
         (b.state = 'submitted' AND COALESCE(ac.state, '') <> 'rejected') AS valid
  FROM t JOIN marketplace_bid b ON b.tender_id = t.id JOIN marketplace_bidlot bl ON bl.bid_id = b.id
  LEFT JOIN integrity_altcase ac ON ac.offer_id = bl.id
  WHERE b.state IN ('submitted', 'excluded')),
aw AS (
  SELECT a.lot_id, a.offer_id, a.state FROM marketplace_award a JOIN l ON l.id = a.lot_id
  WHERE a.state <> 'declined')
"""


INSERT_HEAD = ("INSERT INTO integrity_redflag (code, tender_id, lot_id, offer_id, buyer_id, figures, computed_at) "
               "SELECT f.*, %(now)s FROM (")


def _params(tender_ids: list[int] | None, now: datetime) -> dict:
    return {"opened": list(BIDS_OPENED_STATES), "now": now, "all": tender_ids is None,
            "ids": list(tender_ids or []), **flag_parameters()}


def flags_sql(layer: str = "marketplace") -> str:
    return SCOPE_SQL + "\nUNION ALL\n".join(f"({d.sql})" for d in definitions(layer))


def _existing(tender_ids: list[int] | None) -> dict[tuple, dict]:
    rows = RedFlag.objects.all() if tender_ids is None else RedFlag.objects.filter(tender_id__in=tender_ids)
    return {(r.code, r.tender_id, r.lot_id, r.offer_id): r.figures
            for r in rows.only("code", "tender_id", "lot_id", "offer_id", "figures")}


@transaction.atomic
def flags_recompute(*, tender_ids: Iterable[int] | None = None, now: datetime | None = None,
                    audit: bool = True) -> dict[str, int]:
    """Replace the stored flags of the tenders in scope (all when `tender_ids` is None) by what the registry's
    definitions compute now, keep the abnormally-low cases in step, and audit each flag raised or cleared per
    tender. Returns the number of flags per code."""
    now = now or timezone.now()
    ids = None if tender_ids is None else sorted(set(tender_ids))
    before = _existing(ids) if audit else {}
    params = _params(ids, now)
    with connection.cursor() as cursor:
        if ids is None:
            cursor.execute("DELETE FROM integrity_redflag")
        else:
            cursor.execute("DELETE FROM integrity_redflag WHERE tender_id = ANY(%(ids)s)", {"ids": ids})
        insert = INSERT_HEAD + flags_sql() + ") AS f"  # noqa: S608 the registry's own SQL, values as parameters
        cursor.execute(insert, params)
        _sync_alt_cases(cursor, ids, now)
        cursor.execute("SELECT code, count(*) FROM integrity_redflag WHERE %(all)s OR tender_id = ANY(%(ids)s) "
                       "GROUP BY code", params)
        counts = dict(cursor.fetchall())
    if audit:
        _audit_changes(before, _existing(ids))
    return counts


def _sync_alt_cases(cursor, ids: list[int] | None, now: datetime) -> None:
    """New ALT flags open a case; a case still only "flagged" whose offer is no longer flagged goes away
    (nothing was asked yet); cases already in the procedure stay whatever the numbers say now."""
    scope = {"all": ids is None, "ids": list(ids or []), "now": now, "flagged": AltState.FLAGGED}
    cursor.execute("""
        INSERT INTO integrity_altcase (offer_id, lot_id, tender_id, state, figures, request_text, answer_text,
                                       decision_reason, created_at, updated_at)
        SELECT f.offer_id, f.lot_id, f.tender_id, %(flagged)s, f.figures, '', '', '', %(now)s, %(now)s
        FROM integrity_redflag f WHERE f.code = 'ALT' AND (%(all)s OR f.tender_id = ANY(%(ids)s))
        ON CONFLICT (offer_id) DO UPDATE SET figures = EXCLUDED.figures, updated_at = EXCLUDED.updated_at
        WHERE integrity_altcase.state = %(flagged)s""", scope)
    cursor.execute("""
        DELETE FROM integrity_altcase c WHERE c.state = %(flagged)s AND (%(all)s OR c.tender_id = ANY(%(ids)s))
          AND NOT EXISTS (SELECT 1 FROM integrity_redflag f WHERE f.code = 'ALT' AND f.offer_id = c.offer_id)""",
                   scope)


def _audit_changes(before: dict[tuple, dict], after: dict[tuple, dict]) -> int:
    """One audit entry per tender whose flags changed, {"<code> lot <id>": [figures before, after]}; written
    in one bulk insert, as a full recompute may touch many tenders."""
    changed = {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}
    if not changed:
        return 0
    by_tender: dict[int, dict] = {}
    for key in sorted(changed, key=str):
        code, tender_id, lot_id, offer_id = key
        label = f"{code} lot {lot_id or '-'}" + (f" offer {offer_id}" if offer_id else "")
        by_tender.setdefault(tender_id, {})[label] = [before.get(key), after.get(key)]
    content_type = ContentType.objects.get_for_model(Tender)
    tenders = Tender.objects.only("id", "title", "buyer_id").in_bulk(list(by_tender))
    AuditEntry.objects.bulk_create([
        AuditEntry(actor=None, actor_repr="system", organization_id=tenders[tender_id].buyer_id,
                   action="integrity.flags_changed", content_type=content_type, object_id=str(tender_id),
                   object_repr=str(tenders[tender_id])[:200], changes=changes)
        for tender_id, changes in by_tender.items()], batch_size=2000)
    return len(by_tender)
