"""Services of the organizations app: sign-up, invitations, roles, and the audit trail they leave."""

import pytest
from django.core import mail

from core.api.errors import status_for
from core.errors import ApplicationError
from organizations import services
from organizations.models import AuditEntry, Invitation, Membership, MembershipRole, Organization, User
from tests.organizations.factories import OrganizationFactory, UserFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("password", "message_part"),
    [("short", "too short"), ("password123", "too common"), ("4938271650123", "entirely numeric")],
)
def test_sign_up_refuses_weak_passwords_and_creates_nothing(password, message_part):
    with pytest.raises(ApplicationError) as refused:
        services.user_sign_up(email="ines@example.eu", full_name="Ines", password=password)
    assert message_part in " ".join(refused.value.errors["password"])
    assert not User.objects.filter(email="ines@example.eu").exists()


def test_sign_up_refuses_an_existing_address_in_any_case():
    UserFactory(email="ines@example.eu")
    with pytest.raises(ApplicationError) as refused:
        services.user_sign_up(email="Ines@Example.eu", full_name="Ines", password="a-long-good-passphrase")
    assert "already exists" in refused.value.errors["email"][0]


def test_creator_becomes_admin_and_creation_is_audited(cpv):
    user = UserFactory()
    organization = services.organization_create(
        by=user,
        legal_name="Ostsee Lager GmbH",
        country="DE",
        registration_id="hrb 4711",
        capability_codes="63120000-6, 60100000",
    )
    assert organization.registration_id == "HRB4711"
    assert Membership.objects.get(user=user, organization=organization).role == MembershipRole.ADMIN
    entry = AuditEntry.objects.get(action="organization.created")
    assert entry.actor == user
    assert entry.organization == organization
    assert entry.changes["capability_codes"] == [None, ["60100000", "63120000"]]


def test_invalid_country_is_refused_with_a_field_error():
    with pytest.raises(ApplicationError) as refused:
        services.organization_create(by=UserFactory(), legal_name="Nowhere Ltd", country="XX")
    assert "country" in refused.value.errors
    assert not Organization.objects.filter(legal_name="Nowhere Ltd").exists()


def test_companies_cannot_register_as_nation():
    with pytest.raises(ApplicationError) as refused:
        services.organization_create(by=UserFactory(), kind="nation", legal_name="Atlantis", country="DE")
    assert status_for(refused.value.code) == 403


def test_update_records_before_and_after_values():
    organization = OrganizationFactory(city="Bremen")
    admin = member_of(organization, MembershipRole.ADMIN)
    services.organization_update(organization=organization, by=admin, city="Kiel", headcount=300)
    entry = AuditEntry.objects.get(action="organization.updated")
    assert entry.changes == {"city": ["Bremen", "Kiel"], "headcount": [40, 300]}
    organization.refresh_from_db()
    assert organization.sme_class == "large"


def test_invitation_mails_a_link_that_the_invited_person_accepts(django_capture_on_commit_callbacks):
    organization = OrganizationFactory()
    admin = member_of(organization, MembershipRole.ADMIN)
    with django_capture_on_commit_callbacks(execute=True):
        invitation, raw = services.membership_invite(
            organization=organization, email="Kai@Example.eu", role=MembershipRole.MEMBER, by=admin
        )
    assert invitation.email == "kai@example.eu"
    assert raw not in invitation.token_hash
    assert len(mail.outbox) == 1
    assert raw in mail.outbox[0].body
    kai = UserFactory(email="kai@example.eu")
    membership = services.invitation_accept(raw_token=raw, user=kai)
    assert membership.organization == organization
    assert membership.role == MembershipRole.MEMBER
    with pytest.raises(ApplicationError):  # a used link cannot be used again
        services.invitation_accept(raw_token=raw, user=kai)


def test_invitation_for_an_existing_member_is_refused():
    organization = OrganizationFactory()
    admin = member_of(organization, MembershipRole.ADMIN)
    member = member_of(organization)
    with pytest.raises(ApplicationError) as refused:
        services.membership_invite(organization=organization, email=member.email.upper(), role="member", by=admin)
    assert refused.value.code == "already_member"
    assert "already a member" in refused.value.errors["email"][0]
    assert not Invitation.objects.exists()


def test_invitation_cannot_be_accepted_by_someone_else():
    organization = OrganizationFactory()
    admin = member_of(organization, MembershipRole.ADMIN)
    _invitation, raw = services.membership_invite(
        organization=organization, email="kai@example.eu", role="member", by=admin
    )
    with pytest.raises(ApplicationError) as refused:
        services.invitation_accept(raw_token=raw, user=UserFactory(email="mallory@example.eu"))
    assert status_for(refused.value.code) == 403
    assert not Membership.objects.filter(user__email="mallory@example.eu").exists()


def test_reinviting_replaces_the_old_link():
    organization = OrganizationFactory()
    admin = member_of(organization, MembershipRole.ADMIN)
    _first, old_raw = services.membership_invite(
        organization=organization, email="kai@example.eu", role="member", by=admin
    )
    services.membership_invite(organization=organization, email="kai@example.eu", role="admin", by=admin)
    with pytest.raises(ApplicationError):
        services.invitation_accept(raw_token=old_raw, user=UserFactory(email="kai@example.eu"))


def test_the_last_admin_can_neither_leave_nor_be_demoted():
    organization = OrganizationFactory()
    admin = member_of(organization, MembershipRole.ADMIN)
    membership = admin.memberships.get()
    with pytest.raises(ApplicationError) as demote:
        services.membership_set_role(membership=membership, role="member", by=admin)
    assert demote.value.code == "last_admin"
    with pytest.raises(ApplicationError):
        services.membership_remove(membership=membership, by=admin)
    second = member_of(organization, MembershipRole.ADMIN)
    services.membership_remove(membership=membership, by=admin)
    assert list(organization.memberships.values_list("user", flat=True)) == [second.pk]
    assert AuditEntry.objects.filter(action="membership.removed", organization=organization).exists()


def test_nap_operator_role_needs_a_nation():
    from organizations.models import PlatformRole

    platform_admin = UserFactory(is_superuser=True)
    user = UserFactory()
    with pytest.raises(ApplicationError) as refused:
        services.platform_role_grant(user=user, role="nap_operator", by=platform_admin)
    assert "nation" in refused.value.message.lower()
    nation = OrganizationFactory(kind="nation", legal_name="Germany", registration_id="NATION-DE")
    grant = services.platform_role_grant(user=user, role="nap_operator", nation=nation, by=platform_admin)
    assert PlatformRole.objects.get(pk=grant.pk).nation == nation
    with pytest.raises(ApplicationError):
        services.platform_role_grant(user=user, role="jcc_coordinator", by=user)


def test_the_invitation_mail_speaks_the_inviters_language(django_capture_on_commit_callbacks):
    from django.utils import translation

    organization = OrganizationFactory()
    admin = member_of(organization, MembershipRole.ADMIN)
    with translation.override("de"), django_capture_on_commit_callbacks(execute=True):
        services.membership_invite(
            organization=organization, email="ines@example.eu", role=MembershipRole.MEMBER, by=admin
        )
    assert "Nehmen Sie die Einladung hier an:" in mail.outbox[-1].body
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_invite(
            organization=organization, email="kai@example.eu", role=MembershipRole.MEMBER, by=admin
        )
    assert "Accept the invitation:" in mail.outbox[-1].body
