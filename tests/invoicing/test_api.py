"""POST /api/v1/invoicing/validate/: the official rules' verdict on a posted XRechnung (UBL, CII) or Factur-X."""

from __future__ import annotations

from dataclasses import replace

import pytest

from invoicing.en16931.documents import write_invoice
from invoicing.en16931.pdf import to_facturx
from invoicing.en16931.samples import reverse_charge_invoice, standard_invoice
from tests.organizations.factories import UserFactory

from .test_parsing import XXE

URL = "/api/v1/invoicing/validate/"
pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client_for):
    return client_for(UserFactory())


def post(client, body: bytes, content_type="application/xml", query=""):
    return client.generic("POST", URL + query, body, content_type=content_type)


@pytest.mark.parametrize("syntax", ["UBL", "CII"])
def test_a_valid_invoice_answers_200_with_its_figures(rules, client, syntax):
    response = post(client, write_invoice(reverse_charge_invoice(), syntax), query=f"?syntax={syntax}")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["valid"] is True
    assert body["syntax"] == syntax
    assert body["number"] == "RE-2026-0004"
    assert body["payable_amount"] == "6074.60"
    assert body["vat_amount"] == "0.00"
    assert body["advice"] == []


def test_a_facturx_pdf_is_validated_through_its_embedded_cii(rules, client):
    response = post(client, to_facturx(standard_invoice()), content_type="application/pdf")
    assert response.status_code == 200
    assert response.json()["syntax"] == "FACTURX"


def test_a_failing_invoice_answers_400_with_each_rule_at_its_business_term(rules, client):
    response = post(client, write_invoice(replace(standard_invoice(), buyer_reference=""), "UBL"))
    assert response.status_code == 400
    body = response.json()
    assert body["type"] == "invoice_rules_failed"
    assert body["detail"] == "The invoice fails 1 of the official rules."
    assert list(body["errors"]) == ["BT-10"]
    assert body["errors"]["BT-10"][0].startswith("[BR-DE-15] ")


def test_a_cii_document_posted_as_ubl_is_refused(client):
    response = post(client, write_invoice(standard_invoice(), "CII"), query="?syntax=UBL")
    assert response.status_code == 400
    assert response.json() == {
        "type": "invalid_invoice_xml",
        "detail": "The document is CII but was sent as UBL.",
        "errors": {"CrossIndustryInvoice": ["The document is CII but was sent as UBL."]},
    }


@pytest.mark.parametrize("body", [XXE, b"<Invoice>", b""], ids=["xxe", "malformed", "empty"])
def test_hostile_or_broken_xml_answers_400(client, body):
    response = post(client, body)
    assert response.status_code == 400
    assert response.json()["type"] == "invalid_invoice_xml"
    assert "root:" not in response.content.decode()


def test_json_is_an_unsupported_media_type(client):
    response = client.post(URL, {"invoice": "x"}, format="json")
    assert response.status_code == 415
    assert response.json()["type"] == "unsupported_media_type"


def test_german_messages(rules, client):
    response = client.generic(
        "POST",
        URL + "?syntax=UBL",
        write_invoice(standard_invoice(), "CII"),
        content_type="application/xml",
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert response.json()["detail"] == "Das Dokument ist CII, wurde aber als UBL gesendet."


def test_anonymous_callers_are_refused(api_client):
    response = post(api_client, write_invoice(standard_invoice(), "UBL"))
    assert response.status_code in (401, 403)
