"""The invoice pages in English and German: the supplier draws up and sends, the buyer approves and pays;
someone else's invoice answers 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from invoicing.models import Invoice, InvoicingProfile
from tests.invoicing.flow import ready_to_invoice

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(rules, cpv, compliance_data):
    return ready_to_invoice()


def test_supplier_draws_up_and_sends_buyer_approves_and_pays(world, client):
    d, _contract, order = world
    client.force_login(d.supplier_admin)
    page = client.get(reverse("invoicing:index"))
    assert b"Draw up an XRechnung invoice" in page.content
    response = client.post(reverse("invoicing:draft", args=[order.pk]))
    invoice = Invoice.objects.get()
    assert response.url == reverse("invoicing:detail", args=[invoice.pk])
    shown = client.get(response.url)
    page = shown.content.decode()
    assert shown.status_code == 200
    assert "passes EN 16931 and XRechnung" in page
    assert "991-01234-56" in page
    assert "1190.00" in page
    client.post(reverse("invoicing:act", args=[invoice.pk, "send"]))
    assert client.get(reverse("invoicing:download", args=[invoice.pk, "FACTURX"]))["Content-Type"] == "application/pdf"
    client.force_login(d.officer)
    assert invoice.number in client.get(reverse("invoicing:to-approve")).content.decode()
    client.post(reverse("invoicing:act", args=[invoice.pk, "approve"]))
    client.post(reverse("invoicing:act", args=[invoice.pk, "pay"]), {"amount": "1190.00", "paid_on": ""})
    invoice.refresh_from_db()
    assert (invoice.state, invoice.paid_amount) == ("paid", 1190)
    client.force_login(d.stranger)
    assert client.get(reverse("invoicing:detail", args=[invoice.pk])).status_code == 404


def test_a_failing_draft_lists_its_rules_by_field_in_german(world, client):
    d, _contract, order = world
    InvoicingProfile.objects.filter(organization=d.buyer).update(leitweg_id="")
    client.force_login(d.supplier_admin)
    client.post(reverse("invoicing:draft", args=[order.pk]))
    invoice = Invoice.objects.get()
    page = client.get(reverse("invoicing:detail", args=[invoice.pk]), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "BR-DE-15" in page
    assert "BT-10" in page
    assert "verletzt die amtlichen Regeln" in page
    response = client.post(reverse("invoicing:act", args=[invoice.pk, "send"]), HTTP_ACCEPT_LANGUAGE="de", follow=True)
    assert "kann nicht versendet werden" in response.content.decode()
    invoice.refresh_from_db()
    assert invoice.state == "draft"
