"""A write whose follow-up task cannot be queued (Redis, the broker, unreachable) is saved and answered, not a 500."""

import logging

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from config.celery_app import app as celery_app
from marketplace.models import Tender, TenderState
from tests.marketplace.factories import buyer_with_officer, tender_data

CLOSED_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def broker_unreachable(monkeypatch):
    """Send tasks to a broker nobody answers at, instead of running them eagerly as the test settings do."""
    changed = {"task_always_eager": False, "broker_url": CLOSED_BROKER, "task_publish_retry": False}
    saved = {key: celery_app.conf[key] for key in changed}
    celery_app.conf.update(changed)
    # Connection and producer pools of their own for the closed broker; the app's own are put back afterwards.
    monkeypatch.setattr(celery_app, "_pool", None)
    monkeypatch.setattr(celery_app.amqp, "_producer_pool", None)
    yield
    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
    celery_app.conf.update(saved)


@pytest.mark.django_db
def test_publishing_a_tender_while_the_broker_is_down_is_saved_and_answered(
    broker_unreachable, django_capture_on_commit_callbacks, caplog
):
    buyer, officer = buyer_with_officer()
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(officer)
    data = tender_data(title="Fuel depot services")
    created = client.post("/api/v1/marketplace/tenders/", {**data, "buyer": buyer.pk}, format="json")
    assert created.status_code == 201, created.content
    tender = Tender.objects.get(pk=created.json()["id"])
    with caplog.at_level(logging.WARNING, logger="core.queueing"), django_capture_on_commit_callbacks(execute=True):
        published = client.post(f"/api/v1/marketplace/tenders/{tender.pk}/publish/", HTTP_IF_MATCH=created["ETag"])
    assert published.status_code == 200, published.content
    tender.refresh_from_db()
    assert tender.state != TenderState.DRAFT
    assert tender.published_at <= timezone.now()
    assert any(
        "Broker unreachable" in record.getMessage() and "match_tender" in record.getMessage()
        for record in caplog.records
    )
