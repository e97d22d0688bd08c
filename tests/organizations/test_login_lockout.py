"""Login lockout: an account from one address after AXES_FAILURE_LIMIT failures, and one address over all
accounts after AXES_IP_FAILURE_LIMIT (password spraying), while other addresses can still log in."""

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.organizations.factories import UserFactory

pytestmark = pytest.mark.django_db

SPRAYED = "Winter2026!-spray"


def _login(client, email: str, password: str, ip: str) -> int:
    return client.post(reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=ip).status_code


@override_settings(AXES_FAILURE_LIMIT=3, AXES_IP_FAILURE_LIMIT=8)
def test_one_password_sprayed_over_many_accounts_locks_the_address(client):
    users = [UserFactory() for _ in range(10)]
    # One try per account: the per-account limit (3) is never reached, the address limit (8) is.
    statuses = [_login(client, user.email, SPRAYED, "203.0.113.7") for user in users[:8]]
    assert statuses == [200] * 7 + [429]
    # Locked now, even with the right password of an account it never tried.
    assert _login(client, users[9].email, "correct-horse-battery", "203.0.113.7") == 429
    # The accounts themselves are not locked: their owners log in from elsewhere.
    assert _login(client, users[9].email, "correct-horse-battery", "198.51.100.20") == 302


@override_settings(AXES_FAILURE_LIMIT=3, AXES_IP_FAILURE_LIMIT=8)
def test_an_account_locks_from_one_address_after_the_lower_limit(client):
    user, other = UserFactory(), UserFactory()
    assert [_login(client, user.email, "wrong-guess-123", "203.0.113.8") for _ in range(3)] == [200, 200, 429]
    assert _login(client, user.email, "correct-horse-battery", "203.0.113.8") == 429
    # Below its own limit the address still serves other accounts.
    assert _login(client, other.email, "correct-horse-battery", "203.0.113.8") == 302
