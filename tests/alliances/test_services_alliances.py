"""Forming alliances: invitations, shares and lead, activation as a consortium bidder, leaving, dissolving."""

from decimal import Decimal

import pytest

from alliances import selectors, services
from alliances.models import AllianceMember
from core.api.errors import status_for
from core.errors import ApplicationError
from marketplace import services as marketplace_services
from organizations.models import AuditEntry, User
from tests.alliances.factories import consortium, sme
from tests.marketplace.factories import buyer_with_officer, published_tender
from tests.organizations.factories import UserFactory, member_of

pytestmark = pytest.mark.django_db


def _shares(members, lead_index=0):
    share = Decimal(100) / len(members)
    rows = [{"organization": org.pk, "work_share": share, "cost_share": share} for org, _admin in members]
    rows[-1]["work_share"] += Decimal(100) - sum(r["work_share"] for r in rows)
    rows[-1]["cost_share"] += Decimal(100) - sum(r["cost_share"] for r in rows)
    return rows


def test_inviting_twice_and_inviting_a_member_are_refused(compliance_data):
    alliance, members = consortium()
    founder_admin = members[0][1]
    with pytest.raises(ApplicationError) as member_again:
        services.alliance_invite(alliance=alliance, organization=members[1][0], by=founder_admin)
    assert member_again.value.code == "already_member"
    newcomer, _admin = sme("FR")
    services.alliance_invite(alliance=alliance, organization=newcomer, by=founder_admin)
    with pytest.raises(ApplicationError) as twice:
        services.alliance_invite(alliance=alliance, organization=newcomer, by=founder_admin)
    assert twice.value.code == "already_invited"


def test_shares_must_add_up_and_the_lead_must_be_a_member(compliance_data):
    alliance, members = consortium()
    admin = members[0][1]
    rows = _shares(members)
    rows[0]["work_share"] = Decimal("10")
    with pytest.raises(ApplicationError) as shares:
        services.members_set(alliance=alliance, by=admin, rows=rows)
    assert "add up to" in shares.value.errors["work_share"][0]
    outsider, _ = sme("FR")
    with pytest.raises(ApplicationError) as lead:
        services.members_set(alliance=alliance, by=admin, rows=_shares(members), lead=outsider)
    assert "lead" in lead.value.errors
    services.members_set(alliance=alliance, by=admin, rows=_shares(members), lead=members[1][0])
    assert AllianceMember.objects.get(alliance=alliance, role="lead").organization == members[1][0]


def test_only_member_admins_act_for_the_alliance(compliance_data):
    alliance, members = consortium()
    stranger, _ = sme("FR")
    with pytest.raises(ApplicationError) as refused:
        services.alliance_invite(alliance=alliance, organization=stranger, by=member_of(members[0][0]))
    assert status_for(refused.value.code) == 403


def test_activation_creates_a_consortium_bidder_and_only_active_consortia_bid(compliance_data, cpv):
    alliance, members = consortium(countries=("DE", "PL", "FR"))
    buyer, officer = buyer_with_officer()
    tender = published_tender(buyer, officer)
    services.members_set(alliance=alliance, by=members[0][1], rows=_shares(members))
    services.alliance_activate(alliance=alliance, by=members[0][1])
    alliance.refresh_from_db()
    bidder = alliance.organization
    assert bidder.kind == "consortium"
    assert alliance.state == "active"
    lead_admin = User.objects.get(pk=members[0][1].pk)  # a new request: memberships read afresh
    bid = marketplace_services.bid_create(tender=tender, bidder=bidder, by=lead_admin)
    assert bid.bidder == bidder
    # Leaving changes the partnership: it must be signed again before the consortium bids again.
    services.alliance_leave(
        alliance=alliance,
        organization=members[2][0],
        by=members[2][1],
        exit_steps_done=True,
        reason="Capacity needed elsewhere",
    )
    alliance.refresh_from_db()
    assert alliance.state == "negotiating"
    lot = tender.lots.first()
    with pytest.raises(ApplicationError) as inactive:
        marketplace_services.bid_update(bid=bid, by=lead_admin, offers=[{"lot": lot.pk, "price": 100}])
    assert inactive.value.code == "not_eligible"
    assert "alliance is active" in inactive.value.message


def test_leaving_needs_the_exit_steps_and_the_lead_hands_over_first(compliance_data):
    alliance, members = consortium()
    with pytest.raises(ApplicationError) as steps:
        services.alliance_leave(
            alliance=alliance, organization=members[1][0], by=members[1][1], exit_steps_done=False, reason="x"
        )
    assert steps.value.code == "exit_steps_missing"
    with pytest.raises(ApplicationError) as lead:
        services.alliance_leave(
            alliance=alliance, organization=members[0][0], by=members[0][1], exit_steps_done=True, reason="x"
        )
    assert lead.value.code == "lead_cannot_leave"


def test_alliances_are_visible_to_members_and_invitees_only(compliance_data):
    alliance, members = consortium()
    invited, invited_admin = sme("FR")
    services.alliance_invite(alliance=alliance, organization=invited, by=members[0][1])
    assert alliance in selectors.alliance_list_visible_to(user=members[1][1])
    assert alliance in selectors.alliance_list_visible_to(user=invited_admin)
    assert alliance not in selectors.alliance_workspace_visible_to(user=invited_admin)
    assert alliance not in selectors.alliance_list_visible_to(user=UserFactory(is_superuser=True))


def test_contact_details_are_revealed_only_by_the_recipient(compliance_data):
    sender, sender_admin = sme("DE")
    recipient, recipient_admin = sme("PL")
    contact = services.contact_request_send(
        sender=sender,
        recipient=recipient,
        subject="Teaming for lot 2",
        message="We bring rail capacity.",
        by=sender_admin,
    )
    with pytest.raises(ApplicationError):
        services.contact_details_reveal(contact=contact, by=sender_admin)
    services.contact_details_reveal(contact=contact, by=recipient_admin)
    contact.refresh_from_db()
    assert contact.details_revealed_at is not None
    assert AuditEntry.objects.filter(action="contact.details_revealed").exists()


def test_partner_search_and_due_diligence(compliance_data, cpv):
    from compliance import services as compliance_services
    from tests.compliance.factories import badge

    seeker, _seeker_admin = sme("DE")
    partner, partner_admin = sme("PL", headcount=30)
    partner.capability_codes.set(["60100000"])
    badge(partner, "defence_ready")
    found = selectors.partner_search(cpv="60000000", badges=["defence_ready"], sme_class="small")
    assert list(found) == [partner]
    report = selectors.due_diligence(viewer=seeker, partner=partner)
    assert [b.kind for b in report.badges] == ["defence_ready"]
    assert report.shared is False
    assert report.scores == []
    compliance_services.share_grant(owner=partner, grantee_id=seeker.pk, by=partner_admin)
    assert selectors.due_diligence(viewer=seeker, partner=partner).shared is True
