"""Test data for LogHubs: nations with nAP operators, the JCC, hubs with services and open slots, and requests
taken through their stages with the real services."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from loghubs import services
from loghubs.models import Hub, HubLink, HubService, ServiceRequest
from organizations.models import MembershipRole, Organization
from tests.organizations.factories import OrganizationFactory, UserFactory, member_of, with_platform_role

NATION_NAMES = {"DE": "Germany", "PL": "Poland", "LT": "Lithuania", "NL": "Netherlands", "FR": "France"}


def day(offset: int = 3, hour: int = 0) -> datetime:
    """Local midnight `offset` days from today (plus `hour`): slots start there, clear of every lead time."""
    return timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=offset), time(hour)))


def nation(code: str = "DE") -> Organization:
    existing = Organization.objects.filter(registration_id=f"NATION-{code}").first()
    return existing or OrganizationFactory(
        kind="nation",
        legal_name=NATION_NAMES.get(code, code),
        country=code,
        registration_id=f"NATION-{code}",
        headcount=None,
        annual_turnover_eur=None,
        balance_sheet_total_eur=None,
    )


def nap_of(organization: Organization):
    return with_platform_role(UserFactory(), "nap_operator", organization)


def jcc_user():
    return with_platform_role(UserFactory(), "jcc_coordinator")


def hub_operator_of(hub: Hub):
    return with_platform_role(member_of(hub.operator or hub.nation, MembershipRole.MEMBER), "hub_operator")


def hub(
    owner: Organization,
    *,
    name: str = "Test Hub",
    city: str = "Klaipėda",
    lat: str = "55.70000",
    lon: str = "21.14000",
    modes=("road", "rail", "sea"),
    gauges=(1435,),
    changes_gauge: bool = False,
) -> Hub:
    return Hub.objects.create(
        nation=owner,
        name=name,
        city=city,
        latitude=Decimal(lat),
        longitude=Decimal(lon),
        modes=list(modes),
        rail_gauges=list(gauges),
        changes_gauge=changes_gauge,
    )


def service(
    at: Hub,
    *,
    kind: str = "storage",
    capacity: int = 20,
    slot_hours: int = 24,
    days: int = 6,
    start: datetime | None = None,
    name: str | None = None,
    **rules,
) -> HubService:
    """A service with slots opened for `days` days from day(3) (or `start`)."""
    rules = {
        "hazardous_classes": ["3", "8", "9"],
        "ammunition_groups": [],
        "max_classification": "restricted",
        "lead_time_hours": 24,
        "cancellation_cutoff_hours": 48,
        "no_show_grace_hours": 4,
        **rules,
    }
    created = HubService.objects.create(
        hub=at,
        kind=kind,
        name=name or f"{kind} {capacity}",
        unit="teu",
        capacity_per_slot=capacity,
        slot_hours=slot_hours,
        **rules,
    )
    begin = start or day(3)
    services.slots_open(service=created, start=begin, end=begin + timedelta(days=days), by=None)
    return created


def link(a: Hub, b: Hub, mode: str, km: int, gauge: int | None = None) -> None:
    HubLink.objects.create(from_hub=a, to_hub=b, mode=mode, distance_km=km, gauge=gauge)
    HubLink.objects.create(from_hub=b, to_hub=a, mode=mode, distance_km=km, gauge=gauge)


PARTS = {"description": "Vehicle spare parts", "quantity": 10, "weight_kg": "8000", "export_classification": ""}


def request_data(target: Hub | None, **overrides) -> dict:
    data = {
        "requesting_unit": "Logistics Battalion 161",
        "service_kind": "storage",
        "target_hub": target,
        "period_start": day(3, 6),
        "period_end": day(5, 6),
        "quantity": 5,
        "priority": 3,
        "mode_in": "rail",
        "mode_out": "road",
        "cargo": [dict(PARTS)],
    }
    data.update(overrides)
    return data


def submitted(requester: Organization, nap, target: Hub | None, **overrides) -> ServiceRequest:
    request = services.request_create(nation=requester, by=nap, **request_data(target, **overrides))
    return services.request_submit(request=request, by=nap)


def routed(requester, nap, target: Hub, jcc, **overrides) -> ServiceRequest:
    request = submitted(requester, nap, target, **overrides)
    return services.request_route(request=request, by=jcc, reason="Released to the requested hub.")


def offered(requester, nap, target: Hub, jcc, hub_nap, **overrides):
    request = routed(requester, nap, target, jcc, **overrides)
    offer = services.offer_create(request=request, by=hub_nap)
    request.refresh_from_db()
    return request, offer


class Network:
    """Germany requests at Lithuania's hub; Poland is a third nation; the JCC coordinates; an SME looks on."""

    def __init__(self, capacity: int = 20):
        self.de, self.lt, self.pl = nation("DE"), nation("LT"), nation("PL")
        self.de_nap, self.lt_nap, self.pl_nap = nap_of(self.de), nap_of(self.lt), nap_of(self.pl)
        self.jcc = jcc_user()
        self.hub = hub(self.lt)
        self.storage = service(self.hub, capacity=capacity)
        self.operator = hub_operator_of(self.hub)
        self.sme = member_of(OrganizationFactory())

    def offered(self, **overrides):
        return offered(self.de, self.de_nap, self.hub, self.jcc, self.lt_nap, **overrides)
