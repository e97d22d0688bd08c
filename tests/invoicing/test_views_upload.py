"""The supplier uploads an invoice from its own system on a page: the same import as the API's; malformed XML,
failed rules and a total above the goods receipt come back in the form by field, nothing is written; an
accepted one opens its page with the three-way match result."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from invoicing.en16931.documents import read_invoice
from invoicing.en16931.pdf import to_facturx
from invoicing.models import Invoice
from tests.invoicing.flow import ready_to_invoice

from .test_api_flow import _erp_document
from .test_parsing import XXE

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(rules, cpv, compliance_data):
    return ready_to_invoice(quantity="10", accept="8")


def upload(client, data: bytes, name="invoice.xml", **headers):
    return client.post(
        reverse("invoicing:upload"), {"document": SimpleUploadedFile(name, data)}, follow=True, **headers
    )


def test_an_uploaded_cii_invoice_is_imported_and_shows_every_line_matching(world, client):
    d, _contract, order = world
    client.force_login(d.supplier_admin)
    assert b"Check and import" in client.get(reverse("invoicing:upload")).content
    page = upload(client, _erp_document(d, order, "CII")).content.decode()
    invoice = Invoice.objects.get()
    assert (invoice.number, invoice.state, invoice.direction, invoice.order_id) == (
        "ERP-4711",
        "sent",
        "inbound",
        order.pk,
    )
    assert "was imported and sent to" in page
    assert "every line matches" in page


def test_an_uploaded_facturx_pdf_with_differences_shows_them_by_field_in_german(world, client):
    d, _contract, order = world
    client.force_login(d.supplier_admin)
    pdf = to_facturx(read_invoice(_erp_document(d, order, quantity="5", price="110"))[0])
    page = upload(client, pdf, "invoice.pdf", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert Invoice.objects.get().syntax == "FACTURX"
    assert "2 Abweichungen" in page
    assert "BT-129" in page
    assert "BT-146" in page


@pytest.mark.parametrize(
    ("case", "field"),
    [
        ("malformed", None),
        ("xxe", None),
        ("not_xml", "document"),
        ("no_contract", "BT-12"),
        ("above_accepted", "BT-109"),
    ],
)
def test_bad_uploads_are_re_rendered_with_their_field_messages_and_nothing_is_written(world, client, case, field):
    d, _contract, order = world
    client.force_login(d.supplier_admin)
    first = _erp_document(d, order, number="ERP-1")  # drawn up before it is imported: all that is left
    body = {
        "malformed": b"<Invoice><unclosed>",
        "xxe": XXE,
        "not_xml": b"hello, this is not an invoice",
        "no_contract": _erp_document(d, order).replace(f"C-{order.contract_id}".encode(), b"C-999999"),
        "above_accepted": _erp_document(d, order, number="ERP-2"),
    }[case]
    if case == "above_accepted":
        upload(client, first)
    before = Invoice.objects.count()
    response = upload(client, body)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="upload-form"' in page
    assert Invoice.objects.count() == before
    if field == "document":
        assert "Upload an XML invoice (UBL or CII) or a Factur-X PDF." in page
        assert "is-invalid" in page
    else:
        assert 'id="upload-errors"' in page
    if field and field != "document":
        assert f"<dt>{field}</dt>" in page


def test_someone_elses_contract_is_refused_as_unknown(world, client):
    d, _contract, order = world
    client.force_login(d.stranger)
    page = upload(client, _erp_document(d, order)).content.decode()
    assert "<dt>BT-12</dt>" in page
    assert not Invoice.objects.exists()
