"""The two-member consortium the agreement tests draw up, sign and render, and the settings they use."""

from __future__ import annotations

from dataclasses import dataclass

from alliances.agreements import (
    agreement_generate,
    agreement_sign,
)
from alliances.models import (
    AgreementVersion,
    Alliance,
    AllianceKind,
    MemberRole,
)
from alliances.services import alliance_create, alliance_invite, invitation_answer, members_set
from organizations.models import MembershipRole, Organization, User
from tests.organizations.factories import OrganizationFactory, member_of

SETTINGS = {"notice_days": 60, "liability_cap": "250000", "arbitration_seat": "Vienna", "governing_law": "Austrian law"}
SETTINGS_DE = {
    "notice_days": 60,
    "liability_cap": 250000,
    "arbitration_seat": "Wien",
    "governing_law": "österreichisches Recht",
}
CONFIDENTIALITY_V2 = (
    "(1) Confidential information is any information a party receives from another party in connection with "
    "this agreement.\n\n(2) These obligations continue for seven years after a party's participation ends."
)


@dataclass
class Team:
    alliance: Alliance
    lead: Organization
    lead_admin: User
    partner: Organization
    partner_admin: User


def form_alliance(
    kind: str = AllianceKind.CONSORTIUM,
    name: str = "Baltic Shield Consortium",
    purpose: str = "A joint bid for coastal surveillance radars and their maintenance.",
    shares: bool = True,
) -> Team:
    lead = OrganizationFactory(
        legal_name="Nordlicht Sensorik GmbH", country="DE", street="Hafenstraße 3", postal_code="24103", city="Kiel"
    )
    lead_admin = member_of(lead, MembershipRole.ADMIN)
    partner = OrganizationFactory(legal_name="Alpenfunk Systeme GmbH", country="AT")
    partner_admin = member_of(partner, MembershipRole.ADMIN)
    alliance = alliance_create(founder=lead, by=lead_admin, kind=kind, name=name, purpose=purpose)
    role = MemberRole.PARENT if kind == AllianceKind.JOINT_VENTURE else MemberRole.PARTNER
    invitation = alliance_invite(alliance=alliance, organization=partner, by=lead_admin, role=role)
    invitation_answer(invitation=invitation, accept=True, by=partner_admin)
    if shares:
        members_set(
            alliance=alliance,
            by=lead_admin,
            rows=[
                {
                    "organization": lead.pk,
                    "work_share": 60,
                    "cost_share": 55,
                    "contribution": "Radar sensors (WP1) and system integration (WP3)",
                },
                {
                    "organization": partner.pk,
                    "work_share": 40,
                    "cost_share": 45,
                    "contribution": "Maintenance and training (WP2)",
                },
            ],
        )
    alliance.refresh_from_db()
    return Team(alliance, lead, lead_admin, partner, partner_admin)


def full_text(version: AgreementVersion) -> str:
    return "\n".join(clause["title"] + "\n" + clause["text"] for clause in version.clauses)


def first_version(team: Team, **kwargs) -> AgreementVersion:
    settings = kwargs.pop("settings", SETTINGS)
    agreement = agreement_generate(alliance=team.alliance, by=team.lead_admin, settings=settings, **kwargs)
    return agreement.versions.get()


def sign_all(team: Team, version: AgreementVersion) -> None:
    agreement_sign(version=version, organization=team.partner, by=team.partner_admin)
    agreement_sign(version=version, organization=team.lead, by=team.lead_admin)
