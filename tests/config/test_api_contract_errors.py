"""Malformed ids, writes to no route and requests for HTML all answer the documented JSON, never a 500 or a page."""

import pytest

from tests.organizations.factories import OrganizationFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/alliances/contacts/abc/reveal/",
        "/api/v1/alliances/invitations/abc/accept/",
        "/api/v1/alliances/invitations/abc/decline/",
        "/api/v1/marketplace/tenders/1.5/cancel/",
        "/api/v1/no-such-app/things/",
    ],
)
def test_a_write_to_a_malformed_id_or_no_route_is_a_json_404(client_for, path):
    client = client_for(member_of(OrganizationFactory()))
    client.enforce_csrf_checks = True  # as a browser session would be checked
    response = client.post(path, {}, format="json")
    assert response.status_code == 404, response.content
    assert response["Content-Type"] == "application/json"
    assert response.json()["type"] == "not_found"


def test_due_diligence_with_a_malformed_id_is_a_404(client_for):
    client = client_for(member_of(OrganizationFactory()))
    assert client.get("/api/v1/alliances/partners/abc/due-diligence/").status_code == 404
    assert client.get("/api/v1/alliances/partners/1/due-diligence/", {"viewer": "x"}).status_code == 404


@pytest.mark.parametrize("ask", [{"format": "api"}, {"HTTP_ACCEPT": "text/html"}])
def test_the_api_answers_json_when_html_is_asked_for(client_for, ask):
    client = client_for(member_of(OrganizationFactory()))
    query = {"format": ask["format"]} if "format" in ask else {}
    headers = {key: value for key, value in ask.items() if key != "format"}
    response = client.get("/api/v1/marketplace/tenders/", query, **headers)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "count" in response.json()
