"""The tender list of the API from `.values()` rows: what TenderSerializer shows, without model instances.

A page costs the page query plus one for the lots and one for the criteria (the tenders' and their lots')
whatever its size; awards and bid counts cost a query only when the page has some to show: awards exist
only after the submission deadline, and bid counts only for the viewer's own tenders once their bids were
opened. The page, its count,
the lots and the criteria are statements compiled once (statements.py), the page's per set of filters.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from core.lookups import AnyOf

from ... import selectors
from ...models import OPEN_FOR_BIDS, Award, AwardCriterion, Lot, TenderState, bids_are_opened
from ..serializers import AwardSerializer, CriterionSerializer, LotSerializer, TenderSerializer
from .row_format import RowFormat
from .statements import CompiledRows, Slot, Statement, StatementCache

TENDER = RowFormat(TenderSerializer(), composite=["lots", "criteria", "bid_count", "awards"])
LOT = RowFormat(LotSerializer(), composite=["criteria"])
CRITERION = RowFormat(CriterionSerializer())
AWARD = RowFormat(AwardSerializer())
# Awards are proposed only during evaluation (services/evaluation.py), and no tender returns to these states.
WITHOUT_AWARDS = {TenderState.DRAFT, *OPEN_FOR_BIDS}
_STATEMENTS = StatementCache()
_ORGS, _NOW, _TENDERS = Slot("orgs"), Slot("now"), Slot("tenders")


def tender_page_rows(*, viewer_org_ids: set[int], filters: selectors.TenderFilters) -> CompiledRows:
    """The tenders the viewer (a member of `viewer_org_ids`) may see that pass `filters`, as rows to paginate."""
    statements = _STATEMENTS.get(
        filters,
        lambda: tender_rows(
            selectors.tenders_filtered(selectors.tenders_visible(orgs=_ORGS), filters=filters, now=_NOW)
        ),
    )
    return CompiledRows(statements, {"orgs": sorted(viewer_org_ids), "now": timezone.now()})


def tender_rows(queryset: QuerySet) -> QuerySet:
    """The (already visibility-filtered, ordered) tenders as rows with the columns a list item needs."""
    return queryset.values(*TENDER.columns)


@cache
def _lots_statement() -> Statement:
    return Statement.of(
        Lot.objects.filter(AnyOf("tender_id", _TENDERS))
        .order_by("tender_id", "number")
        .values(*_columns(LOT, "tender_id"))
    )


@cache
def _criteria_statement() -> Statement:
    # One query for both levels (a lot's criteria carry its tender), each in id order.
    return Statement.of(
        AwardCriterion.objects.filter(AnyOf("tender_id", _TENDERS))
        .order_by("id")
        .values(*_columns(CRITERION, "tender_id", "lot_id"))
    )


def tender_items(rows: list[dict[str, Any]], *, viewer_org_ids: set[int]) -> list[dict[str, Any]]:
    """The list items of a page of `tender_rows`, equal to `TenderSerializer(tender).data` for each."""
    tender_ids = [row["id"] for row in rows]
    tender_format, lot_format = TENDER.formatter(), LOT.formatter()
    criterion_format, award_format = CRITERION.formatter(), AWARD.formatter()

    lots_of: dict[int, list[dict]] = defaultdict(list)
    for lot in _lots_statement().rows({"tenders": tender_ids}):
        lots_of[lot["tender_id"]].append(lot)

    tender_criteria: dict[int, list[dict]] = defaultdict(list)
    lot_criteria: dict[int, list[dict]] = defaultdict(list)
    for criterion in _criteria_statement().rows({"tenders": tender_ids}):
        if criterion["lot_id"] is None:
            tender_criteria[criterion["tender_id"]].append(criterion_format(criterion))
        else:
            lot_criteria[criterion["lot_id"]].append(criterion_format(criterion))

    awards_of: dict[int, list[dict]] = defaultdict(list)
    evaluated = [row["id"] for row in rows if row["state"] not in WITHOUT_AWARDS]
    if evaluated:
        for award in (
            Award.objects.filter(lot__tender_id__in=evaluated)
            .order_by("proposed_at", "id")
            .values(*_columns(AWARD, "lot_id"))
        ):
            awards_of[award["lot_id"]].append(award_format(award))

    # The bid count is the buyer's business, and only from the opening on: it is counted (and shown) only for
    # the viewer's own tenders whose bids were opened; before that it is null, as for everybody else.
    now = timezone.now()
    counted = {
        row["id"]
        for row in rows
        if row["buyer"] in viewer_org_ids
        and bids_are_opened(state=row["state"], submission_deadline=row["submission_deadline"], now=now)
    }
    bid_counts = selectors.tender_bid_counts(tender_ids=sorted(counted)) if counted else {}

    items = []
    for row in rows:
        item = tender_format(row)  # the composite keys, filled in below, keep their place in the order
        lots = lots_of[row["id"]]
        item["lots"] = [_with_criteria(lot_format(lot), lot_criteria[lot["id"]]) for lot in lots]
        item["criteria"] = tender_criteria[row["id"]]
        item["bid_count"] = bid_counts.get(row["id"], 0) if row["id"] in counted else None
        item["awards"] = [award for lot in lots for award in awards_of[lot["id"]]]
        items.append(item)
    return items


def _with_criteria(item: dict[str, Any], criteria: list[dict]) -> dict[str, Any]:
    item["criteria"] = criteria
    return item


def _columns(row_format: RowFormat, *grouping: str) -> list[str]:
    """The format's columns plus the grouping columns, each once."""
    return list(dict.fromkeys([*grouping, *row_format.columns]))
