"""Test data for the marketplace: buyers with officers, SMEs, tenders with lots, bids, listings."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from marketplace import services
from marketplace.models import Tender
from organizations.models import MembershipRole
from tests.organizations.factories import OrganizationFactory, member_of, with_platform_role


def buyer_with_officer(**fields):
    buyer = OrganizationFactory(kind="authority", legal_name="Procurement Office", headcount=None, **fields)
    officer = with_platform_role(member_of(buyer, MembershipRole.ADMIN), "procurement_officer")
    return buyer, officer


def sme_with_member(**fields):
    sme = OrganizationFactory(**fields)
    return sme, member_of(sme, MembershipRole.ADMIN)


def tender_data(lots=2, method="lowest_price", **overrides):
    now = timezone.now()
    data = {
        "title": "Storage and road transport for exercise material",
        "description": "Warehousing near Bremerhaven and onward road transport to training areas.",
        "main_cpv": "63120000",
        "performance_country": "DE",
        "place_of_performance": "Bremerhaven",
        "estimated_value": Decimal("900000"),
        "enquiry_deadline": now + timedelta(days=7),
        "submission_deadline": now + timedelta(days=14),
        "opening_at": now + timedelta(days=14, hours=1),
        "award_method": method,
        "lots": [
            {"title": f"Lot {n}", "cpv": "63120000" if n == 1 else "60100000", "quantity": 100, "unit": "pallet places"}
            for n in range(1, lots + 1)
        ],
    }
    if method == "best_value":
        data["criteria"] = [
            {"name": "Price", "kind": "price", "weight": 60},
            {"name": "Quality", "kind": "quality", "weight": 40},
        ]
    data.update(overrides)
    return data


def published_tender(buyer, officer, **overrides) -> Tender:
    tender = services.tender_create(buyer=buyer, by=officer, **tender_data(**overrides))
    return services.tender_publish(tender=tender, by=officer)


def submitted_bid(tender, bidder, user, prices=(Decimal("1000"),), **offer_fields):
    bid = services.bid_create(tender=tender, bidder=bidder, by=user)
    lots = list(tender.lots.order_by("number"))
    offers = [{"lot": lots[i].pk, "price": price, **offer_fields} for i, price in enumerate(prices)]
    services.bid_update(bid=bid, by=user, offers=offers)
    return services.bid_submit(bid=bid, by=user)


def pass_deadline(tender) -> Tender:
    """Let the submission deadline pass (as the clock would) and run the deadline job."""
    past = timezone.now() - timedelta(minutes=1)
    Tender.objects.filter(pk=tender.pk).update(
        enquiry_deadline=past - timedelta(days=1), submission_deadline=past, opening_at=past
    )
    services.tenders_advance()
    tender.refresh_from_db()
    return tender
