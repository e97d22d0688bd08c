"""Demo marketplace data for `make run`: capacity listings of the demo SMEs and an open two-lot tender."""

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
        (sme, sme_admin, dict(kind="storage", title="Heated warehouse at Bremerhaven container terminal",
                              description="2,000 m² dry heated storage, 24/7 guarded, rail siding.",
                              cpv_codes=["63122000"], country="DE", address="Bremerhaven",
                              latitude=Decimal("53.5396"), longitude=Decimal("8.5809"),
                              quantity=Decimal("2000"), unit="m2", price_indication="€6 per m² and month")),
        (sme, sme_admin, dict(kind="road_transport", title="Curtain-sider trucks, Bremen to the Baltic states",
                              description="12 trucks a day with ADR-trained drivers.", cpv_codes=["60100000"],
                              service_area=["DE", "PL", "LT", "LV", "EE"], quantity=Decimal("12"),
                              unit="trucks_per_day")),
        (manufacturer, pl_admin, dict(kind="maintenance", title="Vehicle maintenance and repair in Gdańsk",
                                      description="Wheeled and tracked vehicles; 500 machine hours free.",
                                      cpv_codes=["50100000"], country="PL", address="Gdańsk",
                                      quantity=Decimal("500"), unit="machine_hours")),
    ]
    for provider, user, data in listings:
        listing = services.listing_create(provider=provider, by=user, available_from=today,
                                          available_until=today + timedelta(days=120), **data)
        services.listing_transition(listing=listing, action="publish", by=user)

    tender = services.tender_create(
        buyer=office, by=officer, title="Storage and onward transport for exercise material",
        description="Covered storage near a North Sea port and road transport to training areas in Lower Saxony.",
        main_cpv="63120000", performance_country="DE", place_of_performance="Bremerhaven / Munster",
        estimated_value=Decimal("850000"), enquiry_deadline=now + timedelta(days=10),
        submission_deadline=now + timedelta(days=21), opening_at=now + timedelta(days=21, hours=2),
        award_method="best_value",
        criteria=[{"name": "Price", "kind": "price", "weight": 60},
                  {"name": "Quality of the security concept", "kind": "quality", "weight": 30},
                  {"name": "Delivery time", "kind": "delivery", "weight": 10}],
        lots=[{"title": "Covered storage, 1,500 m²", "cpv": "63122000", "quantity": 1500, "unit": "m²",
               "sme_only": True},
              {"title": "Road transport, 40 truckloads", "cpv": "60100000", "quantity": 40, "unit": "truckloads"}])
    services.tender_publish(tender=tender, by=officer)
    return ["Marketplace demo: 3 published listings and an open two-lot tender by the federal procurement office."]
