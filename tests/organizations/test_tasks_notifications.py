"""Notification mail: each notification is mailed once, even when Celery delivers the task again, and mails
queued under the task's old marketplace name still go out."""

import pytest
from celery import current_app

from organizations.models import Notification
from organizations.notifications import notify_users
from organizations.tasks import mail_notifications
from tests.organizations.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_notification_mail_delivered_again_after_a_lost_worker_is_not_sent_twice(
    mailoutbox, django_capture_on_commit_callbacks
):
    users = [UserFactory(), UserFactory()]
    with django_capture_on_commit_callbacks(execute=True):
        notifications = notify_users(users=users, subject="Invitation to bid", body="A tender fits you.")
    assert len(mailoutbox) == 2
    # Celery hands the task back when its worker dies: running it again mails nobody twice.
    assert mail_notifications([n.pk for n in notifications]) == 0
    assert len(mailoutbox) == 2


def test_mail_queued_under_the_old_marketplace_task_name_is_still_sent(mailoutbox):
    user = UserFactory(email="ines@example.eu")
    note = Notification.objects.create(recipient=user, subject="Tender amended", link="/marketplace/tenders/7/")
    # What a worker does with a message sent before the task moved: it looks the task up by its name.
    current_app.tasks["marketplace.tasks.mail_notifications"].apply(args=[[note.pk]]).get()
    assert [message.to for message in mailoutbox] == [["ines@example.eu"]]
    assert mailoutbox[0].body.endswith("/marketplace/tenders/7/")
