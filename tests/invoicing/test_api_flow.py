"""The invoice API end to end: draft from accepted deliveries, send, download in three syntaxes, import from the
supplier's ERP with the three-way match, bad input refused whole, the buyer's approval, dispute and payments."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from invoicing.en16931.documents import read_invoice, write_invoice
from invoicing.en16931.pdf import to_facturx, xml_from_facturx
from invoicing.en16931.validation import validate
from invoicing.models import Invoice, RuleFinding
from invoicing.services.outbound import build_from_order
from organizations.models import AuditEntry
from tests.invoicing.flow import ready_to_invoice

from .test_parsing import XXE

pytestmark = pytest.mark.django_db
API = "/api/v1/invoicing/invoices/"


@pytest.fixture
def world(rules, cpv, compliance_data):
    return ready_to_invoice(quantity="10", accept="8")


def _erp_document(d, order, syntax="UBL", number="ERP-4711", **changes):
    model, _links = build_from_order(
        order=order, by=d.supplier_admin, number=number, issue=__import__("datetime").date.today()
    )
    if changes.get("quantity"):
        model = replace(model, lines=(replace(model.lines[0], quantity=Decimal(changes["quantity"]), net_amount=None),))
    if changes.get("price"):
        model = replace(model, lines=(replace(model.lines[0], net_price=Decimal(changes["price"]), net_amount=None),))
    return write_invoice(model, syntax)


def test_draft_send_and_download_in_every_syntax(world, client_for):
    d, contract, order = world
    supplier = client_for(d.supplier_admin)
    response = supplier.post(API, {"order": order.pk}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["is_valid"], body["findings"], body["contract"], body["order"]) == (True, [], contract.pk, order.pk)
    assert body["lines"][0]["order_line_reference"] == "1"
    assert body["payable_amount"] == "952.00"
    sent = supplier.post(f"{API}{body['id']}/send/")
    assert sent.status_code == 200
    assert sent.json()["state"] == "sent"
    for syntax, content_type in (
        ("UBL", "application/xml"),
        ("CII", "application/xml"),
        ("FACTURX", "application/pdf"),
    ):
        download = client_for(d.officer).get(f"{API}{body['id']}/document/?syntax={syntax}")
        assert download.status_code == 200
        assert download["Content-Type"] == content_type
        xml = xml_from_facturx(download.content) if syntax == "FACTURX" else download.content
        assert validate(xml).is_valid
        assert read_invoice(xml)[0].totals.payable == Decimal("952.00")


def test_a_failing_draft_shows_its_rules_by_field_and_cannot_be_sent(world, client_for):
    d, _contract, order = world
    from invoicing.models import InvoicingProfile

    InvoicingProfile.objects.filter(organization=d.supplier).update(iban="")
    supplier = client_for(d.supplier_admin)
    body = supplier.post(API, {"order": order.pk}, format="json").json()
    assert body["is_valid"] is False
    assert "BR-DE-1" in {f["rule_id"] for f in body["findings"]}
    refused = supplier.post(f"{API}{body['id']}/send/")
    assert refused.status_code == 400
    assert any("[BR-DE-1]" in m for messages in refused.json()["errors"].values() for m in messages)


def test_the_erp_imports_ubl_cii_and_facturx_matched_to_the_goods_receipt(world, client_for):
    d, contract, order = world
    erp = client_for(d.supplier_admin)
    first, second = _erp_document(d, order, "CII"), _erp_document(d, order, number="ERP-4712")
    response = erp.generic("POST", API + "import/", first, content_type="application/xml")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["state"], body["contract"], body["order"], body["direction"]) == (
        "sent",
        contract.pk,
        order.pk,
        "inbound",
    )
    assert body["lines"][0]["order_line"] == order.lines.get().pk
    assert [f for f in body["findings"] if f["rule_set"] == "ALX-MATCH"] == []
    # everything accepted is now invoiced: a second invoice is above the accepted value
    again = erp.generic("POST", API + "import/", second, content_type="application/xml")
    assert again.status_code == 409
    assert list(again.json()["errors"]) == ["BT-109"]


def test_a_line_that_differs_is_flagged_and_needs_the_buyers_explicit_approval(world, client_for):
    d, _contract, order = world
    data = to_facturx(read_invoice(_erp_document(d, order, quantity="5", price="110"))[0])
    body = client_for(d.supplier_admin).generic("POST", API + "import/", data, content_type="application/pdf").json()
    assert body["syntax"] == "FACTURX"
    flagged = {(f["rule_id"], f["field"]) for f in body["findings"] if f["rule_set"] == "ALX-MATCH"}
    assert flagged == {("ALX-MATCH-QTY", "BT-129"), ("ALX-MATCH-PRICE", "BT-146")}
    buyer = client_for(d.officer)
    refused = buyer.post(f"{API}{body['id']}/approve/", {}, format="json")
    assert refused.status_code == 409
    assert set(refused.json()["errors"]) == {"BT-129", "BT-146"}
    approved = buyer.post(f"{API}{body['id']}/approve/", {"approve_difference": True}, format="json")
    assert approved.status_code == 200
    assert approved.json()["difference_approved"] is True


@pytest.mark.parametrize("case", ["malformed", "xxe", "cii_as_ubl", "wrong_root", "duplicate", "no_contract"])
def test_bad_input_is_a_clear_4xx_and_nothing_is_written(world, client_for, case):
    d, _contract, order = world
    erp = client_for(d.supplier_admin)
    query = ""
    body = {
        "malformed": b"<Invoice><unclosed>",
        "xxe": XXE,
        "cii_as_ubl": _erp_document(d, order, "CII"),
        "wrong_root": b'<?xml version="1.0"?><Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"/>',
        "duplicate": _erp_document(d, order),
        "no_contract": write_invoice(
            replace(read_invoice(_erp_document(d, order))[0], contract_reference="C-999999"), "UBL"
        ),
    }[case]
    if case == "cii_as_ubl":
        query = "?syntax=UBL"
    if case == "duplicate":
        assert erp.post(API, {"order": order.pk, "number": "ERP-4711"}, format="json").status_code == 201
    before = (Invoice.objects.count(), RuleFinding.objects.count())
    response = erp.generic("POST", API + "import/" + query, body, content_type="application/xml")
    assert response.status_code in (400, 409), response.content
    payload = response.json()
    assert payload["type"]
    assert payload["detail"]
    assert payload["errors"]
    if case == "no_contract":
        assert list(payload["errors"]) == ["BT-12"]
    assert (Invoice.objects.count(), RuleFinding.objects.count()) == before


def test_dispute_answer_approve_and_partial_payments(world, client_for):
    d, _contract, order = world
    supplier, buyer = client_for(d.supplier_admin), client_for(d.officer)
    invoice = supplier.post(API, {"order": order.pk}, format="json").json()
    supplier.post(f"{API}{invoice['id']}/send/")
    assert buyer.post(f"{API}{invoice['id']}/dispute/", {"reason": ""}, format="json").status_code == 400
    disputed = buyer.post(f"{API}{invoice['id']}/dispute/", {"reason": "Pallet 3 missing"}, format="json").json()
    assert (disputed["state"], disputed["dispute_reason"]) == ("disputed", "Pallet 3 missing")
    answered = supplier.post(
        f"{API}{invoice['id']}/answer/", {"answer": "Delivered on 2 Dec, see POD"}, format="json"
    ).json()
    assert answered["state"] == "sent"
    assert buyer.post(f"{API}{invoice['id']}/pay/", {"amount": "100"}, format="json").status_code == 409
    assert buyer.post(f"{API}{invoice['id']}/approve/", {}, format="json").json()["state"] == "approved"
    part = buyer.post(f"{API}{invoice['id']}/pay/", {"amount": "500.00"}, format="json")
    assert part.status_code == 201
    assert (part.json()["state"], part.json()["paid_amount"]) == ("part_paid", "500.00")
    too_much = buyer.post(f"{API}{invoice['id']}/pay/", {"amount": "500.00"}, format="json")
    assert too_much.status_code == 400
    assert "amount" in too_much.json()["errors"]
    paid = buyer.post(f"{API}{invoice['id']}/pay/", {"amount": "452.00"}, format="json").json()
    assert (paid["state"], paid["paid_amount"], len(paid["payments"])) == ("paid", "952.00", 2)
    actions = set(AuditEntry.objects.filter(object_id=str(invoice["id"])).values_list("action", flat=True))
    assert {"invoice.dispute", "invoice.answer", "invoice.approve", "invoice.pay"} <= actions
