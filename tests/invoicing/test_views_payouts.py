"""The consortium payout pages in English and German: a member finds the consortium from its invoices, reads
every payment's split and downloads each member's statement; the buyer sees neither the link nor the pages."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from invoicing import services
from tests.invoicing.consortium import consortium_ready

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid(rules, cpv, compliance_data):
    c, _contract, order = consortium_ready(cost_shares=("50", "30", "20"))
    invoice = services.invoice_draft_from_order(order=order, by=c.deal.supplier_admin)
    services.invoice_send(invoice=invoice, by=c.deal.supplier_admin)
    services.invoice_approve(invoice=invoice, by=c.deal.officer)
    services.payment_record(invoice=invoice, by=c.deal.officer, amount=Decimal("1000.00"))
    return c, invoice


def test_a_member_reads_the_split_and_downloads_statements(paid, client):
    c, invoice = paid
    client.force_login(c.admins[2])
    detail = client.get(reverse("invoicing:detail", args=[invoice.pk])).content.decode()
    consortium_page = reverse("invoicing:payouts-consortium", args=[c.organization.pk])
    assert f'href="{consortium_page}"' in detail
    assert consortium_page in client.get(reverse("invoicing:payouts")).content.decode()
    page = client.get(consortium_page).content.decode()
    assert "Payouts of North Sea Logistics ARGE" in page
    for name, amount in (
        ("Nordlicht Logistik GmbH", "€500.00"),
        ("Baltic Storage Sp. z o.o.", "€300.00"),
        ("Rijn Transport B.V.", "€200.00"),
    ):
        assert name in page
        assert amount in page
    statement = client.get(reverse("invoicing:payout-statement", args=[c.organization.pk, c.members[0].pk, "pdf"]))
    assert statement["Content-Type"] == "application/pdf"
    assert "Nordlicht Logistik GmbH" in PdfReader(io.BytesIO(statement.content)).pages[0].extract_text()
    csv_file = client.get(reverse("invoicing:payout-statement", args=[c.organization.pk, c.members[1].pk, "csv"]))
    assert "300.00" in csv_file.content.decode("utf-8-sig")


def test_the_pages_and_the_statement_in_german(paid, client):
    c, _invoice = paid
    client.force_login(c.admins[0])
    page = client.get(
        reverse("invoicing:payouts-consortium", args=[c.organization.pk]), HTTP_ACCEPT_LANGUAGE="de"
    ).content.decode()
    assert "Auszahlungen von North Sea Logistics ARGE" in page
    assert "300,00\xa0€" in page
    assert "Mitglieder und ihre Aufstellungen" in page
    statement = client.get(
        reverse("invoicing:payout-statement", args=[c.organization.pk, c.members[2].pk, "pdf"]),
        HTTP_ACCEPT_LANGUAGE="de",
    )
    text = PdfReader(io.BytesIO(statement.content)).pages[0].extract_text()
    assert "Auszahlungsaufstellung" in text
    assert "Vereinbarte Kosten- und Ergebnisanteile" in text
    assert "200,00" in text


def test_the_buyer_sees_the_invoice_but_not_the_split(paid, client):
    c, invoice = paid
    client.force_login(c.deal.officer)
    detail = client.get(reverse("invoicing:detail", args=[invoice.pk])).content.decode()
    assert 'id="consortium-payouts"' not in detail
    assert "North Sea Logistics ARGE" not in client.get(reverse("invoicing:payouts")).content.decode()
    assert client.get(reverse("invoicing:payouts-consortium", args=[c.organization.pk])).status_code == 404
