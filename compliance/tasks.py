"""Celery tasks of the compliance app, run daily by beat: record expired badges, send expiry reminders."""

from celery import shared_task

from . import services


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3)
def expire_badges() -> int:
    return services.badges_expire()


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3)
def send_expiry_reminders() -> int:
    return services.expiry_reminders_send()
