"""Recomputing the red flags: per layer of the registry one set-based statement over every definition, for
the tenders in scope (one tender after a change, or all of them), that writes only the differences, audits
them and keeps the abnormally-low cases in step.

Sealing: `t` holds only tenders whose bids are opened (the marketplace's one rule, `bids_opened_condition`),
so nothing about bids is computed, stored or shown before the opening; a tender cancelled after it seals its
bids again and loses its flags."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from ..models import BIDS_OPENED_STATES, Tender
from .models import AltState
from .registry import SCOPES, definitions, flag_parameters, register_scope
from .registry import layers as registered_layers

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


register_scope("marketplace", SCOPE_SQL)

# One statement per layer: the flags computed now (`new`) are compared with those stored (`old`) in one FULL
# JOIN on the flag's key; only the differences are written (deleted, updated, inserted: disjoint rows, so the
# data-modifying CTEs cannot collide whatever order PostgreSQL runs them in), one audit entry per tender whose
# flags changed is inserted with the figures before and after, and the counts per code come back. Replacing
# every row each time cost a DELETE, an INSERT and two reads of the stored flags for the audit.
DIFF_SQL = """,
new (code, tender_id, lot_id, offer_id, buyer_id, figures) AS ({union}),
old AS (SELECT id, code, tender_id, lot_id, offer_id, figures FROM integrity_redflag
        WHERE code = ANY(%(codes)s) AND (%(all)s OR tender_id = ANY(%(ids)s))),
d AS (SELECT p.id AS old_id, p.figures AS before, n.figures AS after, n.buyer_id,
             COALESCE(n.code, p.code) AS code, COALESCE(n.tender_id, p.tender_id) AS tender_id,
             COALESCE(n.lot_id, p.lot_id) AS lot_id, COALESCE(n.offer_id, p.offer_id) AS offer_id
      FROM new n FULL JOIN old p ON n.code = p.code AND n.tender_id = p.tender_id
           AND COALESCE(n.lot_id, 0) = COALESCE(p.lot_id, 0) AND COALESCE(n.offer_id, 0) = COALESCE(p.offer_id, 0)
      WHERE n.figures IS DISTINCT FROM p.figures),
gone AS (DELETE FROM integrity_redflag r USING d WHERE r.id = d.old_id AND d.after IS NULL RETURNING r.id),
changed AS (UPDATE integrity_redflag r SET figures = d.after, computed_at = %(now)s FROM d
            WHERE r.id = d.old_id AND d.after IS NOT NULL RETURNING r.id),
added AS (INSERT INTO integrity_redflag (code, tender_id, lot_id, offer_id, buyer_id, figures, computed_at)
          SELECT code, tender_id, lot_id, offer_id, buyer_id, after, %(now)s FROM d WHERE d.old_id IS NULL
          RETURNING id),
audited AS (
  INSERT INTO organizations_auditentry (created_at, actor_id, actor_repr, organization_id, action, content_type_id,
                                        object_id, object_repr, changes)
  SELECT %(now)s, NULL, 'system', tt.buyer_id, 'integrity.flags_changed', %(tender_type)s, tt.id::text,
         left(tt.title, 200), c.changes
  FROM (SELECT tender_id, jsonb_object_agg(code || ' lot ' || COALESCE(lot_id::text, '-')
                                           || COALESCE(' offer ' || offer_id::text, ''),
                                           jsonb_build_array(before, after)) AS changes
        FROM d WHERE %(audit)s GROUP BY tender_id) c
  JOIN marketplace_tender tt ON tt.id = c.tender_id
  RETURNING id){effects}
SELECT code, count(*) FROM new GROUP BY code"""

# The abnormally-low cases kept in step with the ALT flags of the marketplace layer: a new flag opens a case; a
# case still only "flagged" whose offer is no longer flagged goes away (nothing was asked yet); cases already
# in the procedure stay whatever the numbers say now.
ALT_SYNC_SQL = """,
alt_opened AS (
  INSERT INTO integrity_altcase (offer_id, lot_id, tender_id, state, figures, request_text, answer_text,
                                 decision_reason, created_at, updated_at)
  SELECT n.offer_id, n.lot_id, n.tender_id, %(flagged)s, n.figures, '', '', '', %(now)s, %(now)s
  FROM new n WHERE n.code = 'ALT'
  ON CONFLICT (offer_id) DO UPDATE SET figures = EXCLUDED.figures, updated_at = EXCLUDED.updated_at
  WHERE integrity_altcase.state = %(flagged)s AND integrity_altcase.figures IS DISTINCT FROM EXCLUDED.figures
  RETURNING id),
alt_dropped AS (
  DELETE FROM integrity_altcase c WHERE c.state = %(flagged)s AND (%(all)s OR c.tender_id = ANY(%(ids)s))
    AND NOT EXISTS (SELECT 1 FROM new n WHERE n.code = 'ALT' AND n.offer_id = c.offer_id)
  RETURNING id)"""

LAYER_EFFECTS = {"marketplace": ALT_SYNC_SQL}


def _params(tender_ids: list[int] | None, now: datetime) -> dict:
    return {
        "opened": list(BIDS_OPENED_STATES),
        "now": now,
        "all": tender_ids is None,
        "ids": list(tender_ids or []),
        "flagged": AltState.FLAGGED,
        **flag_parameters(),
    }


def layer_statement(layer: str) -> str:
    """The one statement that brings the stored flags of `layer` up to date for the tenders in scope."""
    union = "\nUNION ALL\n".join(f"({d.sql})" for d in definitions(layer))
    return SCOPES[layer] + DIFF_SQL.format(union=union, effects=LAYER_EFFECTS.get(layer, ""))


# A recompute of one tender is planned once per connection: the planning of a layer's statement (some 10-20 ms
# for the marketplace's nine definitions) cost more than running it. So the scope's `%(all)s` becomes a
# literal (`false OR id = ANY($n)` folds to the index condition even in a generic plan) and the statement is
# PREPAREd with parameter types taken from the Python values; the full recompute runs once and is planned
# with its values as usual. (Run through a connection pooler in transaction mode, prepared statements would
# need its support; ALX talks to PostgreSQL directly.)
_PARAMETER = re.compile(r"%\((\w+)\)s")
_PREPARED_ATTR = "_integrity_prepared"


def _pg_type(value) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "bigint"
    if isinstance(value, Decimal):
        return "numeric"
    if isinstance(value, datetime):
        return "timestamptz"
    if isinstance(value, list | tuple):
        return "bigint[]" if value and all(isinstance(v, int) and not isinstance(v, bool) for v in value) else "text[]"
    return "text"


def _execute_prepared(cursor, sql: str, params: dict) -> None:
    names: list[str] = []

    def number(match: re.Match) -> str:
        if match.group(1) not in names:
            names.append(match.group(1))
        return f"${names.index(match.group(1)) + 1}"

    text = _PARAMETER.sub(number, sql.replace("%(all)s", "false"))
    name = "integrity_" + hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()[:16]
    raw = connection.connection
    known: tuple[object, set[str]] | None = getattr(connection, _PREPARED_ATTR, None)
    if known is None or known[0] is not raw:  # a new session knows no prepared statement
        known = (raw, set())
        setattr(connection, _PREPARED_ATTR, known)
    if name not in known[1]:
        types = ", ".join(_pg_type(params[n]) for n in names)
        cursor.execute(f"PREPARE {name} ({types}) AS {text}".replace("%", "%%"))
        known[1].add(name)
    # The generic plan always: left to itself PostgreSQL plans the first five runs anew and may go on doing so;
    # SET LOCAL ends with the transaction and only touches prepared statements. One round trip for both.
    cursor.execute(
        f"SET LOCAL plan_cache_mode = force_generic_plan; EXECUTE {name} ({', '.join(['%s'] * len(names))})",
        [params[n] for n in names],
    )


@transaction.atomic
def flags_recompute(
    *,
    tender_ids: Iterable[int] | None = None,
    now: datetime | None = None,
    audit: bool = True,
    layers: Iterable[str] | None = None,
) -> dict[str, int]:
    """Bring the stored flags of the tenders in scope (all when `tender_ids` is None) in line with what the
    registry's definitions compute now, for every layer (or those named), keep the abnormally-low cases in step,
    and audit the flags raised, changed or cleared per tender. One statement per layer. Returns the number of
    flags per code now."""
    now = now or timezone.now()
    ids = None if tender_ids is None else sorted(set(tender_ids))
    params = _params(ids, now)
    params.update(audit=audit, tender_type=ContentType.objects.get_for_model(Tender).pk)
    counts: dict[str, int] = {}
    with connection.cursor() as cursor:
        for layer in registered_layers() if layers is None else list(layers):
            params["codes"] = [d.code for d in definitions(layer)]
            if ids is None:
                # Over every lot, hash joins are right; the planner takes a HAVING count(...) = 1 for one row
                # and joined 100,000 lots in a nested loop per single-bid lot (28 of the 46 s measured).
                cursor.execute("SET LOCAL enable_nestloop = off")
                cursor.execute(layer_statement(layer), params)
                counts.update(dict(cursor.fetchall()))
                cursor.execute("SET LOCAL enable_nestloop = DEFAULT")
                continue
            _execute_prepared(cursor, layer_statement(layer), params)
            counts.update(dict(cursor.fetchall()))
    return counts
