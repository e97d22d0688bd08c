"""Permission matrix of the organizations API: role × own / other organization × method → status."""

import pytest

from organizations.models import MembershipRole
from tests.organizations.factories import OrganizationFactory, UserFactory, member_of, with_platform_role

PATCH_BODY = {"city": "Kiel"}


def _client(client_for, role, own):
    if role == "anonymous":
        from rest_framework.test import APIClient

        return APIClient()
    if role == "platform_admin":
        return client_for(with_platform_role(UserFactory(), "platform_admin"))
    if role == "outsider":
        return client_for(UserFactory())
    return client_for(member_of(own, role))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "target", "method", "expected"),
    [
        # members read their own organization, cannot change or delete it
        ("member", "own", "get", 200),
        ("member", "own", "patch", 403),
        ("member", "own", "delete", 403),
        # admins read and change, deleting is for platform admins
        ("admin", "own", "get", 200),
        ("admin", "own", "patch", 200),
        ("admin", "own", "delete", 403),
        # someone else's organization does not exist for you
        ("member", "other", "get", 404),
        ("member", "other", "patch", 404),
        ("member", "other", "delete", 404),
        ("admin", "other", "get", 404),
        ("admin", "other", "patch", 404),
        ("admin", "other", "delete", 404),
        ("outsider", "other", "get", 404),
        # platform admins manage every organization
        ("platform_admin", "other", "get", 200),
        ("platform_admin", "other", "patch", 200),
        ("platform_admin", "other", "delete", 204),
        # no credentials, no answer
        ("anonymous", "other", "get", 401),
        ("anonymous", "other", "patch", 401),
    ],
)
def test_organization_detail_permission_matrix(client_for, role, target, method, expected):
    own, other = OrganizationFactory(), OrganizationFactory()
    client = _client(client_for, role, own)
    organization = own if target == "own" else other
    url = f"/api/v1/organizations/organizations/{organization.pk}/"
    response = getattr(client, method)(url, PATCH_BODY if method == "patch" else None, format="json")
    assert response.status_code == expected, response.content
    if expected >= 400:
        assert set(response.json()) == {"type", "detail", "errors"}


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "listed"), [("member", 1), ("admin", 1), ("outsider", 0), ("platform_admin", 2)])
def test_organization_list_shows_only_own_organizations(client_for, role, listed):
    own, _other = OrganizationFactory(), OrganizationFactory()
    response = _client(client_for, role, own).get("/api/v1/organizations/organizations/")
    assert response.status_code == 200
    assert response.json()["count"] == listed


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "target", "method", "expected"),
    [
        ("member", "own", "get", 200),
        ("member", "own", "patch", 403),  # only admins change roles
        ("admin", "own", "patch", 200),
        ("admin", "own", "delete", 204),
        ("member", "other", "get", 404),
        ("admin", "other", "patch", 404),
        ("admin", "other", "delete", 404),
    ],
)
def test_membership_permission_matrix(client_for, role, target, method, expected):
    own, other = OrganizationFactory(), OrganizationFactory()
    client = _client(client_for, role, own)
    member_of(other, MembershipRole.ADMIN)
    colleague = member_of(own if target == "own" else other)
    membership = colleague.memberships.get()
    url = f"/api/v1/organizations/memberships/{membership.pk}/"
    response = getattr(client, method)(url, {"role": "admin"} if method == "patch" else None, format="json")
    assert response.status_code == expected, response.content


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "expected"), [("admin", 201), ("member", 400), ("outsider", 400)])
def test_only_admins_invite(client_for, role, expected):
    own = OrganizationFactory()
    client = _client(client_for, role, own)
    response = client.post(
        "/api/v1/organizations/invitations/", {"organization": own.pk, "email": "new@example.eu"}, format="json"
    )
    assert response.status_code == expected, response.content
    if expected == 400:
        assert "organization" in response.json()["errors"]


@pytest.mark.django_db
def test_audit_log_is_visible_to_own_admins_only(client_for):
    own, other = OrganizationFactory(), OrganizationFactory()
    admin, member = member_of(own, MembershipRole.ADMIN), member_of(own)
    other_admin = member_of(other, MembershipRole.ADMIN)
    client_for(admin).patch(f"/api/v1/organizations/organizations/{own.pk}/", {"city": "Kiel"}, format="json")

    entries = client_for(admin).get("/api/v1/organizations/audit/").json()["results"]
    assert [e["action"] for e in entries] == ["organization.updated"]
    assert entries[0]["changes"]["city"][1] == "Kiel"
    assert client_for(member).get("/api/v1/organizations/audit/").json()["count"] == 0
    assert client_for(other_admin).get("/api/v1/organizations/audit/").json()["count"] == 0
