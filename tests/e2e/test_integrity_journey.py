"""Browser journey of the explanation procedure for an abnormally low tender: the deadline passes with an
offer 32 % below the mean of the others; the officer's award is held back; the officer asks the bidder to
explain, the bidder answers with a document, the officer accepts with reasons, and the award goes through.

The tender and its bids are built through the services (the tender journey walks those pages); the opening
runs the deadline job as Celery beat would, and its on-commit task computes the flags. Every page is reached by
clicking from the home page (tests/e2e/pages.py): the officer opens the tender from the Marketplace, the bidder
and then the officer follow their Dashboard notifications to the explanation request."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from marketplace.integrity.models import AltCase
from tests.e2e.pages import expect_message, log_in, log_out, open_tender
from tests.integrity.factories import opened_tender


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("compliance_data", "cpv")
def test_flagged_bid_is_explained_accepted_and_awarded(live_server, page: Page, tmp_path):
    page.set_default_timeout(10_000)
    tender, officer, bidders = opened_tender([1000, 1050, 700])
    low_user = bidders[2][1]
    assert AltCase.objects.filter(tender=tender).exists()  # computed by the task queued at the opening

    # 1. The officer opens the tender (Marketplace → My tenders) and tries to award: held back until the
    #    procedure is closed.
    log_in(page, officer.email)
    open_tender(page, tender.title, "#procurement")
    page.locator("button.propose-award").first.click()
    expect(page.locator("main .alert-danger").filter(has_text="abnormally low").first).to_be_visible()

    # 2. The flags page says why, with the source and that a trigger is no verdict; the officer asks.
    page.locator("#integrity-link").click()
    expect(page.locator(".red-flag[data-code='ALT']")).to_contain_text("31.7")
    expect(page.locator(".statistical-prompt").first).to_contain_text("not a verdict")
    page.locator(".alt-case-link").click()
    page.locator("#id_text").fill("Explain how you cover storage costs at this price.")
    page.locator("#alt-request-form button[type=submit]").click()
    expect_message(page, "The explanation was requested")
    expect(page.locator("#alt-state")).to_have_text("Explanation requested")
    log_out(page)

    # 3. The bidder follows the Dashboard's notification to the request and answers with a cost breakdown.
    breakdown = tmp_path / "cost-breakdown.pdf"
    breakdown.write_bytes(b"%PDF-1.4\n% own warehouse, no rent\n")
    log_in(page, low_user.email)
    page.locator("#notifications").get_by_role("link", name=f"Explain your price: lot 1 of {tender.title}").click()
    expect(page.locator("#alt-request-text")).to_contain_text("storage costs")
    expect(page.locator(".flag-figures")).to_have_count(0)  # the competitors' mean is not the bidder's to see
    page.locator("#id_text").fill("We own the warehouse outright and pay no rent.")
    page.locator("#id_documents").set_input_files(str(breakdown))
    page.locator("#alt-answer-form button[type=submit]").click()
    expect_message(page, "Your explanation was sent")
    log_out(page)

    # 4. The officer follows the notification of the answer, accepts with reasons, and proposes the award.
    log_in(page, officer.email)
    page.locator("#notifications").get_by_role("link", name=f"Explanation received: lot 1 of {tender.title}").click()
    expect(page.locator("#alt-answer-text")).to_contain_text("no rent")
    expect(page.get_by_role("link", name="cost-breakdown.pdf")).to_be_visible()
    page.locator("#id_reason").fill("Own premises credibly explain the price.")
    page.locator("#alt-decide-form button[value=accept]").click()
    page.locator("button.propose-award").first.click()
    expect(page.locator(".lot-award").first).to_contain_text("Supplier 3 GmbH")
