"""Data of `manage.py bench_invoicing`: real contracts, orders and goods receipts for inbound invoices to match.

Built on contracting's bench world (a signed framework contract between `CTBENCH-` organizations, drawn up
through the services): `orders` call-off orders of `lines` lines each, every line delivered and accepted in full
(a delivery, its lines and the goods receipt), written with bulk inserts because the import, not the set-up, is
what is measured. Each order then gets the XRechnung its supplier's ERP would send for it (BT-12/13/132 naming
contract, order and line), alternately UBL and CII. Everything is removed before and after a run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from benchmarks.contracting_data import PREFIX, bench_data_delete, bench_world
from contracting.models import (
    Acceptance,
    AcceptanceOutcome,
    Contract,
    Delivery,
    DeliveryLine,
    DeliveryState,
    Order,
    OrderLine,
    OrderState,
)
from invoicing.en16931.documents import write_invoice
from invoicing.models import Invoice, InvoicingProfile
from invoicing.services.outbound import build_from_order
from organizations.models import Organization, User


@dataclass
class InboundWorld:
    supplier_user: User
    contract: Contract
    documents: list[bytes]


def invoicing_bench_delete() -> int:
    """Remove the bench's invoices, then contracting's bench rows (invoices protect the orders they match)."""
    with transaction.atomic():
        deleted = Invoice.objects.filter(seller__registration_id__startswith=PREFIX).delete()[0]
    return deleted + bench_data_delete()


def bench_invoices_delete() -> int:
    """Only the imported invoices, so the same documents can be imported again (every order is left to invoice)."""
    return Invoice.objects.filter(seller__registration_id__startswith=PREFIX).delete()[0]


def _parties(contract: Contract) -> None:
    for organization, street, city, code in (
        (contract.supplier, "Werkstraße 12", "Cottbus", "03046"),
        (contract.buyer, "Ferdinand-Sauerbruch-Straße 1", "Koblenz", "56073"),
    ):
        Organization.objects.filter(pk=organization.pk).update(street=street, city=city, postal_code=code)
    InvoicingProfile.objects.create(
        organization=contract.supplier,
        vat_id="DE123456789",
        iban="DE02120300000000202051",
        bic="BYLADEM1001",
        contact_name="Anna Schmidt",
        contact_phone="+49 355 123456",
        invoice_email="rechnung@ctbench.alx.example",
    )
    InvoicingProfile.objects.create(
        organization=contract.buyer,
        leitweg_id="991-01234-56",
        invoice_email="k2@ctbench.alx.example",
        vat_id="DE811135657",
    )


@transaction.atomic
def _orders(contract: Contract, officer: User, *, orders: int, lines: int) -> list[Order]:
    """`orders` confirmed orders of `lines` lines, each delivered and accepted in full."""
    today = timezone.localdate()

    def quantity(n: int, p: int) -> Decimal:
        return Decimal(5 + (n + p) % 7)

    def price(p: int) -> Decimal:
        return Decimal(10 + p) + Decimal("0.25")

    made = Order.objects.bulk_create(
        Order(
            contract=contract,
            number=n + 1,
            state=OrderState.CONFIRMED,
            confirmed_at=timezone.now(),
            total_value=sum((quantity(n, p) * price(p) for p in range(lines)), Decimal(0)),
            total_quantity=sum((quantity(n, p) for p in range(lines)), Decimal(0)),
        )
        for n in range(orders)
    )
    order_lines = OrderLine.objects.bulk_create(
        OrderLine(
            order=order,
            position=p + 1,
            description=f"Pallet storage, bay {p + 1}",
            quantity=quantity(n, p),
            unit="XPX",
            unit_price=price(p),
            delivery_date=today,
            delivery_place="Bremerhaven",
            shipped_quantity=quantity(n, p),
            accepted_quantity=quantity(n, p),
        )
        for n, order in enumerate(made)
        for p in range(lines)
    )
    deliveries = Delivery.objects.bulk_create(
        Delivery(
            order=order,
            number=1,
            state=DeliveryState.ACCEPTED,
            promised_date=today - timedelta(days=1),
            delivered_at=timezone.now(),
            created_by=officer,
        )
        for order in made
    )
    DeliveryLine.objects.bulk_create(
        DeliveryLine(delivery=delivery, order_line=line, quantity=line.quantity, accepted_quantity=line.quantity)
        for delivery in deliveries
        for line in order_lines[(delivery.order.number - 1) * lines : delivery.order.number * lines]
    )
    Acceptance.objects.bulk_create(
        Acceptance(delivery=delivery, outcome=AcceptanceOutcome.FULL, decided_by=officer) for delivery in deliveries
    )
    totals = Order.objects.filter(contract=contract).aggregate(value=Sum("total_value"), quantity=Sum("total_quantity"))
    Contract.objects.filter(pk=contract.pk).update(ordered_value=totals["value"], ordered_quantity=totals["quantity"])
    return made


def inbound_world(*, orders: int, lines: int) -> InboundWorld:
    """The contract with `orders` accepted orders and, for each, the supplier's XRechnung (UBL and CII in turn)."""
    invoicing_bench_delete()
    world = bench_world(max_value=Decimal("9000000000"))
    _parties(world.contract)
    contract = Contract.objects.select_related("buyer", "supplier").get(pk=world.contract.pk)
    made = _orders(contract, world.officer, orders=orders, lines=lines)
    issue = timezone.localdate()
    documents = []
    for order in (
        Order.objects.filter(pk__in=[o.pk for o in made])
        .select_related("contract__buyer", "contract__supplier")
        .prefetch_related("lines")
        .order_by("number")
    ):
        model, _links = build_from_order(
            order=order, by=world.supplier_user, number=f"ERP-{order.number:05d}", issue=issue
        )
        documents.append(write_invoice(model, "UBL" if order.number % 2 else "CII"))
    return InboundWorld(supplier_user=world.supplier_user, contract=contract, documents=documents)
