"""Celery tasks of LogHubs (beat): no-shows free their capacity, unanswered offers and stale requests expire."""

from celery import shared_task

from . import services


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3)
def mark_no_shows() -> int:
    """Bookings not checked in within their service's grace time become no-shows; the capacity is free again."""
    return services.bookings_mark_no_show()


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3)
def expire_offers_and_requests() -> dict:
    return {"offers": services.offers_expire(), "requests": services.requests_expire()}
