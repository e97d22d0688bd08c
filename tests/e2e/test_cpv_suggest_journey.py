"""Browser journey: CPV suggestions appear while an SME types a listing and an officer a lot, and a click uses one.

Drives Debian's chromium against the live server; the suggestion box is filled by htmx from
/cpv/suggest-for-text/ (no inline script: the journey fails on any Content-Security-Policy refusal).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from organizations.cpv_suggest import store
from tests.e2e.pages import log_in, log_out, top_bar
from tests.marketplace.factories import buyer_with_officer, sme_with_member


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("compliance_data", "cpv")
def test_suggestions_appear_as_you_type_and_a_click_uses_one(live_server, page: Page):
    store.reset()
    assert store.current_suggester() is not None  # built once here (seconds), shared with the live server's thread
    _, member = sme_with_member()
    log_in(page, member.email)
    top_bar(page, "Marketplace")
    page.locator("main").get_by_role("link", name="My listings").click()
    page.locator("#new-listing").click()
    page.locator("#id_title").press_sequentially("Schutzwesten")
    page.locator("#id_description").fill("Ballistische Westen SK4 für Einsatzkräfte")
    box = page.get_by_role("listbox", name="Suggested CPV codes")
    option = box.locator("[data-code='35810000']")
    expect(option).to_be_visible(timeout=15000)
    expect(option).to_contain_text("Persönliche Ausrüstung")
    option.click()
    expect(page.locator("#id_cpv_codes")).to_have_value("35810000")
    expect(option).to_have_attribute("aria-selected", "true")
    log_out(page)

    _, officer = buyer_with_officer()
    log_in(page, officer.email)
    top_bar(page, "Marketplace")
    page.locator("#post-tender").click()
    page.locator("#id_lots-1-title").press_sequentially("Pistolen 9 mm")
    row = page.locator(".lot-row").nth(1)
    lot_option = row.get_by_role("listbox").locator("[data-code='35320000']")
    expect(lot_option).to_be_visible(timeout=15000)
    lot_option.click()
    expect(page.locator("#id_lots-1-cpv")).to_have_value("35320000")
    expect(page.locator("#id_lots-0-cpv")).to_have_value("")
