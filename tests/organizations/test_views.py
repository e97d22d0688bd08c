"""Browser pages answer with the right page, re-render forms with field errors and hide others' data."""

import pytest
from django.urls import reverse

from organizations.models import Membership, MembershipRole, Organization, User
from tests.organizations.factories import OrganizationFactory, UserFactory, member_of

pytestmark = pytest.mark.django_db


def test_sign_up_with_mismatched_passwords_re_renders_with_the_values_kept(client):
    response = client.post(
        reverse("signup"),
        {
            "full_name": "Ines Berg",
            "email": "ines@example.eu",
            "password": "a-long-good-passphrase",
            "password_confirm": "another-one",
        },
    )
    assert response.status_code == 200
    assert "The two passwords do not match." in response.content.decode()
    assert 'value="ines@example.eu"' in response.content.decode()
    assert not User.objects.filter(email="ines@example.eu").exists()


def test_sign_up_logs_in_and_leads_to_organization_registration(client):
    response = client.post(
        reverse("signup"),
        {
            "full_name": "Ines Berg",
            "email": "ines@example.eu",
            "password": "a-long-good-passphrase",
            "password_confirm": "a-long-good-passphrase",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("organization-create")
    assert client.get(reverse("dashboard")).status_code == 200


def test_organization_form_shows_unknown_cpv_code_next_to_the_field(client, cpv):
    client.force_login(UserFactory())
    response = client.post(
        reverse("organization-create"),
        {
            "kind": "company",
            "legal_name": "Ostsee Lager GmbH",
            "country": "DE",
            "capability_codes": "63120000, 99999999",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Unknown CPV code: 99999999." in page
    assert 'value="Ostsee Lager GmbH"' in page
    assert not Organization.objects.filter(legal_name="Ostsee Lager GmbH").exists()


def test_someone_elses_organization_page_is_not_found(client):
    mine, theirs = OrganizationFactory(), OrganizationFactory()
    client.force_login(member_of(mine, MembershipRole.ADMIN))
    assert client.get(reverse("organization-detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("organization-edit", args=[theirs.pk])).status_code == 404


def test_members_cannot_edit_or_invite(client):
    organization = OrganizationFactory()
    client.force_login(member_of(organization))
    assert client.get(reverse("organization-edit", args=[organization.pk])).status_code == 403
    response = client.post(
        reverse("organization-detail", args=[organization.pk]), {"email": "x@example.eu", "role": "member"}
    )
    assert response.status_code == 403
    assert not organization.invitations.exists()


def test_admin_invites_and_existing_member_gets_a_clear_message(client):
    organization = OrganizationFactory()
    admin = member_of(organization, MembershipRole.ADMIN)
    colleague = member_of(organization)
    client.force_login(admin)
    url = reverse("organization-detail", args=[organization.pk])
    response = client.post(url, {"email": colleague.email, "role": "member"})
    assert f"{colleague.email} is already a member" in response.content.decode()
    response = client.post(url, {"email": "new@example.eu", "role": "member"}, follow=True)
    assert "Invitation sent to new@example.eu." in response.content.decode()


def test_dashboard_navigation_follows_platform_roles(client):
    from organizations.models import PlatformRole

    user = UserFactory()
    client.force_login(user)
    assert "Review queue" not in client.get(reverse("dashboard")).content.decode()
    PlatformRole.objects.create(user=user, role="compliance_reviewer")
    assert "Review queue" in client.get(reverse("dashboard")).content.decode()


def test_dashboard_switches_to_german(client):
    client.force_login(UserFactory(full_name="Ines Berg"))
    client.post(reverse("set_language"), {"language": "de", "next": "/dashboard/"})
    page = client.get(reverse("dashboard")).content.decode()
    assert "Willkommen, Ines Berg" in page


def test_api_token_page_shows_the_key_once(client):
    user = UserFactory()
    client.force_login(user)
    page = client.post(reverse("api-tokens"), {"name": "ERP"}).content.decode()
    key = page.split('id="new-token-key">')[1].split("<")[0]
    assert key.startswith("alx_")
    assert key not in client.get(reverse("api-tokens")).content.decode()


def test_last_admin_leaving_gets_a_message_and_stays(client):
    organization = OrganizationFactory()
    admin = member_of(organization, MembershipRole.ADMIN)
    client.force_login(admin)
    membership = Membership.objects.get(user=admin)
    response = client.post(reverse("membership-change", args=[membership.pk]), {"action": "remove"}, follow=True)
    assert "at least one administrator" in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_healthz_reports_database_redis_and_worker(client):
    body = client.get("/healthz").json()
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["redis"] == "ok"
    # No worker runs in this test, and the health check says so instead of hanging.
    assert body["checks"]["celery_worker"] == "no worker answered"
    assert body["status"] == "degraded"


def test_password_reset_mails_a_working_link(client):
    from django.core import mail

    user = UserFactory(email="ines@example.eu")
    client.post(reverse("password_reset"), {"email": "ines@example.eu"})
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/reset/" in line).strip()
    path = link[link.index("/accounts/reset/") :]
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-new-long-passphrase", "new_password2": "a-new-long-passphrase"},
    )
    user.refresh_from_db()
    assert user.check_password("a-new-long-passphrase")


def test_platform_admins_use_the_django_admin(client):
    from organizations.models import PlatformRole

    user = UserFactory(is_staff=True)
    client.force_login(user)
    assert client.get("/admin/organizations/organization/").status_code == 403
    PlatformRole.objects.create(user=user, role="platform_admin")
    assert client.get("/admin/organizations/organization/").status_code == 200
