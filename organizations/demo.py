"""Demo data for `make run`: organizations across Europe and one login per platform role.

German organizations describe themselves in German, the others in English and German, so German mode shows no
English-only demo text."""

from __future__ import annotations

import copy
from decimal import Decimal

from django.db import transaction

from .models import Membership, MembershipRole, Organization, OrganizationKind, PlatformRole, User
from .services import (
    membership_invite,
    normalize_registration_id,
    organization_create,
    platform_role_grant,
    user_sign_up,
)

DEMO_PASSWORD = "alx-demo-2026!"

# (email, full name, platform roles, organization registration id, membership role)
DEMO_USERS = [
    ("admin@alx.example", "Ada Admin", ["platform_admin"], None, None),
    ("sme@alx.example", "Stefan Schmidt", [], "HRB 123456 B", MembershipRole.ADMIN),
    ("colleague@alx.example", "Clara König", [], "HRB 123456 B", MembershipRole.MEMBER),
    ("sme.pl@alx.example", "Piotr Nowak", [], "PL5260001246", MembershipRole.ADMIN),
    ("officer@alx.example", "Olivia Officer", ["procurement_officer"], "DE-BAAINBW-DEMO", MembershipRole.ADMIN),
    ("reviewer@alx.example", "Rita Reviewer", ["compliance_reviewer"], None, None),
    ("nap.de@alx.example", "Nils Nap", ["nap_operator"], "NATION-DE", MembershipRole.MEMBER),
    ("jcc@alx.example", "Julia Coordinator", ["jcc_coordinator"], "JCC-EU", MembershipRole.MEMBER),
    ("hub@alx.example", "Hugo Hub", ["hub_operator"], None, None),
]

DEMO_ORGANIZATIONS = [
    dict(
        kind=OrganizationKind.COMPANY,
        legal_name="Nordlicht Logistik GmbH",
        country="DE",
        registration_id="HRB 123456 B",
        city="Bremen",
        headcount=42,
        description="Lagerung, Umschlag und Straßentransport zwischen den Nordseehäfen und dem Baltikum; "
        "Gefahrgut nach ADR.",
        annual_turnover_eur=Decimal("8500000"),
        balance_sheet_total_eur=Decimal("4100000"),
        dual_use_intensity="balanced",
        tier_role="tier2",
        capability_codes=["60100000", "63120000", "50100000"],
        clusters=[{"name": "Maritime Cluster Northern Germany", "region": "Bremen"}],
    ),
    dict(
        kind=OrganizationKind.COMPANY,
        legal_name="Wisła Precision Sp. z o.o.",
        country="PL",
        registration_id="PL5260001246",
        city="Gdańsk",
        headcount=180,
        description="Präzisionsteile und Instandsetzung von Rad- und Kettenfahrzeugen. / Precision parts and "
        "maintenance of wheeled and tracked vehicles.",
        annual_turnover_eur=Decimal("31000000"),
        balance_sheet_total_eur=Decimal("22000000"),
        dual_use_intensity="defence_dominant",
        tier_role="tier1",
        capability_codes=["35000000", "50800000"],
        clusters=[],
    ),
    dict(
        kind=OrganizationKind.COMPANY,
        legal_name="Baltic Cyber OÜ",
        country="EE",
        registration_id="EE14567890",
        city="Tallinn",
        headcount=8,
        description="Penetrationstests und sichere Netze für Logistiker. / Penetration testing and secure networks "
        "for logistics firms.",
        annual_turnover_eur=Decimal("1200000"),
        balance_sheet_total_eur=Decimal("600000"),
        dual_use_intensity="civil_security_relevant",
        tier_role="tier3",
        capability_codes=["72000000", "79710000"],
        clusters=[],
    ),
    dict(
        kind=OrganizationKind.AUTHORITY,
        legal_name="Bundesamt für Beschaffung (Demo)",
        country="DE",
        registration_id="DE-BAAINBW-DEMO",
        city="Koblenz",
        description="Beschafft Logistikleistungen und Material für die Streitkräfte.",
    ),
    dict(kind=OrganizationKind.NATION, legal_name="Germany", country="DE", registration_id="NATION-DE"),
    dict(kind=OrganizationKind.NATION, legal_name="Poland", country="PL", registration_id="NATION-PL"),
    dict(kind=OrganizationKind.JCC, legal_name="Joint Coordination Centre", country="NL", registration_id="JCC-EU"),
]


@transaction.atomic
def demo_data_load() -> list[tuple[str, str]]:
    """Create what is missing and keep what exists; returns (login, roles) for the start banner."""
    admin = User.objects.filter(email="admin@alx.example").first()
    if admin is None:
        admin = User.objects.create_superuser("admin@alx.example", DEMO_PASSWORD, full_name="Ada Admin")

    organizations = {}
    for data in DEMO_ORGANIZATIONS:
        existing = Organization.objects.filter(
            registration_id=normalize_registration_id(data["registration_id"])
        ).first()
        organizations[data["registration_id"]] = existing or organization_create(
            by=admin, allow_any_kind=True, **copy.deepcopy(data)
        )
        # The admin created them only to seed; the demo people below are their members.
        Membership.objects.filter(user=admin, organization=organizations[data["registration_id"]]).delete()

    logins = []
    for email, name, roles, registration_id, membership_role in DEMO_USERS:
        user = User.objects.filter(email=email).first() or user_sign_up(
            email=email, full_name=name, password=DEMO_PASSWORD
        )
        organization = organizations.get(registration_id)
        if organization is not None:
            Membership.objects.get_or_create(user=user, organization=organization, defaults={"role": membership_role})
        for role in roles:
            nation = organizations["NATION-DE"] if role == "nap_operator" else None
            if not PlatformRole.objects.filter(user=user, role=role).exists():
                platform_role_grant(user=user, role=role, nation=nation, by=admin)
        logins.append((email, ", ".join(roles) or (f"{membership_role} of {organization}" if organization else "")))

    sme_org = organizations["HRB 123456 B"]
    if not sme_org.invitations.exists():
        membership_invite(
            organization=sme_org,
            email="new.colleague@alx.example",
            role=MembershipRole.MEMBER,
            by=User.objects.get(email="sme@alx.example"),
        )
    return logins
