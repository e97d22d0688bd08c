"""Payments as OCDS implementation transactions: a payment the buyer records appears in the tender's record
package as a transaction of the contract (payer the buyer, payee the supplier) and the package validates against
OCDS 1.1.5 with the lots and bids extensions (closed objects)."""

from __future__ import annotations

import pytest

from marketplace.models import ChangeEvent
from marketplace.ocds import party_id
from tests.invoicing.flow import ready_to_invoice
from tests.marketplace.test_ocds import errors as ocds_errors

pytestmark = pytest.mark.django_db
API = "/api/v1/invoicing/invoices/"


def test_a_recorded_payment_is_a_transaction_in_the_tenders_record(rules, cpv, compliance_data, client_for):
    d, contract, order = ready_to_invoice(quantity="10")
    supplier, buyer = client_for(d.supplier_admin), client_for(d.officer)
    invoice = supplier.post(API, {"order": order.pk}, format="json").json()
    supplier.post(f"{API}{invoice['id']}/send/")
    buyer.post(f"{API}{invoice['id']}/approve/", {}, format="json")
    assert buyer.post(f"{API}{invoice['id']}/pay/", {"amount": "500.00"}, format="json").status_code == 201
    assert buyer.post(f"{API}{invoice['id']}/pay/", {"amount": "690.00"}, format="json").status_code == 201

    record = client_for(d.stranger).get(f"/api/v1/marketplace/tenders/{d.tender.pk}/ocds-record/").json()
    assert not ocds_errors("record-package", record)
    [entry] = record["records"]
    assert entry["releases"][-1]["tag"] == ["implementationUpdate"]
    [body] = entry["compiledRelease"]["contracts"]
    transactions = body["implementation"]["transactions"]
    assert [t["value"] for t in transactions] == [
        {"amount": 500, "currency": "EUR"},
        {"amount": 690, "currency": "EUR"},
    ]
    assert {t["payer"]["id"] for t in transactions} == {party_id(organization=d.buyer)}
    assert {t["payee"]["id"] for t in transactions} == {party_id(organization=d.supplier)}
    roles = {p["id"]: set(p["roles"]) for p in entry["compiledRelease"]["parties"]}
    assert {"buyer", "procuringEntity", "payer"} <= roles[party_id(organization=d.buyer)]
    assert {"supplier", "payee"} <= roles[party_id(organization=d.supplier)]
    # the feed names the contract (one test transaction holds one event per contract: the weightiest, signed)
    assert ChangeEvent.objects.filter(subject="contract", subject_id=contract.pk).exists()
