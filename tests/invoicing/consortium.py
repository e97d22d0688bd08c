"""Test data for consortium payouts: a consortium (alliance with members and agreed shares) that won a tender,
with an accepted delivery to invoice, built through the marketplace and contracting services."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from alliances.models import Alliance, AllianceMember
from organizations.models import Membership, MembershipRole, Organization, User
from tests.contracting.factories import Deal, final_award
from tests.invoicing.flow import ready_to_invoice
from tests.marketplace.factories import buyer_with_officer, sme_with_member
from tests.organizations.factories import OrganizationFactory, member_of

NAMES = ["Nordlicht Logistik GmbH", "Baltic Storage Sp. z o.o.", "Rijn Transport B.V.", "Alpen Lager GmbH"]


@dataclass
class Consortium:
    deal: Deal
    organization: Organization  # the consortium as a bidder and seller
    alliance: Alliance
    members: list[Organization]  # the lead first
    admins: list[User]  # one administrator per member, in the same order


def consortium(*, cost_shares=("50", "30", "20"), work_shares=None, price=Decimal("50000")) -> Consortium:
    """An active consortium whose lead's administrator acts for it, with one member per share."""
    buyer, officer = buyer_with_officer()
    organization = OrganizationFactory(kind="consortium", legal_name="North Sea Logistics ARGE")
    alliance = Alliance.objects.create(
        kind="consortium", name="North Sea Logistics ARGE", purpose="Storage", organization=organization, state="active"
    )
    members, admins = [], []
    work_shares = work_shares or ["0"] * len(cost_shares)
    for index, (cost, work) in enumerate(zip(cost_shares, work_shares, strict=True)):
        member, admin = sme_with_member(legal_name=NAMES[index])
        AllianceMember.objects.create(
            alliance=alliance,
            organization=member,
            role="lead" if index == 0 else "partner",
            cost_share=Decimal(cost),
            work_share=Decimal(work),
        )
        members.append(member)
        admins.append(admin)
    # The consortium's Organization carries its lead's administrators (they sign and invoice for it).
    lead_admin = admins[0]
    Membership.objects.create(user=lead_admin, organization=organization, role=MembershipRole.ADMIN)
    _stranger_org, stranger = sme_with_member(legal_name="Other Company")
    tender = final_award(buyer, officer, organization, lead_admin, price=price)
    d = Deal(
        buyer=buyer,
        officer=officer,
        buyer_member=member_of(buyer, MembershipRole.MEMBER),
        supplier=organization,
        supplier_admin=lead_admin,
        supplier_member=admins[1],
        stranger=stranger,
        tender=tender,
    )
    return Consortium(deal=d, organization=organization, alliance=alliance, members=members, admins=admins)


def consortium_ready(**kwargs):
    """A consortium with a delivered and accepted order, ready for its lead to invoice."""
    c = consortium(**kwargs)
    _d, contract, order = ready_to_invoice(d=c.deal)
    return c, contract, order
