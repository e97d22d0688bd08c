"""The API's shared behaviour: one error format, idempotent POSTs, throttling, token authentication."""

import threading
import uuid
from types import SimpleNamespace

import pytest
from rest_framework.test import APIClient

from core.api.throttling import TokenRateThrottle
from organizations.models import Organization
from organizations.services import api_token_create, api_token_revoke
from tests.organizations.factories import UserFactory

pytestmark = pytest.mark.django_db

NEW_ORGANIZATION = {
    "legal_name": "Havel Logistics s.r.o.",
    "country": "CZ",
    "registration_id": "CZ27082440",
    "capability_codes": ["60100000-9"],
}


def token_client(user=None):
    user = user or UserFactory()
    _token, raw = api_token_create(user=user, name="ERP")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    return client, user


def test_validation_errors_name_each_field(cpv):
    client, _ = token_client()
    response = client.post(
        "/api/v1/organizations/organizations/",
        {"legal_name": "", "country": "XX", "capability_codes": ["99999999"]},
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["type"] == "validation_error"
    assert set(body["errors"]) >= {"legal_name", "country"}
    assert all(isinstance(messages, list) and messages for messages in body["errors"].values())


def test_unknown_cpv_code_is_a_field_error_and_nothing_is_saved(cpv):
    client, _ = token_client()
    response = client.post(
        "/api/v1/organizations/organizations/",
        {**NEW_ORGANIZATION, "capability_codes": ["60100000", "12345678"]},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"]["capability_codes"] == ["Unknown CPV code: 12345678."]
    assert not Organization.objects.filter(registration_id="CZ27082440").exists()


def test_duplicate_registration_id_is_refused_even_spelled_differently(cpv):
    client, _ = token_client()
    assert client.post("/api/v1/organizations/organizations/", NEW_ORGANIZATION, format="json").status_code == 201
    again = client.post(
        "/api/v1/organizations/organizations/", {**NEW_ORGANIZATION, "registration_id": "cz 2708 2440"}, format="json"
    )
    assert again.status_code == 400
    assert "already registered" in again.json()["errors"]["registration_id"][0]
    assert Organization.objects.filter(registration_id="CZ27082440").count() == 1


def test_unknown_api_path_answers_json_404():
    response = APIClient().get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert response.json() == {"type": "not_found", "detail": "Not found.", "errors": {}}


def test_missing_credentials_answer_401_in_the_error_format():
    response = APIClient().get("/api/v1/organizations/organizations/")
    assert response.status_code == 401
    assert response.json()["type"] == "not_authenticated"


def test_idempotent_replay_returns_the_stored_response_and_creates_once(cpv):
    client, _ = token_client()
    first = client.post(
        "/api/v1/organizations/organizations/", NEW_ORGANIZATION, format="json", HTTP_IDEMPOTENCY_KEY="create-havel-1"
    )
    replay = client.post(
        "/api/v1/organizations/organizations/", NEW_ORGANIZATION, format="json", HTTP_IDEMPOTENCY_KEY="create-havel-1"
    )
    assert first.status_code == replay.status_code == 201
    assert replay.json() == first.json()
    assert replay["Idempotent-Replayed"] == "true"
    assert Organization.objects.filter(registration_id="CZ27082440").count() == 1


def test_same_idempotency_key_with_a_different_body_is_refused(cpv):
    client, _ = token_client()
    client.post("/api/v1/organizations/organizations/", NEW_ORGANIZATION, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    other = client.post(
        "/api/v1/organizations/organizations/",
        {**NEW_ORGANIZATION, "legal_name": "Other"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="k-1",
    )
    assert other.status_code == 422
    assert other.json()["type"] == "idempotency_key_reused"
    assert not Organization.objects.filter(legal_name="Other").exists()


def test_idempotency_keys_are_scoped_to_the_caller(cpv):
    first, _ = token_client()
    second, _ = token_client()
    first.post("/api/v1/organizations/organizations/", NEW_ORGANIZATION, format="json", HTTP_IDEMPOTENCY_KEY="same")
    response = second.post(
        "/api/v1/organizations/organizations/",
        {**NEW_ORGANIZATION, "registration_id": "CZ1"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="same",
    )
    assert response.status_code == 201
    assert "Idempotent-Replayed" not in response


def test_requests_beyond_the_token_rate_are_throttled(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"token": "3/minute", "anon": "60/minute"},
    }
    client, _ = token_client()
    statuses = [client.get("/api/v1/organizations/me/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    throttled = client.get("/api/v1/organizations/me/")
    assert throttled.json()["type"] == "throttled"
    assert int(throttled["Retry-After"]) > 0
    other_client, _ = token_client()  # another token has its own budget
    assert other_client.get("/api/v1/organizations/me/").status_code == 200


def test_a_parallel_burst_of_one_token_passes_exactly_its_rate(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"token": "5/minute", "anon": "60/minute"},
    }
    request = SimpleNamespace(
        user=SimpleNamespace(is_authenticated=True, pk=uuid.uuid4().int),
        auth=SimpleNamespace(pk=uuid.uuid4().int, key_hash="x"),
    )
    allowed, start = [], threading.Barrier(20)

    def call():
        start.wait()
        allowed.append(TokenRateThrottle().allow_request(request, None))

    threads = [threading.Thread(target=call) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(allowed) == [False] * 15 + [True] * 5


def test_revoked_token_is_refused_with_a_clear_message():
    user = UserFactory()
    token, raw = api_token_create(user=user, name="ERP")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    assert client.get("/api/v1/organizations/me/").json()["email"] == user.email
    api_token_revoke(token=token, by=user)
    response = client.get("/api/v1/organizations/me/")
    assert response.status_code == 401
    assert response.json()["detail"] == "This API token has been revoked."


def test_token_is_stored_hashed_and_shown_once():
    user = UserFactory()
    client = APIClient()
    client.force_authenticate(user)
    created = client.post("/api/v1/organizations/tokens/", {"name": "Planning system"}, format="json").json()
    assert created["key"].startswith("alx_")
    listed = client.get("/api/v1/organizations/tokens/").json()["results"]
    assert "key" not in listed[0]
    assert created["key"] not in str(user.api_tokens.values_list())
    assert client.delete(f"/api/v1/organizations/tokens/{created['id']}/").status_code == 204
    assert client.get("/api/v1/organizations/tokens/").json()["results"][0]["revoked_at"] is not None


def test_page_size_is_capped(client_for):
    user = UserFactory()
    response = client_for(user).get("/api/v1/organizations/directory/", {"page_size": 10_000})
    assert response.status_code == 200
    assert "results" in response.json()


def test_schema_and_docs_are_served(client_for):
    client = client_for(UserFactory())
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    assert "/api/v1/organizations/organizations/" in schema.json()["paths"]
    assert client.get("/api/docs/").status_code == 200


def test_list_counts_are_capped_and_say_so(client_for, settings):
    from tests.organizations.factories import OrganizationFactory

    settings.API_COUNT_CAP = 3
    OrganizationFactory.create_batch(5)
    page = client_for(UserFactory()).get("/api/v1/organizations/directory/", {"page_size": 2}).json()
    assert (page["count"], page["count_capped"]) == (3, True)
    settings.API_COUNT_CAP = 100
    page = client_for(UserFactory()).get("/api/v1/organizations/directory/", {"page_size": 2}).json()
    assert (page["count"], page["count_capped"]) == (5, False)


def test_paging_goes_on_past_the_counted_rows(client_for, settings):
    from tests.organizations.factories import OrganizationFactory

    settings.API_COUNT_CAP = 3
    OrganizationFactory.create_batch(7)
    client = client_for(UserFactory())
    everything = client.get("/api/v1/organizations/directory/", {"page_size": 50}).json()["results"]
    seen, url = [], "/api/v1/organizations/directory/?page_size=2"
    while url:
        page = client.get(url).json()
        assert page["count_capped"] is True
        seen += page["results"]
        url = page["next"]
    assert [row["id"] for row in seen] == [row["id"] for row in everything]
    assert len(seen) == 7
    assert client.get("/api/v1/organizations/directory/", {"page_size": 2, "page": 5}).status_code == 404
    assert client.get("/api/v1/organizations/directory/", {"page_size": 2, "page": "x"}).status_code == 400
