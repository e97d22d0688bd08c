"""Storing an invoice keeps the document, its lines and every failed rule; numbers are unique per seller."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from core.api.errors import status_for
from core.errors import ApplicationError
from invoicing import selectors, services
from invoicing.en16931.documents import inspect, read_invoice, write_invoice
from invoicing.en16931.pdf import to_facturx, xml_from_facturx
from invoicing.en16931.samples import multi_rate_invoice, standard_invoice
from invoicing.models import Direction, Invoice, InvoiceState
from organizations.models import AuditEntry
from tests.organizations.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def store(invoice, seller, buyer, syntax="UBL", by=None):
    return services.invoice_store(
        inspection=inspect(write_invoice(invoice, syntax), content_type="application/xml"),
        seller=seller,
        buyer=buyer,
        direction=Direction.INBOUND,
        by=by,
    )


@pytest.fixture
def parties():
    return OrganizationFactory(), OrganizationFactory(kind="authority")


def test_a_stored_invoice_keeps_document_lines_totals_and_is_audited(rules, parties):
    seller, buyer = parties
    user = UserFactory()
    stored = store(multi_rate_invoice(), seller, buyer, "CII", by=user)
    stored.refresh_from_db()
    assert (stored.number, stored.state, stored.is_valid, stored.syntax) == ("RE-2026-0003", "draft", True, "CII")
    assert stored.payable_amount == multi_rate_invoice().totals.payable == Decimal("7779.93")
    assert [line.line_id for line in stored.lines.all()] == ["1", "2", "3", "4"]
    assert read_invoice(bytes(stored.document))[0] == multi_rate_invoice()
    assert not stored.findings.exists()
    assert AuditEntry.objects.filter(action="invoice.store", object_id=str(stored.pk), actor=user).exists()


def test_a_failing_invoice_is_stored_with_its_findings_and_cannot_be_sent(rules, parties):
    seller, buyer = parties
    stored = store(replace(standard_invoice(), buyer_reference=""), seller, buyer)
    assert not stored.is_valid
    assert list(stored.findings.values_list("rule_id", "field")) == [("BR-DE-15", "BT-10")]
    with pytest.raises(ApplicationError) as caught:
        services.invoice_send(invoice=stored, by=None)
    assert caught.value.code == "invoice_rules_failed"
    assert list(caught.value.errors) == ["BT-10"]
    stored.refresh_from_db()
    assert stored.state == InvoiceState.DRAFT


def test_a_valid_invoice_is_sent_once(rules, parties):
    stored = store(standard_invoice(), *parties)
    assert services.invoice_send(invoice=stored, by=None).state == InvoiceState.SENT
    with pytest.raises(ApplicationError, match="Only a draft"):
        services.invoice_send(invoice=stored, by=None)


def test_invoice_numbers_are_unique_per_seller_and_nothing_is_half_written(rules, parties):
    seller, buyer = parties
    store(standard_invoice(), seller, buyer)
    with pytest.raises(ApplicationError) as caught:
        store(standard_invoice(lines=1), seller, buyer)
    assert (status_for(caught.value.code), caught.value.errors) == (
        409,
        {"number": ["Invoice numbers are unique per seller."]},
    )
    assert Invoice.objects.count() == 1
    store(standard_invoice(), OrganizationFactory(), buyer)  # another seller may use the same number
    assert Invoice.objects.count() == 2


def test_the_list_shows_an_invoice_to_the_seller_and_once_sent_to_the_buyer_only(rules, parties):
    seller, buyer = parties
    stored = store(standard_invoice(), seller, buyer)
    seller_member = MembershipFactory(organization=seller).user
    buyer_member = MembershipFactory(organization=buyer).user
    outsider = MembershipFactory().user
    assert list(selectors.invoice_list_visible_to(user=seller_member)) == [stored]
    assert not selectors.invoice_list_visible_to(user=buyer_member).exists()  # a draft is the seller's own
    services.invoice_send(invoice=stored, by=None)
    assert list(selectors.invoice_list_visible_to(user=buyer_member)) == [stored]
    assert not selectors.invoice_list_visible_to(user=outsider).exists()


def test_a_facturx_pdf_is_stored_as_received(rules, parties):
    pdf = to_facturx(standard_invoice())
    stored = services.invoice_store(
        inspection=inspect(pdf, content_type="application/pdf"),
        seller=parties[0],
        buyer=parties[1],
        direction=Direction.INBOUND,
        by=None,
    )
    stored.refresh_from_db()
    assert (stored.syntax, stored.is_valid, bytes(stored.document)) == ("FACTURX", True, pdf)
    assert read_invoice(xml_from_facturx(bytes(stored.document)))[0] == standard_invoice()
