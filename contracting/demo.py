"""Demo contracting data for `make run`: a framework contract from a final award of its own small tender, signed
by both sides, with an order, a delivery under way (tracking events) and one waiting for the goods receipt."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from marketplace import services as market
from marketplace.models import Award, Tender
from organizations.models import Organization, User

from . import services
from .models import Contract

# Buyer and supplier are German, so the demo contract, its lines and its deliveries read in German (as the
# organizations' and marketplace's demo data do for German organizations).
DEMO_TITLE = "Rahmenvertrag Palettenlagerung in Bremerhaven (Demo-Vertrag)"
EARLIER_TITLES = ["Framework for pallet storage at Bremerhaven (demo contract)"]  # a database seeded before


def _final_award(office: Organization, officer: User, sme: Organization, sme_admin: User) -> Tender:
    now = timezone.now()
    tender = market.tender_create(
        buyer=office,
        by=officer,
        title=DEMO_TITLE,
        description="Beheizte Palettenlagerung, nach Bedarf abgerufen.",
        main_cpv="63122000",
        performance_country="DE",
        place_of_performance="Bremerhaven",
        estimated_value=Decimal("120000"),
        enquiry_deadline=now + timedelta(days=1),
        submission_deadline=now + timedelta(days=2),
        opening_at=now + timedelta(days=2, hours=1),
        award_method="lowest_price",
        lots=[{"title": "Palettenlagerung", "cpv": "63122000", "quantity": 1000, "unit": "Paletten"}],
    )
    market.tender_publish(tender=tender, by=officer)
    bid = market.bid_create(tender=tender, bidder=sme, by=sme_admin)
    market.bid_update(bid=bid, by=sme_admin, offers=[{"lot": tender.lots.get().pk, "price": Decimal("96000")}])
    market.bid_submit(bid=bid, by=sme_admin)
    past = now - timedelta(minutes=1)
    Tender.objects.filter(pk=tender.pk).update(
        enquiry_deadline=past - timedelta(days=1), submission_deadline=past, opening_at=past
    )
    market.tenders_advance()
    market.award_propose(lot=tender.lots.get(), by=officer)
    Award.objects.filter(lot__tender=tender).update(standstill_until=now - timedelta(seconds=1))
    market.awards_finalise()
    return tender


@transaction.atomic
def contracting_demo_load() -> list[str]:
    if Contract.objects.filter(title__in=[DEMO_TITLE, *EARLIER_TITLES]).exists():
        return ["Contracting demo data already present."]
    office = Organization.objects.get(registration_id="DE-BAAINBW-DEMO")
    sme = Organization.objects.get(registration_id="HRB123456B")
    officer = User.objects.get(email="officer@alx.example")
    sme_admin = User.objects.get(email="sme@alx.example")
    tender = _final_award(office, officer, sme, sme_admin)
    contract = services.contract_draft(
        tender=tender,
        supplier=sme,
        by=officer,
        framework=True,
        max_value=Decimal("96000"),
        payment_days=30,
        skonto_percent=Decimal("2"),
        skonto_days=10,
    )
    revision = contract.revisions.get()
    services.contract_sign(revision=revision, by=officer)
    services.contract_sign(revision=revision, by=sme_admin)
    line = contract.lines.get()
    order = services.order_place(
        contract=contract,
        by=officer,
        buyer_reference="BAAINBw-2026-117",
        lines=[
            {
                "contract_line": line.pk,
                "quantity": "120",
                "delivery_date": timezone.localdate() + timedelta(days=7),
                "delivery_place": "Bremerhaven, Containerterminal, Tor 4",
            }
        ],
    )
    services.order_confirm(order=order, by=sme_admin)
    order_line = order.lines.get()
    under_way = services.delivery_create(
        order=order, by=sme_admin, carrier="Nordlicht Logistik", lines=[{"order_line": order_line.pk, "quantity": "80"}]
    )
    arrived = services.delivery_create(
        order=order, by=sme_admin, carrier="Nordlicht Logistik", lines=[{"order_line": order_line.pk, "quantity": "40"}]
    )
    now = timezone.now()
    events = [
        (under_way, "demo-1", "picked_up", timedelta(hours=6), "Bremen-Neustadt"),
        (under_way, "demo-2", "in_transit", timedelta(hours=3), "A27 bei Bremerhaven"),
        (arrived, "demo-3", "picked_up", timedelta(days=1), "Bremen-Neustadt"),
        (arrived, "demo-4", "delivered", timedelta(hours=20), "Bremerhaven, Tor 4"),
    ]
    services.tracking_ingest(
        by=sme_admin,
        events=[
            {
                "delivery": delivery.pk,
                "external_id": external_id,
                "kind": kind,
                "occurred_at": now - ago,
                "location": location,
            }
            for delivery, external_id, kind, ago, location in events
        ],
    )
    return [
        f"Contracting demo: contract C-{contract.pk} (framework, signed), order {order}, deliveries "
        f"{under_way} (in transit) and {arrived} (waiting for the goods receipt)."
    ]
