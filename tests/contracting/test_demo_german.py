"""The contracting demo of `make run` is between two German organizations, so in German mode its contract,
lines, order and deliveries read in German, and no English demo sentence is left on their pages."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from contracting.models import Contract, TrackingEvent
from organizations.models import User

pytestmark = pytest.mark.django_db

ENGLISH = ["Pallet storage", "pallet storage", "Framework for", "demo contract", "Gate 4", "near Bremerhaven", "Lot 1"]


@pytest.fixture
def demo(cpv, compliance_data):
    for command in ("seed_demo", "seed_demo_marketplace", "seed_demo_contracting"):
        call_command(command, stdout=StringIO())
    return Contract.objects.get()


def test_the_demo_contract_is_written_in_german(demo):
    assert demo.language == "de"
    assert demo.title == "Rahmenvertrag Palettenlagerung in Bremerhaven (Demo-Vertrag)"
    assert [line.description for line in demo.lines.all()] == ["Los 1: Palettenlagerung"]
    assert demo.lines.get().unit == "XPX"  # "Paletten" is still understood as pallets
    order = demo.orders.get()
    assert order.lines.get().delivery_place == "Bremerhaven, Containerterminal, Tor 4"
    locations = set(TrackingEvent.objects.values_list("location", flat=True))
    assert locations == {"Bremen-Neustadt", "A27 bei Bremerhaven", "Bremerhaven, Tor 4"}


def test_german_mode_shows_the_demo_contract_order_and_delivery_without_english(client, demo):
    officer = User.objects.get(email="officer@alx.example")
    officer.language = "de"
    officer.save()
    client.force_login(officer)
    order = demo.orders.get()
    pages = [
        reverse("contracting:contract-detail", args=[demo.pk]),
        reverse("contracting:order-detail", args=[order.pk]),
        *(reverse("contracting:delivery-detail", args=[d.pk]) for d in order.deliveries.all()),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert "Palettenlagerung" in page, url
        for text in ENGLISH:
            assert text not in page, (url, text)
