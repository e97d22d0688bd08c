"""The supplier turns accepted deliveries into an XRechnung draft that passes both rule sets; it never claims more
than was accepted; credit notes give quantities back; a failing draft cannot be sent."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.api.errors import status_for
from core.errors import ApplicationError
from invoicing import services
from invoicing.en16931.codes import VatCategory
from invoicing.models import InvoiceState, InvoicingProfile
from invoicing.services.outbound import stored_model
from tests.invoicing.flow import ready_to_invoice

pytestmark = pytest.mark.django_db


def test_an_accepted_delivery_becomes_a_valid_xrechnung_draft_with_everything_alx_knows(rules, cpv, compliance_data):
    d, contract, order = ready_to_invoice(quantity="10", accept="8")
    invoice = services.invoice_draft_from_order(order=order, by=d.supplier_admin)
    assert list(invoice.findings.values_list("rule_id", "message")) == []
    assert invoice.is_valid
    assert invoice.state == InvoiceState.DRAFT
    assert (invoice.contract, invoice.order, invoice.syntax) == (contract, order, "UBL")
    assert invoice.tax_exclusive_amount == Decimal("800.00")
    assert invoice.vat_amount == Decimal("152.00")
    line = invoice.lines.get()
    assert (line.quantity, line.order_line, line.order_line_reference) == (Decimal("8"), order.lines.get(), "1")
    model = stored_model(invoice)
    assert model.buyer_reference == "991-01234-56"
    assert (model.contract_reference, model.order_reference) == (f"C-{contract.pk}", str(order))
    assert model.seller.vat_id == "DE123456789"
    assert model.seller.address.city == "Cottbus"
    assert model.payment.transfers[0].iban == "DE02120300000000202051"
    assert [(s.days, s.percent) for s in model.payment_terms.skonto] == [(10, Decimal("2.00"))]
    assert model.due_date == model.issue_date + __import__("datetime").timedelta(days=contract.payment_days)
    assert services.invoice_send(invoice=invoice, by=d.supplier_admin).state == InvoiceState.SENT


def test_nothing_beyond_the_accepted_quantity_is_invoiced(rules, cpv, compliance_data):
    d, _contract, order = ready_to_invoice(quantity="10", accept="8")
    services.invoice_draft_from_order(order=order, by=d.supplier_admin)
    with pytest.raises(ApplicationError) as caught:
        services.invoice_draft_from_order(order=order, by=d.supplier_admin)
    assert caught.value.code == "nothing_to_invoice"
    line = order.lines.get()
    assert services.invoicable_quantities(order=order) == {line.pk: Decimal("0")}


def test_a_credit_note_gives_the_quantity_back_and_passes_the_rules(rules, cpv, compliance_data):
    d, _contract, order = ready_to_invoice()
    invoice = services.invoice_draft_from_order(order=order, by=d.supplier_admin)
    with pytest.raises(ApplicationError, match="Only a sent"):
        services.invoice_credit_note(invoice=invoice, by=d.supplier_admin, reason="Wrong price")
    services.invoice_send(invoice=invoice, by=d.supplier_admin)
    credit = services.invoice_credit_note(invoice=invoice, by=d.supplier_admin, reason="Wrong price")
    assert (credit.type_code, credit.is_valid, credit.number) == ("381", True, f"GS-{invoice.number}")
    assert stored_model(credit).preceding_invoices[0].number == invoice.number
    assert services.invoicable_quantities(order=order) == {order.lines.get().pk: Decimal("10")}


def test_a_foreign_eu_buyer_with_a_vat_id_gets_reverse_charge(rules, cpv, compliance_data):
    d, _contract, order = ready_to_invoice(buyer_country="FR", leitweg="AMB-2026-118")
    invoice = services.invoice_draft_from_order(order=order, by=d.supplier_admin)
    assert invoice.is_valid, list(invoice.findings.values_list("rule_id", "message"))
    assert invoice.vat_amount == Decimal("0.00")
    assert invoice.lines.get().vat_category == VatCategory.REVERSE_CHARGE


def test_an_exemption_needs_its_reason_and_then_passes(rules, cpv, compliance_data):
    d, _contract, order = ready_to_invoice(skonto=False)
    with pytest.raises(ApplicationError) as caught:
        services.invoice_draft_from_order(order=order, by=d.supplier_admin, vat_category="E")
    assert list(caught.value.errors) == ["exemption_reason"]
    invoice = services.invoice_draft_from_order(
        order=order, by=d.supplier_admin, vat_category="E", exemption_reason="Steuerfrei nach § 4 Nr. 21 UStG"
    )
    assert invoice.is_valid
    assert invoice.vat_amount == 0


def test_without_a_leitweg_id_the_draft_shows_br_de_15_and_cannot_be_sent(rules, cpv, compliance_data):
    d, _contract, order = ready_to_invoice(leitweg="")
    InvoicingProfile.objects.filter(organization=d.buyer).update(leitweg_id="")
    invoice = services.invoice_draft_from_order(order=order, by=d.supplier_admin)
    assert ("BR-DE-15", "BT-10") in set(invoice.findings.values_list("rule_id", "field"))
    with pytest.raises(ApplicationError) as caught:
        services.invoice_send(invoice=invoice, by=d.supplier_admin)
    assert "BT-10" in caught.value.errors


def test_only_the_supplier_invoices_and_sends(rules, cpv, compliance_data):
    d, _contract, order = ready_to_invoice()
    for outsider in (d.officer, d.stranger):
        with pytest.raises(ApplicationError) as caught:
            services.invoice_draft_from_order(order=order, by=outsider)
        assert status_for(caught.value.code) == 403
    invoice = services.invoice_draft_from_order(order=order, by=d.supplier_member)
    with pytest.raises(ApplicationError) as caught:
        services.invoice_send(invoice=invoice, by=d.officer)
    assert status_for(caught.value.code) == 403
