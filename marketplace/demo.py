"""Demo marketplace data for `make run`: capacity listings of the demo SMEs and an open two-lot tender.

The German organizations write in German, as they would; the Polish manufacturer writes in German and English,
so a reader in either language finds every demo text readable."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from organizations.models import Organization, User

from . import services
from .models import CapacityListing, Tender


@transaction.atomic
def marketplace_demo_load() -> list[str]:
    if Tender.objects.exists() or CapacityListing.objects.exists():
        return ["Marketplace demo data already present."]
    today = timezone.localdate()
    now = timezone.now()
    sme = Organization.objects.get(registration_id="HRB123456B")
    manufacturer = Organization.objects.get(registration_id="PL5260001246")
    office = Organization.objects.get(registration_id="DE-BAAINBW-DEMO")
    sme_admin = User.objects.get(email="sme@alx.example")
    pl_admin = User.objects.get(email="sme.pl@alx.example")
    officer = User.objects.get(email="officer@alx.example")

    listings = [
        (
            sme,
            sme_admin,
            dict(
                kind="storage",
                title="Beheiztes Lager am Containerterminal Bremerhaven",
                description="2.000 m² trockene, beheizte Lagerfläche, rund um die Uhr bewacht, mit Gleisanschluss.",
                cpv_codes=["63122000"],
                country="DE",
                address="Bremerhaven",
                latitude=Decimal("53.5396"),
                longitude=Decimal("8.5809"),
                quantity=Decimal("2000"),
                unit="m2",
                price_indication="6 € je m² und Monat",
            ),
        ),
        (
            sme,
            sme_admin,
            dict(
                kind="road_transport",
                title="Planen-Lkw von Bremen ins Baltikum",
                description="12 Lkw am Tag, Fahrer mit ADR-Schulung.",
                cpv_codes=["60100000"],
                service_area=["DE", "PL", "LT", "LV", "EE"],
                quantity=Decimal("12"),
                unit="trucks_per_day",
            ),
        ),
        (
            manufacturer,
            pl_admin,
            dict(
                kind="maintenance",
                title="Fahrzeuginstandsetzung in Danzig / Vehicle maintenance and repair in Gdańsk",
                description="Rad- und Kettenfahrzeuge; 500 Maschinenstunden frei. / Wheeled "
                "and tracked vehicles; 500 machine hours free.",
                cpv_codes=["50100000"],
                country="PL",
                address="Gdańsk",
                quantity=Decimal("500"),
                unit="machine_hours",
            ),
        ),
    ]
    for provider, user, data in listings:
        listing = services.listing_create(
            provider=provider, by=user, available_from=today, available_until=today + timedelta(days=120), **data
        )
        services.listing_transition(listing=listing, action="publish", by=user)

    tender = services.tender_create(
        buyer=office,
        by=officer,
        title="Lagerung und Weitertransport von Übungsmaterial",
        description="Überdachte Lagerung nahe einem Nordseehafen und Straßentransport zu Truppenübungsplätzen in "
        "Niedersachsen.",
        main_cpv="63120000",
        performance_country="DE",
        place_of_performance="Bremerhaven / Munster",
        estimated_value=Decimal("850000"),
        enquiry_deadline=now + timedelta(days=10),
        submission_deadline=now + timedelta(days=21),
        opening_at=now + timedelta(days=21, hours=2),
        award_method="best_value",
        criteria=[
            {"name": "Preis", "kind": "price", "weight": 60},
            {"name": "Qualität des Sicherheitskonzepts", "kind": "quality", "weight": 30},
            {"name": "Lieferzeit", "kind": "delivery", "weight": 10},
        ],
        lots=[
            {
                "title": "Überdachte Lagerung, 1.500 m²",
                "cpv": "63122000",
                "quantity": 1500,
                "unit": "m²",
                "sme_only": True,
            },
            {"title": "Straßentransport, 40 Lkw-Ladungen", "cpv": "60100000", "quantity": 40, "unit": "Lkw-Ladungen"},
        ],
    )
    services.tender_publish(tender=tender, by=officer)
    return ["Marketplace demo: 3 published listings and an open two-lot tender by the federal procurement office."]
