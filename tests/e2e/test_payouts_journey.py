"""Browser journey: a consortium's accepted delivery → its lead draws up an XRechnung invoice, which passes the
official rules, and sends it → the buyer's officer approves it from the "to approve" queue and records the
payment → each of the three members opens the consortium's payouts from its invoices and downloads its own
payout statement, which lists the payment and the member's share by the agreed cost and profit shares → the
officer reads the spend on the buyer's contracts from the Dashboard and, in German, the SMEs' share of contract
value it links to.

Every step is a click from the home page (tests/e2e/pages.py); drives Debian's chromium against pytest-django's
live server.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from invoicing.models import Invoice, Payout
from tests.e2e.pages import expect_german, expect_message, log_in, log_out, to_german, top_bar
from tests.invoicing.consortium import consortium_ready

SHARES = {
    "Nordlicht Logistik GmbH": "€595.00",
    "Baltic Storage Sp. z o.o.": "€357.00",
    "Rijn Transport B.V.": "€238.00",
}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_accepted_delivery_to_invoice_payment_and_each_members_payout_statement(
    live_server, page: Page, cpv, compliance_data, tmp_path
):
    c, contract, order = consortium_ready(cost_shares=("50", "30", "20"))

    # The lead's administrator invoices the accepted delivery for the consortium and sends it.
    log_in(page, c.admins[0].email)
    page.locator("#nav-invoices").click()
    page.locator(f"#to-invoice button[data-order='{order.pk}']").click()
    expect(page.locator("#rules-pass")).to_be_visible()
    expect(page.locator("#invoice-state")).to_contain_text("Draft")
    page.locator("#send").click()
    expect_message(page, "Done.")
    expect(page.locator("#invoice-state")).to_contain_text("Sent")
    invoice = Invoice.objects.get(seller=c.organization)
    assert invoice.syntax == "UBL"
    assert invoice.is_valid
    log_out(page)

    # The buyer's officer approves it from the queue and records the payment of the whole amount.
    log_in(page, c.deal.officer.email)
    page.locator("#nav-invoices").click()
    page.get_by_role("link", name="Invoices to approve").click()
    page.get_by_role("link", name=invoice.number).click()
    expect(page.locator("#consortium-payouts")).to_have_count(0)  # the buyer does not see the internal split
    page.locator("#approve").click()
    expect(page.locator("#invoice-state")).to_contain_text("Approved")
    page.locator("#pay-amount").fill("1190.00")
    page.locator("#pay").click()
    expect(page.locator("#invoice-state")).to_contain_text("Paid")
    assert Payout.objects.filter(payment__invoice=invoice).count() == 3
    log_out(page)

    # Each member finds the consortium's payouts from its invoices and downloads its own statement.
    for admin, member in zip(c.admins, c.members, strict=True):
        log_in(page, admin.email)
        page.locator("#nav-invoices").click()
        page.locator("#payouts-link").click()
        page.get_by_role("link", name=c.organization.legal_name).click()
        row = page.locator(f"#payout-members tr[data-member='{member.pk}']")
        expect(row).to_contain_text(SHARES[member.legal_name])
        expect(page.locator("#payout-payments")).to_contain_text(invoice.number)
        with page.expect_download() as download_info:
            row.locator("a[data-kind=pdf]").click()
        target = Path(tmp_path) / f"{member.pk}.pdf"
        download_info.value.save_as(target)
        text = PdfReader(target).pages[0].extract_text()
        assert "Payout statement" in text
        assert member.legal_name in text
        assert invoice.number in text
        assert SHARES[member.legal_name] in text
        assert "€1,190.00" in text
        log_out(page)

    # The officer reads what the buyer's contracts cost so far (Dashboard → Spend on your contracts), then in
    # German the share of contract value that went to SMEs, linked from there and from every page's footer.
    log_in(page, c.deal.officer.email)
    page.locator("#go-spend").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Spend on your contracts")
    spent = page.locator(f"#contracts tr[data-contract='{contract.pk}']")
    expect(spent).to_contain_text(c.organization.legal_name)
    expect(spent).to_contain_text("€1,000.00")  # paid, net of VAT
    expect(page.locator("#totals")).to_contain_text("€1,190.00")  # paid including VAT
    to_german(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Ausgaben für Ihre Verträge")
    expect(page.locator("#totals")).to_contain_text("1.190,00\xa0€")
    expect_german(page, data=(contract.title,))  # the tender's title, as the officer wrote it
    page.locator("main").get_by_role("link", name="Anteil der KMU am vergebenen und am bezahlten Wert").click()
    expect(page.locator("#share-EUR")).to_be_visible()
    expect_german(page)
    top_bar(page, "Übersicht")
    page.locator("footer").get_by_role("link").last.click()
    expect(page.locator("#share-EUR")).to_be_visible()
