"""Hubs, their services and slots, and the corridor links: kept by the hub's nation, its hub operators and
platform admins (links by the JCC too)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.audit import audit_record, diff, snapshot
from organizations.models import Organization, OrganizationKind, User
from organizations.services import validate_model

from .. import roles
from ..models import ClassificationLevel, Hub, HubLink, HubService, RailGauge, Slot, TransportMode
from ..vocabulary import AMMUNITION_GROUPS, HAZARD_CLASS_CHOICES
from .common import forbidden, refuse

HUB_FIELDS = [
    "name",
    "city",
    "latitude",
    "longitude",
    "modes",
    "rail_gauges",
    "changes_gauge",
    "security_level",
    "opening_hours",
    "description",
    "operator",
    "is_active",
]
SERVICE_FIELDS = [
    "kind",
    "name",
    "high_bay",
    "unit",
    "capacity_per_slot",
    "slot_hours",
    "cancellation_cutoff_hours",
    "lead_time_hours",
    "no_show_grace_hours",
    "hazardous_classes",
    "ammunition_groups",
    "max_classification",
    "price_note",
    "is_active",
]
MAX_SLOTS_PER_CALL = 5000


def _check_list(values, allowed, field: str, what: str) -> list:
    values = list(dict.fromkeys(values or []))
    wrong = [str(v) for v in values if v not in allowed]
    if wrong:
        raise refuse(_("Unknown %(what)s: %(v)s.") % {"what": what, "v": ", ".join(wrong)}, field=field)
    return values


def _apply(instance, data: dict[str, Any], fields: list[str]) -> None:
    unknown = set(data) - set(fields)
    if unknown:
        raise refuse(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    if "modes" in data:
        data["modes"] = _check_list(data["modes"], TransportMode.values, "modes", _("mode"))
    if "rail_gauges" in data:
        data["rail_gauges"] = sorted(
            _check_list([int(g) for g in data["rail_gauges"] or []], RailGauge.values, "rail_gauges", _("gauge"))
        )
    if "hazardous_classes" in data:
        data["hazardous_classes"] = _check_list(
            data["hazardous_classes"], HAZARD_CLASS_CHOICES, "hazardous_classes", _("hazard class")
        )
    if "ammunition_groups" in data:
        data["ammunition_groups"] = _check_list(
            [str(g).upper() for g in data["ammunition_groups"] or []],
            AMMUNITION_GROUPS,
            "ammunition_groups",
            _("compatibility group"),
        )
    for name, value in data.items():
        setattr(instance, name, value)


def _ensure_manages(user: User, nation_id: int, hub: Hub | None = None) -> None:
    if (
        user.is_platform_admin
        or roles.is_nap_of(user, nation_id)
        or (hub is not None and roles.operates_hub(user, hub.pk))
    ):
        return
    raise forbidden(_("Only the hub's nation, its hub operators and platform administrators keep hubs and services."))


@transaction.atomic
def hub_create(*, nation: Organization, by: User, **data: Any) -> Hub:
    """Register a hub of a nation (its nAP operators or platform admins)."""
    _ensure_manages(by, nation.pk)
    if nation.kind != OrganizationKind.NATION:
        raise refuse(_("Hubs belong to a nation."), field="nation")
    hub = Hub(nation=nation)
    _apply(hub, data, HUB_FIELDS)
    validate_model(hub)
    hub.save()
    audit_record(
        actor=by, action="hub.created", target=hub, organization=nation, changes=diff({}, snapshot(hub, HUB_FIELDS))
    )
    return hub


@transaction.atomic
def hub_update(*, hub: Hub, by: User, **data: Any) -> Hub:
    hub = Hub.objects.select_for_update().get(pk=hub.pk)
    _ensure_manages(by, hub.nation_id, hub)
    before = snapshot(hub, HUB_FIELDS)
    _apply(hub, data, HUB_FIELDS)
    validate_model(hub)
    hub.save()
    audit_record(
        actor=by,
        action="hub.updated",
        target=hub,
        organization=hub.nation,
        changes=diff(before, snapshot(hub, HUB_FIELDS)),
    )
    return hub


@transaction.atomic
def hub_service_create(*, hub: Hub, by: User, **data: Any) -> HubService:
    """Add a service to a hub with its unit, capacity per slot and booking rules."""
    _ensure_manages(by, hub.nation_id, hub)
    data.setdefault("max_classification", ClassificationLevel.UNCLASSIFIED)
    service = HubService(hub=hub)
    _apply(service, data, SERVICE_FIELDS)
    validate_model(service)
    service.save()
    audit_record(
        actor=by,
        action="hub_service.created",
        target=service,
        organization=hub.nation,
        changes=diff({}, snapshot(service, SERVICE_FIELDS)),
    )
    return service


@transaction.atomic
def hub_service_update(*, service: HubService, by: User, **data: Any) -> HubService:
    """Change a service. A new capacity per slot applies to slots not yet started, but never below what is
    already booked in a slot (the slot keeps its bookings; its capacity stops at the booked amount)."""
    service = HubService.objects.select_for_update(of=("self",)).select_related("hub").get(pk=service.pk)
    _ensure_manages(by, service.hub.nation_id, service.hub)
    before = snapshot(service, SERVICE_FIELDS)
    if "slot_hours" in data and data["slot_hours"] != service.slot_hours and service.slots.exists():
        raise refuse(
            _("The slot length of a service with slots cannot change; add a new service instead."), field="slot_hours"
        )
    _apply(service, data, SERVICE_FIELDS)
    validate_model(service)
    service.save()
    if before["capacity_per_slot"] != service.capacity_per_slot:
        Slot.objects.filter(service=service, start__gte=timezone.now()).update(
            capacity=Greatest(service.capacity_per_slot, F("booked"))
        )
    audit_record(
        actor=by,
        action="hub_service.updated",
        target=service,
        organization=service.hub.nation,
        changes=diff(before, snapshot(service, SERVICE_FIELDS)),
    )
    return service


@transaction.atomic
def slots_open(*, service: HubService, start: datetime, end: datetime, by: User | None) -> int:
    """Open the service's slots from `start` (rounded down to the hour) until `end`; existing slots stay as they
    are, so calling it again is harmless. Nobody can book the past: slots that would have ended by now are not
    opened, and a period that is over is refused. Returns how many slots were new."""
    if by is not None:
        _ensure_manages(by, service.hub.nation_id, service.hub)
    if end <= start:
        raise refuse(_("The period ends before it starts."), field="end")
    now = timezone.now()
    if end <= now:
        raise refuse(_("The period is over: open slots from now on."), field="end")
    start = start.replace(minute=0, second=0, microsecond=0)
    step = timedelta(hours=service.slot_hours)
    count = int((end - start) / step) + 1
    if count > MAX_SLOTS_PER_CALL:
        raise refuse(_("Open at most %(n)d slots at a time.") % {"n": MAX_SLOTS_PER_CALL}, field="end")
    slots = [
        Slot(service=service, start=start + i * step, end=start + (i + 1) * step, capacity=service.capacity_per_slot)
        for i in range(count)
        if start + i * step < end and start + (i + 1) * step > now
    ]
    before = Slot.objects.filter(service=service).count()
    Slot.objects.bulk_create(slots, ignore_conflicts=True)
    created = Slot.objects.filter(service=service).count() - before
    if created and by is not None:
        audit_record(
            actor=by,
            action="hub_service.slots_opened",
            target=service,
            organization=service.hub.nation,
            changes={"slots": [None, {"from": start.isoformat(), "until": end.isoformat(), "new": created}]},
        )
    return created


@transaction.atomic
def hub_link_create(
    *,
    from_hub: Hub,
    to_hub: Hub,
    mode: str,
    distance_km: int,
    by: User,
    gauge: int | None = None,
    both_ways: bool = True,
) -> list[HubLink]:
    """Add a corridor link (and its way back) for the movement planner: platform admins and JCC coordinators."""
    if not (by.is_platform_admin or roles.is_jcc(by)):
        raise forbidden(_("Only platform administrators and JCC coordinators keep the corridor network."))
    if mode == TransportMode.RAIL:
        for hub in (from_hub, to_hub):
            if gauge not in hub.rail_gauges:
                raise refuse(_("%(hub)s has no %(g)s mm track.") % {"hub": hub.name, "g": gauge}, field="gauge")
    links = []
    for origin, destination in [(from_hub, to_hub), (to_hub, from_hub)] if both_ways else [(from_hub, to_hub)]:
        link = HubLink.objects.filter(from_hub=origin, to_hub=destination, mode=mode, gauge=gauge).first()
        if link is None:
            link = HubLink(from_hub=origin, to_hub=destination, mode=mode, distance_km=distance_km, gauge=gauge)
            validate_model(link)
            link.save()
            audit_record(
                actor=by, action="hub_link.created", target=link, organization=None, changes={"link": [None, str(link)]}
            )
        links.append(link)
    return links
