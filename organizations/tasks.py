"""Celery tasks of the organizations app: they take ids, load rows and call a service or send mail."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .models import Invitation, Notification, User

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(ConnectionError, TimeoutError), retry_backoff=True, max_retries=5)
def send_invitation_email(invitation_id: int, raw_token: str, language: str | None = None) -> bool:
    """Mail the invitation link in the invitee's language when they already have an account and chose one, else
    in `language` (the inviter's; English if unknown); quietly does nothing when the invitation is gone or closed."""
    invitation = Invitation.objects.select_related("organization", "invited_by").filter(pk=invitation_id).first()
    if invitation is None or not invitation.is_open:
        logger.info("invitation %s is gone or closed; no e-mail sent", invitation_id)
        return False
    link = settings.ALX_BASE_URL.rstrip("/") + reverse("accept-invitation", args=[raw_token])
    known = {code for code, _name in settings.LANGUAGES}
    own = User.objects.filter(email__iexact=invitation.email).values_list("language", flat=True).first()
    language = own or language
    with translation.override(language if language in known else settings.LANGUAGE_CODE):
        context = {"invitation": invitation, "link": link}
        subject = render_to_string("organizations/email/invitation_subject.txt", context).strip()
        body = render_to_string("organizations/email/invitation_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.email])
    return True


# The task kept the name it had in the marketplace, so mails already queued under it (in Redis, at deploy time)
# still find a worker that runs them; nothing routes or schedules by the module path.
@shared_task(
    name="marketplace.tasks.mail_notifications",
    autoretry_for=(ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=5,
)
def mail_notifications(notification_ids: list[int]) -> int:
    """Mail in-app notifications; rows deleted meanwhile are skipped. Each mail sent is remembered for a day,
    so a delivery repeated after a lost worker (or a retry) does not mail the same notification again."""
    sent = 0
    for notification in Notification.objects.filter(pk__in=notification_ids).select_related("recipient"):
        key = f"notification-mailed:{notification.pk}"
        if cache.get(key):
            continue
        link = settings.ALX_BASE_URL.rstrip("/") + notification.link if notification.link else ""
        send_mail(
            notification.subject,
            f"{notification.body}\n\n{link}".strip(),
            settings.DEFAULT_FROM_EMAIL,
            [notification.recipient.email],
        )
        cache.set(key, 1, timeout=24 * 3600)
        sent += 1
    return sent


@shared_task
def ping() -> str:
    """Answers 'pong': used by /healthz and the worker test to prove a worker runs tasks."""
    return "pong"


@shared_task(soft_time_limit=600, time_limit=660)
def retrain_cpv_suggester() -> int | None:
    """Retrain the CPV suggester's layer on every confirmed code (nightly); returns the new run's id."""
    from .cpv_suggest.services import cpv_suggester_train

    row = cpv_suggester_train()
    return row.pk if row else None


@shared_task(soft_time_limit=600, time_limit=660)
def retrain_cpv_suggester_if_due() -> int | None:
    """Retrain when enough new codes were confirmed since the last run (checked every few minutes)."""
    from .cpv_suggest.services import cpv_suggester_retrain_if_due

    row = cpv_suggester_retrain_if_due()
    return row.pk if row else None
