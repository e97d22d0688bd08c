"""Celery tasks of the marketplace: deadlines, standstill ends, listing expiry (beat), notification mail."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail

from . import services
from .models import Notification


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3)
def advance_tenders() -> dict:
    return services.tenders_advance()


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3)
def finalise_awards() -> int:
    return services.awards_finalise()


@shared_task
def expire_listings() -> int:
    return services.listings_expire()


@shared_task(autoretry_for=(ConnectionError, TimeoutError), retry_backoff=True, max_retries=5)
def mail_notifications(notification_ids: list[int]) -> int:
    """Mail in-app notifications; rows deleted meanwhile are skipped."""
    sent = 0
    for notification in Notification.objects.filter(pk__in=notification_ids).select_related("recipient"):
        link = settings.ALX_BASE_URL.rstrip("/") + notification.link if notification.link else ""
        send_mail(notification.subject, f"{notification.body}\n\n{link}".strip(), settings.DEFAULT_FROM_EMAIL,
                  [notification.recipient.email])
        sent += 1
    return sent


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3, acks_late=True)
def match_tender(tender_id: int) -> int:
    """Match a published or amended tender against all listings and organizations."""
    from .matching.services import matches_refresh_for_tender

    return matches_refresh_for_tender(tender_id=tender_id)


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3, acks_late=True)
def match_listing(listing_id: int) -> int:
    from .matching.services import matches_refresh_for_listing

    return matches_refresh_for_listing(listing_id=listing_id)


@shared_task(soft_time_limit=1800, time_limit=1900, acks_late=True)
def rematch_all(run_id: int | None = None) -> int:
    """The full re-match (daily by beat, or started by a platform admin with progress shown)."""
    from .matching.rematch import rematch_all as run_rematch
    from .matching.rematch import rematch_start

    run_id = run_id or rematch_start().pk
    return run_rematch(run_id=run_id).done


@shared_task
def send_saved_search_digests() -> int:
    from .matching.saved_searches import saved_search_digests_send

    return saved_search_digests_send()
