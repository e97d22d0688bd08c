"""A real Celery worker (not eager mode) takes tasks from the embedded Redis and runs them."""

import pytest
from django.core import mail

from organizations import services
from organizations.models import MembershipRole
from organizations.tasks import ping
from tests.organizations.factories import OrganizationFactory, member_of

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_worker_answers_through_redis(celery_worker):
    assert ping.delay().get(timeout=20) == "pong"


def test_invitation_email_is_sent_by_the_worker_after_commit(celery_worker):
    organization = OrganizationFactory(legal_name="Nordlicht Logistik GmbH")
    admin = member_of(organization, MembershipRole.ADMIN)
    # The service queues the task on commit; in a transactional test that is right away.
    invitation, raw = services.membership_invite(
        organization=organization, email="kai@example.eu", role="member", by=admin
    )
    from organizations.tasks import send_invitation_email

    # The queued task and this explicit one both go through Redis to the worker thread.
    assert send_invitation_email.delay(invitation.pk, raw).get(timeout=20) is True
    sent = [message for message in mail.outbox if message.to == ["kai@example.eu"]]
    assert sent
    assert "Nordlicht Logistik GmbH" in sent[0].subject
    assert raw in sent[0].body


def test_task_for_a_vanished_invitation_exits_quietly(celery_worker):
    from organizations.tasks import send_invitation_email

    assert send_invitation_email.delay(987654, "gone").get(timeout=20) is False
