"""Test data for invoicing above contracting: an accepted delivery of a confirmed order, with invoicing profiles."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from contracting import services as contracting
from contracting.services.deliveries import delivery_mark_delivered
from invoicing.models import InvoicingProfile
from tests.contracting.factories import deal


def ready_to_invoice(*, quantity="10", accept=None, skonto=True, buyer_country="DE", leitweg="991-01234-56", d=None):
    """A deal (`d`, default a new one) whose first order is delivered and received (`accept` of `quantity`),
    parties with addresses."""
    d = d or deal()
    for org, street, city, code, country in (
        (d.supplier, "Werkstraße 12", "Cottbus", "03046", "DE"),
        (d.buyer, "Ferdinand-Sauerbruch-Straße 1", "Koblenz", "56073", buyer_country),
    ):
        org.street, org.city, org.postal_code, org.country = street, city, code, country
        org.save()
    InvoicingProfile.objects.create(
        organization=d.supplier,
        vat_id="DE123456789",
        iban="DE02120300000000202051",
        bic="BYLADEM1001",
        contact_name="Anna Schmidt",
        contact_phone="+49 355 123456",
        invoice_email="rechnung@nordlicht.example",
    )
    InvoicingProfile.objects.create(
        organization=d.buyer,
        leitweg_id=leitweg,
        invoice_email="k2@example.bund.de",
        vat_id="FR32123456789" if buyer_country == "FR" else "DE811135657",
    )
    terms = {"skonto_percent": Decimal("2.00"), "skonto_days": 10} if skonto else {}
    contract = d.signed(**terms) if terms else d.signed()
    order = d.confirmed_order(contract, quantity=quantity)
    delivery = d.delivery(order)
    delivery_mark_delivered(delivery, at=timezone.now(), by=d.supplier_member)
    lines = None
    if accept is not None:
        row = delivery.lines.get()
        lines = [{"delivery_line": row.pk, "accepted_quantity": accept, "reason": "Two pallets damaged"}]
    contracting.delivery_accept(delivery=delivery, by=d.officer, lines=lines)
    order.refresh_from_db()
    return d, contract, order
