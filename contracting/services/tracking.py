"""Tracking events of deliveries, from the pages, the API and integrators' telematics in bulk.

Idempotent by external id: a unique constraint on (delivery, external id) and one INSERT … ON CONFLICT DO
NOTHING per batch, so an event sent twice is stored once and a retried batch does no harm. Events keep the
time they happened (`occurred_at`), however late or out of order they arrive; the timeline sorts by it, and
the delivery's state only moves forward (a late "picked up" after "delivered" changes nothing).

A batch is all or nothing: one event for a delivery the sender may not report on, or with a bad field, refuses
the whole batch with the field named (events.<index>.<field>), and nothing is written.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from loghubs.models import Hub
from organizations.models import User

from .. import roles
from ..models import (
    DELIVERY_TRANSITIONS,
    TRACKABLE_STATES,
    Delivery,
    DeliveryState,
    EventKind,
    EventSource,
)
from .common import ensure_supplier_side, refuse, transition
from .deliveries import delivery_mark_delivered
from .ocds import contract_publish

MAX_BATCH = 500
MAX_FUTURE = timedelta(minutes=10)
KINDS = set(EventKind.values)
MOVING = {EventKind.PICKED_UP, EventKind.AT_HUB, EventKind.IN_TRANSIT}


def _clean(index: int, item, *, now: datetime, prefix: str = "events") -> tuple | dict:
    """One event as a row tuple, or {field: [message]} naming what is wrong."""
    if not isinstance(item, dict):
        return {f"{prefix}.{index}": [_("Each event is an object.")]}
    errors: dict[str, list[str]] = {}
    field = f"{prefix}.{index}."
    delivery = item.get("delivery")
    if not isinstance(delivery, int) or isinstance(delivery, bool):
        errors[field + "delivery"] = [_("Give the delivery's id (a whole number).")]
    kind = item.get("kind")
    if kind not in KINDS:
        errors[field + "kind"] = [_("Choose one of: %(kinds)s.") % {"kinds": ", ".join(EventKind.values)}]
    raw_time = item.get("occurred_at")
    occurred = raw_time if isinstance(raw_time, datetime) else parse_datetime(str(raw_time or ""))
    if occurred is None or occurred.tzinfo is None:
        errors[field + "occurred_at"] = [_("Give the time it happened, ISO 8601 with a time zone.")]
    elif occurred > now + MAX_FUTURE:
        errors[field + "occurred_at"] = [_("This moment has not come yet.")]
    external_id = str(item.get("external_id") or "").strip()
    if not external_id or len(external_id) > 100:
        errors[field + "external_id"] = [_("Give your id of the event (1 to 100 characters); it makes resending safe.")]
    reason = str(item.get("reason") or "").strip()
    if kind == EventKind.EXCEPTION and not reason:
        errors[field + "reason"] = [_("An exception needs a reason.")]
    hub = item.get("hub")
    if hub is not None and (not isinstance(hub, int) or isinstance(hub, bool)):
        errors[field + "hub"] = [_("Give the hub's id (a whole number).")]
    if errors:
        return errors
    return (delivery, external_id, kind, occurred, str(item.get("location") or "").strip()[:200], hub, reason)


def _refuse_batch(errors: dict[str, list[str]]) -> ApplicationError:
    first = next(iter(errors.values()))[0]
    detail = (
        first if len(errors) == 1 else _("%(count)d events are not valid; nothing was stored.") % {"count": len(errors)}
    )
    return ApplicationError(detail, errors=errors, code="validation_error")


def _reportable(user: User, delivery_ids: set[int]) -> dict[int, str]:
    """{delivery id: state} of the deliveries the user may report on: the supplier side's, still trackable."""
    return dict(
        Delivery.objects.filter(
            pk__in=delivery_ids,
            state__in=TRACKABLE_STATES,
            order__contract__supplier_id__in=roles.party_organization_ids(user),
        ).values_list("pk", "state")
    )


_INSERT = """
INSERT INTO contracting_trackingevent
    (delivery_id, external_id, kind, occurred_at, location, hub_id, reason, source, recorded_by_id, recorded_at)
SELECT d, e, k, o, l, h, r, %s, %s, %s
FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::timestamptz[], %s::text[], %s::bigint[], %s::text[])
    AS t(d, e, k, o, l, h, r)
ON CONFLICT (delivery_id, external_id) DO NOTHING
RETURNING delivery_id, kind, occurred_at
"""


def _insert(rows: list[tuple], *, source: str, by: User) -> list[tuple]:
    columns = list(zip(*rows, strict=True))
    with connection.cursor() as cursor:
        cursor.execute(_INSERT, [source, by.pk, timezone.now(), *[list(column) for column in columns]])
        return cursor.fetchall()


def _advance(stored: list[tuple], states: dict[int, str], by: User) -> None:
    """Move deliveries forward for the events just stored: moving events put an announced delivery in transit;
    the earliest "delivered" event delivers it at that time."""
    delivered: dict[int, datetime] = {}
    moving: set[int] = set()
    for delivery_id, kind, occurred in stored:
        if kind == EventKind.DELIVERED:
            delivered[delivery_id] = min(occurred, delivered.get(delivery_id, occurred))
        elif kind in MOVING:
            moving.add(delivery_id)
    changed = [pk for pk in sorted(moving | set(delivered)) if states.get(pk) != DeliveryState.DELIVERED]
    if not changed:
        return
    published: set[int] = set()
    for delivery in (
        Delivery.objects.select_for_update(of=("self",))
        .filter(pk__in=changed)
        .order_by("pk")
        .select_related("order__contract__buyer", "order__contract__supplier")
    ):
        if delivery.pk in delivered:
            delivery_mark_delivered(delivery, at=delivered[delivery.pk], by=by, publish=False)
            published.add(delivery.order.contract_id)
        elif delivery.state == DeliveryState.ANNOUNCED:
            transition(
                delivery,
                table=DELIVERY_TRANSITIONS,
                to=DeliveryState.IN_TRANSIT,
                by=by,
                action="in_transit",
                organization=delivery.order.contract.supplier,
            )
    for contract_id in sorted(published):  # one OCDS release per contract for the whole batch
        contract_publish(contract=contract_id, change="implementation")


@transaction.atomic
def tracking_ingest(*, by: User, events: list, source: str = EventSource.BULK) -> dict[str, int]:
    """Store a batch of up to 500 events ({delivery, external_id, kind, occurred_at, location?, hub?, reason?});
    answers how many were received, stored, and already known (duplicates)."""
    if not isinstance(events, list) or not events:
        raise refuse(_("Send a list of events."), field="events")
    if len(events) > MAX_BATCH:
        raise refuse(_("Send at most %(max)d events at a time.") % {"max": MAX_BATCH}, field="events")
    now = timezone.now()
    rows, errors = [], {}
    for index, item in enumerate(events):
        cleaned = _clean(index, item, now=now)
        if isinstance(cleaned, dict):
            errors.update(cleaned)
        else:
            rows.append((index, cleaned))
    states = _reportable(by, {row[0] for _i, row in rows})
    hubs = {row[5] for _i, row in rows if row[5] is not None}
    known_hubs = set(Hub.objects.filter(pk__in=hubs).values_list("pk", flat=True)) if hubs else set()
    for index, row in rows:
        if row[0] not in states:
            errors[f"events.{index}.delivery"] = [
                _("No delivery %(id)s that you ship and that is still under way.") % {"id": row[0]}
            ]
        if row[5] is not None and row[5] not in known_hubs:
            errors[f"events.{index}.hub"] = [_("No such hub.")]
    if errors:
        raise _refuse_batch(errors)
    stored = _insert([row for _i, row in rows], source=source, by=by)
    _advance(stored, states, by)
    return {"received": len(rows), "stored": len(stored), "duplicates": len(rows) - len(stored)}


def tracking_record(
    *,
    delivery: Delivery,
    by: User,
    kind: str,
    occurred_at: datetime | None = None,
    external_id: str = "",
    location: str = "",
    hub_id: int | None = None,
    reason: str = "",
    source: str = EventSource.PAGE,
) -> dict[str, int]:
    """One event from a page or the API: the same rules as a batch, errors named by field (kind, reason, …)."""
    delivery = Delivery.objects.select_related("order__contract__buyer", "order__contract__supplier").get(
        pk=delivery.pk
    )
    ensure_supplier_side(by, delivery.order.contract, doing=_("report tracking events"))
    item = {
        "delivery": delivery.pk,
        "kind": kind,
        "occurred_at": occurred_at or timezone.now(),
        "external_id": external_id or f"{source}-{uuid.uuid4()}",
        "location": location,
        "hub": hub_id,
        "reason": reason,
    }
    try:
        return tracking_ingest(by=by, events=[item], source=source)
    except ApplicationError as error:
        error.errors = {key.removeprefix("events.0."): value for key, value in error.errors.items()}
        raise
