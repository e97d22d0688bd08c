"""Failure behaviour with a really unreachable Redis or PostgreSQL: no 500, no HTML on /api/, a clear 503."""

import json
import logging

import pytest
from django.db import connection
from django.test import Client
from rest_framework.test import APIClient

from organizations.services import api_token_create
from tests.organizations.factories import UserFactory

CLOSED_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def _token_client(user) -> APIClient:
    _token, raw = api_token_create(user=user, name="ERP")
    client = APIClient(raise_request_exception=False)
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    return client


@pytest.fixture
def redis_unreachable(settings):
    settings.REDIS_URL = CLOSED_REDIS
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": CLOSED_REDIS}}
    return settings


@pytest.mark.django_db
def test_throttle_fails_open_with_a_warning_while_redis_is_unreachable(redis_unreachable, caplog, monkeypatch):
    from core.api import throttling

    monkeypatch.setitem(throttling._last_warning, "at", float("-inf"))
    client = _token_client(UserFactory(email="erp@example.eu"))
    with caplog.at_level(logging.WARNING, logger="core.api.throttling"):
        response = client.get("/api/v1/organizations/me/")
    assert response.status_code == 200
    assert response.json()["email"] == "erp@example.eu"
    assert any("Redis unreachable" in record.getMessage() for record in caplog.records)


@pytest.mark.django_db
def test_idempotency_key_request_answers_503_json_with_retry_after_while_redis_is_unreachable(redis_unreachable):
    client = _token_client(UserFactory())
    response = client.post(
        "/api/v1/organizations/tokens/", {"name": "Planning"}, format="json", HTTP_IDEMPOTENCY_KEY="k-1"
    )
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json()["type"] == "idempotency_store_unavailable"
    assert int(response["Retry-After"]) > 0
    # without a key the same request is served: only the key's promise needs the store
    assert client.post("/api/v1/organizations/tokens/", {"name": "Planning"}, format="json").status_code == 201


@pytest.fixture
def postgres_unreachable():
    """Point the connection at a socket directory where no PostgreSQL listens, then put it back."""
    saved = dict(connection.settings_dict)

    def unplug():
        connection.close()
        connection.settings_dict.update({"HOST": "/nonexistent-alx-socket-dir", "PORT": "5432"})

    yield unplug
    connection.close()
    connection.settings_dict.clear()
    connection.settings_dict.update(saved)


@pytest.mark.django_db(transaction=True)
def test_api_answers_503_json_while_postgres_is_down(postgres_unreachable):
    client = _token_client(UserFactory())
    postgres_unreachable()
    response = client.get("/api/v1/marketplace/tenders/")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["type"] == "service_unavailable"
    assert set(body) == {"type", "detail", "errors"}
    assert int(response["Retry-After"]) > 0


@pytest.mark.django_db(transaction=True)
def test_pages_show_a_translated_503_page_while_postgres_is_down(postgres_unreachable):
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory())
    postgres_unreachable()
    response = client.get("/marketplace/tenders/", HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 503
    assert "text/html" in response["Content-Type"]
    assert "vorübergehend nicht erreichbar" in response.content.decode()


@pytest.mark.django_db
def test_an_unexpected_api_error_is_json_in_the_error_shape(rf):
    from config.views import server_error

    try:
        raise RuntimeError("boom")
    except RuntimeError:
        response = server_error(rf.get("/api/v1/marketplace/tenders/"))
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content)["type"] == "server_error"


@pytest.mark.django_db
def test_an_oversized_body_with_an_idempotency_key_is_a_json_413(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client = _token_client(UserFactory())
    response = client.post(
        "/api/v1/organizations/tokens/", {"name": "x" * 5000}, format="json", HTTP_IDEMPOTENCY_KEY="big-1"
    )
    assert response.status_code == 413
    assert response.json()["type"] == "request_too_large"


@pytest.mark.django_db
def test_a_bad_request_refused_before_any_view_is_json_on_api_paths(rf):
    from django.core.exceptions import BadRequest

    from config.views import bad_request

    response = bad_request(rf.get("/api/v1/marketplace/tenders/"), BadRequest("Malformed."))
    assert response.status_code == 400
    assert json.loads(response.content)["type"] == "bad_request"
