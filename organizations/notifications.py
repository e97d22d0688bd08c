"""In-app notifications, mailed as well once the transaction commits, each written in its recipient's language
and time zone. Every app notifies through here (the lowest layer that knows users); the mail goes out from
organizations.tasks, which never imports this module, so the service can import the task at the top."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.utils import timezone

from core.formatting import for_user
from core.queueing import enqueue_on_commit

from .models import Membership, Notification, Organization, User
from .tasks import mail_notifications

Body = str | Callable[..., str]  # a function is called with no arguments (defaults bind loop values)


def _text_for(user: User, body: Body) -> str:
    """A subject or body is a function when it holds words or moments: it is called once per recipient, in their
    language and time zone (core.formatting.for_user), so a German supplier reads in German what an English
    buyer's action told it, and the in-app notification and its mail read as the recipient's pages do. A plain
    string (a reason or message someone typed) is shown as written."""
    if not callable(body):
        return body
    with for_user(user):
        return str(body())


def notify_users(*, users: Iterable[User], subject: Body, body: Body = "", link: str = "") -> list[Notification]:
    """Give each user an in-app notification (subject cut to 200 characters) and queue its mail on commit."""
    notifications = Notification.objects.bulk_create(
        Notification(recipient=user, subject=_text_for(user, subject)[:200], body=_text_for(user, body), link=link)
        for user in users
    )
    if notifications:
        enqueue_on_commit(mail_notifications, [n.pk for n in notifications])
    return notifications


def notifications_mark_read(*, user: User, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications read (all of them, or the given ones); others' rows are never touched."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.update(read_at=timezone.now())


def notify_organizations(
    *, organizations: Iterable[Organization], subject: Body, body: Body = "", link: str = ""
) -> list[Notification]:
    """Notify every member of the organizations (each person once)."""
    ids = {org.pk for org in organizations}
    users = User.objects.filter(pk__in=Membership.objects.filter(organization_id__in=ids).values("user_id"))
    return notify_users(users=users, subject=subject, body=body, link=link)
