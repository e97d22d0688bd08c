"""Generated invoices of every kind pass the official EN 16931 and XRechnung rules, run by the real saxonche.

The stylesheets are compiled once per test session (the `rules` fixture warms the process cache).
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from lxml import etree

from core.api.errors import status_for
from invoicing.en16931 import validation
from invoicing.en16931.documents import read_invoice, write_invoice
from invoicing.en16931.model import Party
from invoicing.en16931.samples import standard_invoice
from invoicing.en16931.xmlutil import InvoiceXMLError


@pytest.mark.parametrize("syntax", ["UBL", "CII"])
def test_every_kind_of_invoice_passes_both_rule_sets(rules, invoice, syntax):
    report = validation.validate(write_invoice(invoice, syntax), expected=syntax)
    assert report.syntax == syntax
    assert report.is_valid, report.error_dict()
    assert report.failures == ()  # not even a warning


def test_an_invoice_without_leitweg_id_fails_br_de_15_at_bt_10(rules):
    report = validation.validate(write_invoice(replace(standard_invoice(), buyer_reference=""), "UBL"))
    assert not report.is_valid
    (failure,) = report.errors
    facts = (failure.rule_id, failure.flag, failure.rule_set, failure.field)
    assert facts == ("BR-DE-15", "fatal", "XRechnung", "BT-10")
    assert "Buyer reference" in failure.message
    assert report.error_dict() == {"BT-10": [f"[BR-DE-15] {failure.message}"]}


def test_an_invoice_without_seller_contact_fails_the_german_rules_in_cii(rules):
    seller: Party = replace(standard_invoice().seller, contact=None)
    report = validation.validate(write_invoice(replace(standard_invoice(), seller=seller), "CII"))
    assert {f.rule_id for f in report.errors} == {"BR-DE-2"}
    assert report.errors[0].path.startswith("CrossIndustryInvoice/SupplyChainTradeTransaction")


def test_wrong_totals_fail_the_en16931_rules(rules):
    xml = write_invoice(standard_invoice(), "UBL").replace(
        b'<cbc:PayableAmount currencyID="EUR">8171.85', b'<cbc:PayableAmount currencyID="EUR">8171.86'
    )
    report = validation.validate(xml)
    assert "BR-CO-16" in {f.rule_id for f in report.errors if f.rule_set == "EN16931"}


def test_an_element_out_of_order_fails_the_ubl_schema(rules):
    root = etree.fromstring(write_invoice(standard_invoice(), "UBL"))
    root.append(root[2])  # cbc:ID moved to the end
    report = validation.validate(etree.tostring(root))
    assert any(f.rule_id == "XSD" and f.is_error for f in report.failures)


def test_a_cii_document_posted_as_ubl_is_refused_with_the_root_element(rules):
    with pytest.raises(InvoiceXMLError) as caught:
        validation.validate(write_invoice(standard_invoice(), "CII"), expected="UBL")
    assert status_for(caught.value.code) == 400
    assert caught.value.errors == {"CrossIndustryInvoice": ["The document is CII but was sent as UBL."]}


def test_a_wrong_namespace_or_root_is_refused():
    xml = write_invoice(standard_invoice(), "UBL").replace(
        b"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2", b"urn:example:invoice"
    )
    with pytest.raises(InvoiceXMLError, match="urn:example:invoice"):
        validation.validate(xml)
    with pytest.raises(InvoiceXMLError, match="not a UBL Invoice"):
        validation.validate(b"<Order xmlns='urn:oasis:names:specification:ubl:schema:xsd:Order-2'/>")


def test_the_stylesheets_are_compiled_once_per_process(rules):
    compiled = dict(validation._RULES.executables)
    validation.validate(write_invoice(standard_invoice(), "UBL"))
    validation.validate(write_invoice(standard_invoice(), "CII"))
    assert validation._RULES.executables == compiled
    assert all(validation._RULES.executables[key] is compiled[key] for key in compiled)
    assert len(compiled) == 4


@pytest.mark.parametrize("encoding", ["ISO-8859-1", "UTF-8-BOM"])
def test_documents_in_another_encoding_or_with_a_bom_validate_and_read_the_same(rules, encoding):
    utf8 = write_invoice(standard_invoice(), "UBL")
    if encoding == "UTF-8-BOM":
        data = b"\xef\xbb\xbf" + utf8
    else:
        data = etree.tostring(etree.fromstring(utf8), encoding=encoding, xml_declaration=True)
        assert "Präzision".encode("latin-1") in data
    assert validation.validate(data).is_valid
    assert read_invoice(data)[0] == standard_invoice()
