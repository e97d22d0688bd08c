"""Test data for alliances: two or three SMEs forming a consortium."""

from alliances import services
from organizations.models import MembershipRole
from tests.organizations.factories import OrganizationFactory, member_of


def sme(country="DE", **fields):
    organization = OrganizationFactory(country=country, **fields)
    return organization, member_of(organization, MembershipRole.ADMIN)


def consortium(kind="consortium", countries=("DE", "PL"), **fields):
    """A consortium with members in `countries`, all invitations accepted; returns (alliance, [(org, admin)])."""
    members = [sme(country) for country in countries]
    founder, founder_admin = members[0]
    alliance = services.alliance_create(
        founder=founder,
        by=founder_admin,
        kind=kind,
        name="Baltic Lift Consortium",
        purpose="Transport and storage for a NATO exercise",
        **fields,
    )
    for organization, admin in members[1:]:
        invitation = services.alliance_invite(alliance=alliance, organization=organization, by=founder_admin)
        services.invitation_answer(invitation=invitation, accept=True, by=admin)
    alliance.refresh_from_db()
    return alliance, members
