"""German mode after `make run` shows the demo content in German: German organizations write in German, the
others (and the multinational LogHubs texts) in German and English; the password reset mail speaks the account's
own language."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from loghubs.models import CargoLine, HubService, ServiceRequest
from marketplace.models import CapacityListing, Tender
from organizations.models import Organization, User
from tests.organizations.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_demo_content_reads_in_german(client, cpv, compliance_data):
    for command in ("seed_demo", "seed_demo_compliance", "seed_demo_marketplace", "seed_demo_loghubs"):
        call_command(command, stdout=StringIO())
    sme = User.objects.get(email="sme@alx.example")
    sme.language = "de"
    sme.save()
    client.force_login(sme)
    tender = Tender.objects.get()
    page = client.get(reverse("marketplace:tender-detail", args=[tender.pk])).content.decode()
    assert "Lagerung und Weitertransport von Übungsmaterial" in page
    assert "Überdachte Lagerung" in page
    assert "exercise material" not in page
    assert "Covered storage" not in page
    assert tender.buyer.legal_name == "Bundesamt für Beschaffung (Demo)"
    german = Organization.objects.filter(country="DE", kind__in=["company", "authority"])
    assert all(org.description for org in german)
    assert CapacityListing.objects.filter(provider__country="DE", title__startswith="Beheiztes Lager").exists()
    # the others write in both languages, German first
    for text in [
        *CapacityListing.objects.exclude(provider__country="DE").values_list("title", flat=True),
        *HubService.objects.values_list("name", flat=True),
        *CargoLine.objects.values_list("description", flat=True),
    ]:
        assert " / " in text, text
    assert ServiceRequest.objects.exists()


def test_the_password_reset_mail_speaks_the_accounts_language(client):
    user = UserFactory(language="de")
    client.post(reverse("password_reset"), {"email": user.email}, HTTP_ACCEPT_LANGUAGE="en")
    assert len(mail.outbox) == 1
    assert "Passwort" in mail.outbox[0].subject + mail.outbox[0].body
