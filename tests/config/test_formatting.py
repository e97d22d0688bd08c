"""What a reader sees of moments, periods and amounts: one format per language, always in their own time zone
(a setting of their own, Europe/Berlin by default), the same on pages and in notifications and their mails."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from core.formatting import format_datetime, format_money, format_period, format_quantity
from organizations.models import Notification
from organizations.notifications import notify_users
from tests.organizations.factories import UserFactory

UTC = ZoneInfo("UTC")
MOMENT = datetime(2026, 12, 3, 13, 56, 50, tzinfo=UTC)


def test_one_date_time_format_per_language_in_the_active_time_zone():
    with timezone.override("Europe/Berlin"):
        with translation.override("de"):
            assert format_datetime(MOMENT) == "03.12.2026, 14:56"
        with translation.override("en"):
            assert format_datetime(MOMENT) == "3 Dec 2026, 14:56"
    with timezone.override("Europe/Lisbon"), translation.override("en"):
        assert format_datetime(MOMENT) == "3 Dec 2026, 13:56"


def test_a_day_booked_from_local_midnight_shows_the_local_dates_and_times():
    start = datetime(2026, 12, 2, 23, 0, tzinfo=UTC)  # 3 December, 00:00 in Berlin
    with timezone.override("Europe/Berlin"), translation.override("de"):
        assert format_period(start, start + timedelta(days=1)) == "03.12.2026, 00:00 – 04.12.2026, 00:00"
        assert format_period(start + timedelta(hours=8), start + timedelta(hours=12)) == "03.12.2026, 08:00 – 12:00"


def test_amounts_and_quantities_in_each_language():
    with translation.override("de"):
        assert format_money(Decimal("450000"), "EUR") == "450.000,00\xa0€"
        assert format_quantity(Decimal("1500.000"), "m²") == "1.500 m²"
    with translation.override("en"):
        assert format_money(Decimal("450000"), "EUR") == "€450,000.00"
        assert format_quantity(Decimal("2.50"), "tonnes") == "2.5 tonnes"


@pytest.mark.django_db
def test_new_users_read_berlin_time_and_can_choose_their_own_zone(client):
    user = UserFactory()
    assert user.time_zone == "Europe/Berlin"
    client.force_login(user)
    page = client.get(reverse("account-settings"))
    assert page.status_code == 200
    assert "Europe/Lisbon" in page.content.decode()
    response = client.post(reverse("account-settings"), {"full_name": "Rui Lisboa", "time_zone": "Europe/Lisbon"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.full_name, user.time_zone) == ("Rui Lisboa", "Europe/Lisbon")
    refused = client.post(reverse("account-settings"), {"full_name": "Rui", "time_zone": "Mars/Olympus"})
    assert refused.status_code == 400
    assert user.time_zone == "Europe/Lisbon"


@pytest.mark.django_db
def test_pages_show_moments_in_the_users_zone(client):
    user = UserFactory(time_zone="Europe/Lisbon")
    notify_users(users=[user], subject="Ping")
    Notification.objects.filter(recipient=user).update(created_at=MOMENT)
    client.force_login(user)
    page = client.get(reverse("marketplace:notifications")).content.decode()
    assert "3 Dec 2026, 13:56" in page
    assert "+00:00" not in page


@pytest.mark.django_db
def test_a_notification_and_its_mail_name_the_moment_in_each_recipients_zone(django_capture_on_commit_callbacks):
    berlin, lisbon = UserFactory(), UserFactory(time_zone="Europe/Lisbon")
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        notify_users(
            users=[berlin, lisbon],
            subject="Bid submitted",
            body=lambda: f"Your bid was received at {format_datetime(MOMENT)}.",
        )
    bodies = dict(Notification.objects.values_list("recipient__email", "body"))
    assert bodies[berlin.email] == "Your bid was received at 3 Dec 2026, 14:56."
    assert bodies[lisbon.email] == "Your bid was received at 3 Dec 2026, 13:56."
    assert sorted(m.body for m in mail.outbox) == sorted(bodies.values())
    assert not any("server time" in body or "+00:00" in body for body in bodies.values())
