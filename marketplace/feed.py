"""Reading the change feed and the OCDS release feed so that a follower never misses nor repeats a row.

Rows carry the id of the transaction that wrote them (`txid`, from `pg_current_xact_id()`) and are read in
(`txid`, `id`) order, and only below the oldest transaction still running when the read's snapshot was taken
(`pg_snapshot_xmin`): every transaction below that horizon has finished, so each of its rows is already
visible, and every transaction that is still to commit has a larger id and sorts after the cursor. A
timestamp or a plain sequence would not do: a transaction that takes its number early and commits late
would land behind a cursor that already moved on. The price is latency, not correctness: a long transaction
holds the feed back until it ends.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime

from django.db.models import BigIntegerField, F, Func, Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from core.errors import ApplicationError


def _xid8_number(expression: Func) -> Cast:
    return Cast(Cast(expression, TextField()), BigIntegerField())


_HORIZON = _xid8_number(Func(Func(function="pg_current_snapshot"), function="pg_snapshot_xmin"))
# A reader that has written itself (only a test's transaction does: API reads write nothing) also sees its own
# rows, which no snapshot counts as finished.
_OWN = _xid8_number(Func(function="pg_current_xact_id_if_assigned"))
_LAST_ID = 2**63 - 1


@dataclass(frozen=True)
class Cursor:
    """The position after (`txid`, `id`): everything up to it was delivered."""

    txid: int = 0
    id: int = 0

    def token(self) -> str:
        return base64.urlsafe_b64encode(f"{self.txid}.{self.id}".encode()).decode().rstrip("=")

    @classmethod
    def parse(cls, token: str) -> Cursor:
        try:
            txid, row = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode().split(".")
            cursor = cls(int(txid), int(row))
        except (ValueError, UnicodeDecodeError, binascii.Error) as error:
            raise ApplicationError(
                _("Not a cursor this feed gave out."),
                code="validation_error",
                errors={"cursor": [_("Not a cursor this feed gave out.")]},
            ) from error
        if not (0 <= cursor.txid <= _LAST_ID and 0 <= cursor.id <= _LAST_ID):
            raise ApplicationError(
                _("Not a cursor this feed gave out."),
                code="validation_error",
                errors={"cursor": [_("Not a cursor this feed gave out.")]},
            )
        return cursor


@dataclass
class FeedPage:
    rows: list
    cursor: Cursor


def read_after(
    queryset: QuerySet, *, cursor: Cursor, limit: int, since: datetime | None = None, since_field: str = ""
) -> FeedPage:
    """Up to `limit` rows of `queryset` (a model with `txid` and `id`) after `cursor`, below the horizon of one
    snapshot, and the cursor to continue from. A page shorter than `limit` moves the cursor up to the horizon,
    so the next read starts there; an empty page keeps the cursor it was given."""
    after = Q(txid__gt=cursor.txid) | Q(txid=cursor.txid, id__gt=cursor.id)
    rows = list(
        queryset.annotate(horizon=_HORIZON, own=_OWN)
        .filter(
            (Q(txid__lt=F("horizon")) | Q(txid=F("own"))) & after,
            **({f"{since_field}__gte": since} if since is not None else {}),
        )
        .order_by("txid", "id")[:limit]
    )
    if not rows:
        return FeedPage(rows, cursor)
    if len(rows) == limit:
        return FeedPage(rows, Cursor(rows[-1].txid, rows[-1].id))
    last = Cursor(rows[-1].txid, rows[-1].id)
    return FeedPage(rows, max(last, Cursor(rows[-1].horizon - 1, _LAST_ID), key=lambda c: (c.txid, c.id)))
