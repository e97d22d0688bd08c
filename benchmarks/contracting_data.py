"""Data of contracting's benchmark commands (bench_calloffs, bench_tracking) and of bench_invoicing.

The data is marked `CTBENCH-` (organizations' registration ids, users' e-mail domain) and removed before each run.
The contract is drawn up and signed through the services, from a final award written straight to the tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from contracting import services
from contracting.models import Contract, Delivery, DeliveryLine, Order, OrderLine, TrackingEvent
from marketplace.models import Award, AwardState, Bid, BidLot, BidState, Lot, LotState, Tender, TenderState
from organizations.models import CpvCode, Membership, MembershipRole, Organization, PlatformRole, User
from organizations.vocabulary import cpv_vocabulary_load

PREFIX = "CTBENCH-"
EMAIL_DOMAIN = "@ctbench.alx.example"


@dataclass
class BenchWorld:
    officer: User
    supplier_user: User
    contract: Contract


def bench_data_delete() -> int:
    """Remove every bench row, children first."""
    organizations = Organization.objects.filter(registration_id__startswith=PREFIX)
    contracts = Contract.objects.filter(buyer__in=organizations)
    with transaction.atomic():
        deleted = TrackingEvent.objects.filter(delivery__order__contract__in=contracts).delete()[0]
        deleted += DeliveryLine.objects.filter(delivery__order__contract__in=contracts).delete()[0]
        deleted += Delivery.objects.filter(order__contract__in=contracts).delete()[0]
        deleted += OrderLine.objects.filter(order__contract__in=contracts).delete()[0]
        deleted += Order.objects.filter(contract__in=contracts).delete()[0]
        deleted += contracts.delete()[0]
        deleted += Award.objects.filter(lot__tender__buyer__in=organizations).delete()[0]
        deleted += Tender.objects.filter(buyer__in=organizations).delete()[0]
        deleted += Bid.objects.filter(bidder__in=organizations).delete()[0]
        deleted += User.objects.filter(email__endswith=EMAIL_DOMAIN).delete()[0]
        deleted += organizations.delete()[0]
    return deleted


def _organization(kind: str, name: str) -> Organization:
    return Organization.objects.create(kind=kind, legal_name=name, country="DE", registration_id=f"{PREFIX}{name}")


def _user(organization: Organization, name: str, role: str | None = None) -> User:
    user = User.objects.create_user(email=f"{name}{EMAIL_DOMAIN}", password=None, full_name=name)
    Membership.objects.create(user=user, organization=organization, role=MembershipRole.ADMIN)
    if role:
        PlatformRole.objects.create(user=user, role=role)
    return user


@transaction.atomic
def bench_world(*, max_value: Decimal, quantity: Decimal = Decimal("1000000")) -> BenchWorld:
    """A buyer with an officer, a supplier with an admin, and an active framework contract with the ceiling."""
    if not CpvCode.objects.filter(code="63120000").exists():
        cpv_vocabulary_load()
    buyer = _organization("authority", "Bench Procurement Office")
    supplier = _organization("company", "Bench Supplier GmbH")
    officer = _user(buyer, "officer", "procurement_officer")
    supplier_user = _user(supplier, "supplier")
    now = timezone.now()
    tender = Tender.objects.create(
        buyer=buyer,
        title="BENCH framework for storage",
        description="benchmark",
        main_cpv_id="63120000",
        performance_country="DE",
        place_of_performance="Bremerhaven",
        enquiry_deadline=now - timedelta(days=3),
        submission_deadline=now - timedelta(days=2),
        opening_at=now - timedelta(days=2),
        state=TenderState.AWARDED,
    )
    lot = Lot.objects.create(
        tender=tender,
        number=1,
        title="Storage",
        cpv_id="63120000",
        quantity=quantity,
        unit="pallets",
        state=LotState.AWARDED,
    )
    bid = Bid.objects.create(tender=tender, bidder=supplier, state=BidState.SUBMITTED, submitted_at=now)
    offer = BidLot.objects.create(bid=bid, lot=lot, price=max_value)
    Award.objects.create(
        lot=lot, offer=offer, state=AwardState.FINAL, score=Decimal("100"), standstill_until=now, finalised_at=now
    )
    contract = services.contract_draft(
        tender=tender, supplier=supplier, by=officer, framework=True, max_value=max_value
    )
    revision = contract.revisions.get()
    services.contract_sign(revision=revision, by=officer)
    services.contract_sign(revision=revision, by=supplier_user)
    contract.refresh_from_db()
    return BenchWorld(officer=officer, supplier_user=supplier_user, contract=contract)


def bench_deliveries(world: BenchWorld, *, count: int) -> list[int]:
    """`count` deliveries of one unit each from one confirmed order."""
    order = services.order_place(
        contract=world.contract,
        by=world.officer,
        lines=[
            {
                "description": "Pallet storage",
                "quantity": str(count),
                "unit": "XPX",
                "unit_price": "1",
                "delivery_date": world.contract.period_end,
                "delivery_place": "Bremerhaven",
            }
        ],
    )
    services.order_confirm(order=order, by=world.supplier_user)
    line = order.lines.get()
    return [
        services.delivery_create(
            order=order, by=world.supplier_user, lines=[{"order_line": line.pk, "quantity": "1"}]
        ).pk
        for _ in range(count)
    ]
