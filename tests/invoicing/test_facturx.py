"""Factur-X / ZUGFeRD: the PDF carries the CII, which extracts, parses to the same model and passes both rule sets."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.utils import translation
from pypdf import PdfReader

from invoicing.en16931 import validation
from invoicing.en16931.documents import read_invoice
from invoicing.en16931.pdf import render_pdf, to_facturx, xml_from_facturx
from invoicing.en16931.samples import standard_invoice
from invoicing.en16931.xmlutil import InvoiceXMLError


def test_every_kind_makes_a_facturx_pdf_whose_xml_passes_both_rule_sets(rules, invoice):
    data = to_facturx(invoice)
    assert data.startswith(b"%PDF")
    xml = xml_from_facturx(data)
    assert read_invoice(xml, expected="CII")[0] == invoice
    report = validation.validate(xml)
    assert report.is_valid, report.error_dict()


def test_the_pdf_reads_as_an_invoice_in_german():
    with translation.override("de"):
        data = to_facturx(standard_invoice())
    reader = PdfReader(BytesIO(data))
    text = reader.pages[0].extract_text()
    assert "Rechnung RE-2026-0001" in text
    assert "991-01234-56" in text
    assert "8171.85 EUR" in text
    assert "factur-x.xml" in reader.attachments


def test_a_pdf_without_embedded_xml_is_refused():
    with pytest.raises(InvoiceXMLError, match="no Factur-X"):
        xml_from_facturx(render_pdf(standard_invoice()))


@pytest.mark.parametrize("data", [b"<xml/>", b"%PDF-1.7 broken"])
def test_a_file_that_is_not_a_readable_pdf_is_refused(data):
    with pytest.raises(InvoiceXMLError) as caught:
        xml_from_facturx(data)
    assert list(caught.value.errors) == ["file"]
