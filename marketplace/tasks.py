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
