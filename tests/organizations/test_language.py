"""Each user's language: taken from the browser at sign-up, changed in "Your settings" beside the time zone or
with the language menu (before or after logging in), and then every page speaks it whatever the browser asks."""

import pytest
from django.conf import settings
from django.urls import reverse

from organizations.models import User
from tests.organizations.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


def test_sign_up_keeps_the_language_the_page_was_read_in(client):
    response = client.post(
        reverse("signup"),
        {
            "full_name": "Ines Berg",
            "email": "ines@example.eu",
            "password": "Tiefsee-Kabel-2026",
            "password_confirm": "Tiefsee-Kabel-2026",
        },
        HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9",
    )
    assert response.status_code == 302
    assert User.objects.get(email="ines@example.eu").language == "de"


def test_the_language_chosen_in_the_settings_rules_every_page(client):
    user = UserFactory()
    assert user.language == ""  # none chosen yet: the pages follow the browser
    client.force_login(user)
    page = client.get(reverse("account-settings"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'name="language"' in page
    assert "Time zone" in page
    response = client.post(
        reverse("account-settings"),
        {"full_name": user.full_name, "time_zone": "Europe/Vienna", "language": "de"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    user.refresh_from_db()
    assert (user.language, user.time_zone) == ("de", "Europe/Vienna")
    assert "Ihre Einstellungen sind gespeichert." in response.content.decode()
    page = client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="de"' in page.content.decode()
    assert page["Content-Language"] == "de"
    # the cookie follows, so the pages stay German after logging out
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "de"
    refused = client.post(
        reverse("account-settings"), {"full_name": "x", "time_zone": "Europe/Vienna", "language": "fr"}
    )
    assert refused.status_code == 400


def test_the_language_menu_changes_a_signed_in_users_setting(client):
    user = UserFactory(language="de")
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "en", "next": "/dashboard/"})
    user.refresh_from_db()
    assert user.language == "en"
    assert '<html lang="en"' in client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="de").content.decode()


def test_a_language_picked_before_logging_in_becomes_the_setting_and_otherwise_the_setting_applies(client):
    german = UserFactory(language="de")
    response = client.post(
        reverse("login"), {"username": german.email, "password": PASSWORD}, follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert '<html lang="de"' in response.content.decode()  # applied on login, the browser asked for English

    client.post(reverse("logout"))
    english = UserFactory()
    client.post(reverse("set_language"), {"language": "de", "next": "/"})
    client.post(reverse("login"), {"username": english.email, "password": PASSWORD})
    english.refresh_from_db()
    assert english.language == "de"


def test_the_api_answers_in_the_language_asked_for(client):
    user = UserFactory(language="de")
    client.force_login(user)
    response = client.get("/api/v1/organizations/nope/", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Language"] == "en"
