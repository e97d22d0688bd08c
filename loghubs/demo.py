"""Demo LogHubs data for `make run`: nations, hubs across nine countries with services, corridor links (with the
1435/1520 mm gauge break at Kaunas), eight weeks of slots, nAP logins and a few requests in every stage.

Idempotent: what exists is kept, what is missing is added; slots are topped up to eight weeks from today.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from compliance.models import DestinationCategory, DestinationRule, Licence
from compliance.services import licence_add
from organizations.countries import EU_MEMBER_STATES
from organizations.demo import DEMO_PASSWORD
from organizations.models import Membership, MembershipRole, Organization, OrganizationKind, PlatformRole, User
from organizations.services import organization_create, platform_role_grant, user_sign_up

from . import services
from .demo_catalogue import DEMO_NAPS, HUBS, LINKS, NATIONS
from .models import Hub, HubService, ServiceRequest

SLOT_WEEKS = 8
DEMO_MARK = "(demo)"
EU = sorted(EU_MEMBER_STATES)
OPERATOR_ORG = dict(
    kind=OrganizationKind.COMPANY,
    legal_name="Weser Hub Services GmbH (demo)",
    country="DE",
    registration_id="HUBOP-DE-BREMERHAVEN",
    city="Bremerhaven",
    description="Betreibt den Logistik-Hub Bremerhaven: Lager, Umschlag und Betankung.",
)


def _admin() -> User:
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    return admin or User.objects.create_superuser("admin@alx.example", DEMO_PASSWORD, full_name="Ada Admin")


def _organization(admin: User, **data) -> Organization:
    existing = Organization.objects.filter(registration_id=data["registration_id"]).first()
    if existing is not None:
        return existing
    organization = organization_create(by=admin, allow_any_kind=True, **data)
    Membership.objects.filter(user=admin, organization=organization).delete()  # created only to seed
    return organization


def _user(email: str, name: str, role: str, admin: User, nation: Organization | None = None) -> User:
    user = User.objects.filter(email=email).first() or user_sign_up(email=email, full_name=name, password=DEMO_PASSWORD)
    if not PlatformRole.objects.filter(user=user, role=role, nation=nation).exists():
        platform_role_grant(user=user, role=role, nation=nation, by=admin)
    return user


def _licence(nation: Organization, admin: User) -> None:
    """The general transfer licence armed forces of EU states hold (Directive 2009/43/EC, art. 5(2)(a)), so that
    military cargo may move between the demo nations' hubs."""
    reference = f"GTL-AF-{nation.country}-DEMO"
    if Licence.objects.filter(organization=nation, reference=reference).exists():
        return
    today = timezone.localdate()
    licence_add(
        organization=nation,
        issuer="National transfer licensing authority (demo)",
        reference=reference,
        classifications=[f"ML{n}" for n in range(1, 23)],
        destinations=EU,
        valid_from=today,
        valid_until=today + timedelta(days=730),
        by=admin,
    )


def _hubs(nations: dict[str, Organization], admin: User, operator: Organization) -> dict[str, Hub]:
    hubs = {}
    for key, (country, name, city, lat, lon, modes, gauges, changes, security, hours, offered) in HUBS.items():
        nation = nations[country]
        hub = Hub.objects.filter(nation=nation, name=name).first() or services.hub_create(
            nation=nation,
            by=admin,
            name=name,
            city=city,
            latitude=Decimal(lat),
            longitude=Decimal(lon),
            modes=modes,
            rail_gauges=gauges,
            changes_gauge=changes,
            security_level=security,
            opening_hours=hours,
            operator=operator if key == "bremerhaven" else None,
            description="Demodaten: ein erfundener Hub in einer echten europäischen Stadt, keine Aussage über "
            "militärische Standorte. / Demo data: a fictional hub in a real European city; not a "
            "statement about military sites.",
        )
        for data in offered:
            if not HubService.objects.filter(hub=hub, name=data["name"]).exists():
                services.hub_service_create(hub=hub, by=admin, **data)
        hubs[key] = hub
    return hubs


def _slots(hubs: dict[str, Hub]) -> int:
    start = timezone.make_aware(datetime.combine(timezone.localdate(), time.min))
    end = start + timedelta(weeks=SLOT_WEEKS)
    return sum(
        services.slots_open(service=service, start=start, end=end, by=None)
        for service in HubService.objects.filter(hub__in=hubs.values())
    )


RELEASED = "An den angefragten Hub freigegeben. / Released to the requested hub."
GAUGE_CHANGE = (
    "Kaunas ist der Spurwechselpunkt auf dem Weg nach Klaipėda. / Kaunas is the gauge-change point on "
    "the way to Klaipėda."
)
GATE_IN = "Anlieferung 06–18 Uhr. / Gate-in 06–18."
COST_SHARING = (
    "Kostenteilung nach der Vereinbarung zur Gastlandunterstützung. / Costs shared under the host-nation support MoU."
)
PARTS_TEXT = "Fahrzeugersatzteile in 20-Fuß-Containern / Vehicle spare parts in 20 ft containers"
AMMUNITION_TEXT = "Handwaffenmunition 5,56 mm / Small-arms ammunition 5.56 mm"


def _requests(hubs: dict[str, Hub], nations: dict[str, Organization], naps: dict[str, User], jcc: User) -> int:
    """A few requests in different stages for the JCC dashboard: submitted, routed, offered, booked, a conflict.
    The texts are German and English: the JCC and the nAPs of four nations read them."""
    if ServiceRequest.objects.filter(requesting_unit__endswith=DEMO_MARK).exists():
        return 0
    day = timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=10), time(6)))
    parts = [{"description": PARTS_TEXT, "quantity": 30, "weight_kg": "240000", "export_classification": "not_listed"}]
    ammunition = [
        {
            "description": AMMUNITION_TEXT,
            "quantity": 8,
            "weight_kg": "96000",
            "hazardous_class": "1.4",
            "ammunition_group": "S",
            "export_classification": "ML3",
            "classification_level": "restricted",
        }
    ]

    def file(nation, hub, kind, unit, quantity, days, priority=3, cargo=None, start=day):
        request = services.request_create(
            nation=nations[nation],
            by=naps[nation],
            requesting_unit=f"{unit} {DEMO_MARK}",
            service_kind=kind,
            target_hub=hubs[hub],
            period_start=start,
            period_end=start + timedelta(days=days),
            quantity=quantity,
            priority=priority,
            mode_in="rail",
            mode_out="road",
            cargo=cargo or [],
        )
        return services.request_submit(request=request, by=naps[nation])

    file("DE", "klaipeda", "storage", "Panzerbataillon 393 (exercise)", 30, 7, cargo=parts)
    routed = file("PL", "kaunas", "transshipment", "16th Mechanised Division logistics", 20, 1, priority=2, cargo=parts)
    services.request_route(request=routed, by=jcc, reason=GAUGE_CHANGE)
    offered = file("NL", "gdansk", "storage", "1 (NL) Logistics Battalion", 40, 5, cargo=parts)
    services.request_route(request=offered, by=jcc, reason=RELEASED)
    services.offer_create(request=offered, by=naps["PL"], price=Decimal("18400"), conditions=GATE_IN)
    booked = file("DE", "rotterdam", "storage", "Logistikbataillon 161", 60, 4, cargo=ammunition)
    services.request_route(request=booked, by=jcc, reason=RELEASED)
    offer = services.offer_create(request=booked, by=naps["NL"], cost_sharing_note=COST_SHARING)
    services.offer_accept(offer=offer, by=naps["DE"])
    file("DE", "gdansk", "maintenance", "Instandsetzungsbataillon 7", 18, 3, priority=2)
    file("LT", "gdansk", "maintenance", "Mechanised Infantry Brigade Iron Wolf", 16, 3, priority=4)
    return 6


@transaction.atomic
def loghubs_demo_load() -> list[str]:
    admin = _admin()
    if not DestinationRule.objects.exists():
        DestinationRule.objects.bulk_create([DestinationRule(country=c, category=DestinationCategory.EU) for c in EU])
    nations = {
        code: _organization(
            admin, kind=OrganizationKind.NATION, legal_name=name, country=code, registration_id=f"NATION-{code}"
        )
        for code, name in NATIONS.items()
    }
    for nation in nations.values():
        _licence(nation, admin)
    naps = {code: _user(email, name, "nap_operator", admin, nations[code]) for email, name, code in DEMO_NAPS}
    for code, user in naps.items():
        Membership.objects.get_or_create(
            user=user, organization=nations[code], defaults={"role": MembershipRole.MEMBER}
        )
    jcc = _user("jcc@alx.example", "Julia Coordinator", "jcc_coordinator", admin)
    operator_org = _organization(admin, **OPERATOR_ORG)
    hub_user = _user("hub@alx.example", "Hugo Hub", "hub_operator", admin)
    Membership.objects.get_or_create(user=hub_user, organization=operator_org, defaults={"role": MembershipRole.MEMBER})
    hubs = _hubs(nations, admin, operator_org)
    links = 0
    for origin, destination, mode, km, gauge in LINKS:
        links += len(
            services.hub_link_create(
                from_hub=hubs[origin], to_hub=hubs[destination], mode=mode, distance_km=km, gauge=gauge, by=admin
            )
        )
    slots = _slots(hubs)
    requests = _requests(hubs, nations, naps, jcc)
    return [
        f"LogHubs demo: {len(hubs)} hubs in {len(nations)} nations, {links} corridor links, {slots} new slots "
        f"({SLOT_WEEKS} weeks), {requests} new demo requests.",
        f"LogHubs logins (password {DEMO_PASSWORD}): "
        + ", ".join(email for email, _n, _c in DEMO_NAPS)
        + ", jcc@alx.example, hub@alx.example (operator of the Bremerhaven hub)",
    ]
