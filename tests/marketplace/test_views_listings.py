"""Capacity listing pages: an SME lists capacity, publishes it and buyers find it; a bad CPV code re-renders
the form with its message."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.marketplace.factories import buyer_with_officer, sme_with_member

pytestmark = pytest.mark.django_db


def test_an_sme_lists_capacity_publishes_it_and_others_find_it(client, cpv, compliance_data):
    provider, member = sme_with_member(legal_name="Hafen Lager GmbH")
    client.force_login(member)
    today = timezone.localdate()
    response = client.post(
        reverse("marketplace:listing-create"),
        {
            "kind": "storage",
            "title": "Heated hall near Rostock",
            "cpv_codes": "63120000, ",
            "country": "DE",
            "service_area": "de, pl",
            "available_from": today.isoformat(),
            "available_until": (today + timedelta(days=60)).isoformat(),
            "quantity": "800",
            "unit": "pallet_places",
            "visibility": "public",
        },
    )
    listing = provider.listings.get()
    assert response.status_code == 302
    assert listing.service_area == ["DE", "PL"]
    client.post(reverse("marketplace:listing-transition", args=[listing.pk, "publish"]))
    listing.refresh_from_db()
    assert listing.state == "published"

    _buyer, officer = buyer_with_officer()
    client.force_login(officer)
    page = client.get(reverse("marketplace:listing-search"), {"q": "hall", "cpv": "63120000"}).content.decode()
    assert "Heated hall near Rostock" in page
    assert client.post(reverse("marketplace:listing-transition", args=[listing.pk, "pause"])).status_code == 404


def test_a_listing_with_an_unknown_cpv_code_re_renders_with_the_error(client, cpv, compliance_data):
    _provider, member = sme_with_member()
    client.force_login(member)
    today = timezone.localdate()
    response = client.post(
        reverse("marketplace:listing-create"),
        {
            "kind": "storage",
            "title": "Hall",
            "cpv_codes": "99999999",
            "available_from": today.isoformat(),
            "available_until": today.isoformat(),
            "quantity": "1",
            "unit": "units",
            "visibility": "public",
        },
    )
    assert "Unknown CPV code: 99999999." in response.content.decode()
