"""The notifications API: each user reads and marks only their own; another user's answers 404 and stays
unread."""

import pytest

from organizations.models import Notification
from tests.organizations.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/marketplace/notifications/"


def test_a_user_lists_and_marks_read_only_their_own_notifications(client_for):
    me, other = UserFactory(), UserFactory()
    mine = Notification.objects.create(recipient=me, subject="Tender amended")
    theirs = Notification.objects.create(recipient=other, subject="Bid received")
    listed = client_for(me).get(URL).json()
    assert [row["id"] for row in listed["results"]] == [mine.pk]
    assert client_for(me).get(f"{URL}{theirs.pk}/").status_code == 404
    assert client_for(me).post(f"{URL}{theirs.pk}/read/").status_code == 404
    assert client_for(me).post(f"{URL}{mine.pk}/read/").json()["read_at"]
    theirs.refresh_from_db()
    assert theirs.read_at is None
