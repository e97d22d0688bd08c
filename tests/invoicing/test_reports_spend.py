"""The buyer's spend per contract: known deliveries, invoices and payments give known sums; another buyer's
contracts and a supplier's view stay out; the figures cost the same queries however many contracts there are."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from contracting.models import Contract
from invoicing import services
from invoicing.models import Invoice, Payment
from invoicing.reports.common import Period
from invoicing.reports.spend import spend_by_contract, spend_totals
from tests.invoicing.flow import ready_to_invoice

pytestmark = pytest.mark.django_db


def invoiced_and_half_paid(accept=None):
    """A deal with 10 × 100 € accepted (or `accept`), invoiced (19 % VAT) and paid 595 € of 1,190 €."""
    d, contract, order = ready_to_invoice(skonto=False, accept=accept)
    invoice = services.invoice_draft_from_order(order=order, by=d.supplier_admin)
    services.invoice_send(invoice=invoice, by=d.supplier_admin)
    services.invoice_approve(invoice=invoice, by=d.officer)
    services.payment_record(invoice=invoice, by=d.officer, amount="595.00")
    return d, contract, invoice


@pytest.fixture
def world(rules, cpv, compliance_data):
    return invoiced_and_half_paid()


def test_known_deliveries_invoices_and_payments_give_known_sums(world):
    d, contract, _invoice = world
    [row] = spend_by_contract(user=d.buyer_member)
    assert row.pk == contract.pk
    assert (row.committed, row.delivered, row.invoiced, row.paid, row.paid_gross) == (
        Decimal("50000.00"),
        Decimal("1000.00"),
        Decimal("1000.00"),
        Decimal("500.00"),
        Decimal("595.00"),
    )
    [total] = spend_totals(spend_by_contract(user=d.officer))
    assert total == {
        "currency": "EUR",
        "contracts": 1,
        "committed": Decimal("50000.00"),
        "delivered": Decimal("1000.00"),
        "invoiced": Decimal("1000.00"),
        "paid": Decimal("500.00"),
        "paid_gross": Decimal("595.00"),
    }


def test_a_credit_note_lowers_what_was_invoiced_and_a_partial_receipt_what_was_delivered(rules, cpv, compliance_data):
    d, _contract, invoice = invoiced_and_half_paid(accept="8")
    [row] = spend_by_contract(user=d.buyer_member)
    assert (row.delivered, row.invoiced, row.paid) == (Decimal("800.00"), Decimal("800.00"), Decimal("500.00"))
    credit = services.invoice_credit_note(invoice=invoice, by=d.supplier_admin, reason="Two pallets returned")
    services.invoice_send(invoice=credit, by=d.supplier_admin)
    [row] = spend_by_contract(user=d.buyer_member)
    assert row.invoiced == Decimal("0.00")


def test_other_buyers_contracts_and_the_suppliers_side_are_not_included(world, rules, cpv, compliance_data):
    d, contract, _invoice = world
    other, other_contract, _ = invoiced_and_half_paid()
    assert [c.pk for c in spend_by_contract(user=d.officer)] == [contract.pk]
    assert [c.pk for c in spend_by_contract(user=other.officer)] == [other_contract.pk]
    assert list(spend_by_contract(user=d.supplier_admin)) == []
    assert list(spend_by_contract(user=d.stranger)) == []


def test_the_period_counts_what_happened_in_it(world):
    d, contract, _invoice = world
    Payment.objects.update(paid_on=timezone.localdate() - timedelta(days=40))
    since = timezone.localdate() - timedelta(days=5)
    [row] = spend_by_contract(user=d.officer, period=Period(since=since))
    assert (row.committed, row.delivered, row.invoiced, row.paid) == (
        Decimal("50000.00"),
        Decimal("1000.00"),
        Decimal("1000.00"),
        Decimal("0.00"),
    )
    before = Period(until=contract.period_start - timedelta(days=1))
    assert list(spend_by_contract(user=d.officer, period=before)) == []


def test_the_page_shows_figures_chart_and_totals_to_the_buyer_in_english_and_german(world, client):
    d, contract, _invoice = world
    client.force_login(d.buyer_member)
    page = client.get(reverse("invoicing:spend")).content.decode()
    assert f"C-{contract.pk}" in page
    assert "€50,000.00" in page
    assert "€1,000.00" in page
    assert "€500.00" in page
    assert 'class="spend-bar' in page
    german = client.get(reverse("invoicing:spend"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Ausgaben" in german
    assert "50.000,00" in german
    client.force_login(d.supplier_admin)
    assert "No contracts of your organization" in client.get(reverse("invoicing:spend")).content.decode()


def test_the_page_costs_the_same_queries_with_more_contracts(
    world, client, django_assert_max_num_queries, rules, cpv, compliance_data
):
    d, _contract, _invoice = world
    client.force_login(d.officer)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("invoicing:spend")).status_code == 200
    more = [invoiced_and_half_paid() for _ in range(2)]
    for _other, contract, invoice in more:  # the same buyer's further contracts, delivered, invoiced and paid
        Contract.objects.filter(pk=contract.pk).update(buyer=d.buyer)
        Invoice.objects.filter(pk=invoice.pk).update(buyer=d.buyer)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("invoicing:spend"))
    assert all(f"C-{contract.pk}" in page.content.decode() for _o, contract, _ in more)
    [total] = spend_totals(spend_by_contract(user=d.officer))
    assert (total["contracts"], total["paid"]) == (3, Decimal("1500.00"))


def test_a_bad_period_is_shown_in_the_form(world, client):
    d, *_ = world
    client.force_login(d.officer)
    page = client.get(reverse("invoicing:spend"), {"since": "2026-13-01"}).content.decode()
    assert "Enter a valid date" in page
