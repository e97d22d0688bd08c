"""Shared fixtures: the CPV vocabulary in the test database, a clean cache, API clients, browser settings."""

from __future__ import annotations

import os

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import translation
from rest_framework.test import APIClient

from compliance.library import destination_rules_load, framework_library_load
from compliance.models import Framework
from organizations.models import CpvCode
from organizations.vocabulary import cpv_vocabulary_load

# Playwright's sync API runs an event loop in the test thread; Django must allow ORM use beside it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("ALX_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        cpv_vocabulary_load()
        framework_library_load()
        destination_rules_load()
    yield
    from django.core.cache import caches

    caches.close_all()  # the Redis cache's pooled connections
    # Worker threads and live-server threads keep their own connections; close them so the
    # test database can be dropped.
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture
def cpv(db):
    """The CPV vocabulary, reloaded if a transactional test flushed it."""
    if not CpvCode.objects.exists():
        cpv_vocabulary_load()


@pytest.fixture
def compliance_data(db):
    """The framework library and destination rules, reloaded if a transactional test flushed them."""
    if not Framework.objects.exists():
        framework_library_load()
    destination_rules_load()


@pytest.fixture(autouse=True)
def _clean_cache():
    # Throttle counters and idempotency keys live in Redis; each test starts without them.
    cache.clear()
    return


@pytest.fixture(autouse=True)
def _default_language():
    # LocaleMiddleware activates a request's language in the test thread and nothing resets it, so a
    # German request would leak German messages into the next test.
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def client_for():
    """An API client logged in as the given user (session authentication)."""

    def make(user) -> APIClient:
        client = APIClient()
        client.force_authenticate(user=user)
        return client

    return make


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def celery_parameters():
    # Celery's Django fixup would close the test's database connection (pytest-django#1000).
    return {"fixups": []}


@pytest.fixture(scope="session")
def celery_config():
    from django.conf import settings

    return {
        "broker_url": settings.CELERY_BROKER_URL,
        "result_backend": settings.CELERY_RESULT_BACKEND,
        "task_always_eager": False,
        "task_serializer": "json",
        "accept_content": ["json"],
    }


@pytest.fixture(scope="session")
def celery_includes():
    return ["organizations.tasks"]


@pytest.fixture(autouse=True)
def _responses_match_the_schema(request, monkeypatch):
    """Every API response a test receives must match /api/schema/ (tests/contract_validation.py); a test that
    sends deliberately broken requests to see the raw refusal can opt out with `@pytest.mark.raw_api`."""
    if request.node.get_closest_marker("raw_api"):
        yield
        return
    from tests.contract_validation import check_response

    original = APIClient.request

    def request_checked(self, **kwargs):
        response = original(self, **kwargs)
        if not getattr(response, "streaming", False):
            check_response(kwargs.get("REQUEST_METHOD", "GET"), kwargs.get("PATH_INFO", ""), response)
        return response

    monkeypatch.setattr(APIClient, "request", request_checked)
    yield
