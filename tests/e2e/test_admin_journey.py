"""Browser journey of the platform administrator: from the Dashboard to the audit log, which names what changed in
words and formats (no stored keys, no ISO timestamps), in English and, after the language menu, in German; then
the marketplace's full re-match page; then the Django admin (Administration in the top bar), where the admin adds
a barred country in German, under the same axe and Content-Security-Policy checks as every other page.

Drives Debian's chromium through pytest-playwright against pytest-django's live server; every page is reached by
clicking from the home page (tests/e2e/pages.py)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from compliance.models import BarredCountry
from marketplace import services
from tests.e2e.pages import expect_german, log_in, to_german, top_bar
from tests.marketplace.factories import buyer_with_officer, published_tender
from tests.organizations.factories import UserFactory, with_platform_role

NEW_DEADLINE = datetime(2027, 1, 15, 11, 30, tzinfo=ZoneInfo("UTC"))
LEGAL_BASIS = "Art. 2a der Verordnung (EG) Nr. 765/2006 des Rates"
ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("compliance_data", "cpv")
def test_platform_admin_reads_the_audit_log_and_bars_a_country(live_server, page: Page):
    page.set_default_timeout(10_000)
    buyer, officer = buyer_with_officer()
    tender = published_tender(buyer, officer)
    services.tender_update(
        tender=tender,
        by=officer,
        reason="More room needed",
        estimated_value=Decimal("950000"),
        submission_deadline=NEW_DEADLINE,
        opening_at=NEW_DEADLINE + timedelta(hours=1),
    )
    admin = with_platform_role(UserFactory(is_staff=True, is_superuser=True), "platform_admin")

    # 1. The audit log (top bar) says who changed what, in words: labels, amounts and local times.
    log_in(page, admin.email)
    top_bar(page, "Audit log")
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit log")
    amended = page.locator("tbody tr", has_text="Tender amended")
    expect(amended).to_contain_text("Estimated value")
    expect(amended).to_contain_text("€950,000.00")
    expect(amended).to_contain_text("Bids until")
    expect(amended).to_contain_text("15 Jan 2027, 12:30")
    changes = page.locator("tbody td.small").all_inner_texts()
    assert not any(ISO_MOMENT.search(text) or "estimated_value" in text for text in changes), changes

    # 2. In German (the language menu, which also becomes the admin's setting) the same entry reads in German.
    to_german(page)
    amended = page.locator("tbody tr", has_text="Ausschreibung geändert")
    expect(amended).to_contain_text("Geschätzter Auftragswert")
    expect(amended).to_contain_text("950.000,00\xa0€")
    expect(amended).to_contain_text("15.01.2027, 12:30")
    expect_german(page, data=(tender.title, "More room needed"))  # the title and the reason are the officer's
    admin.refresh_from_db()
    assert admin.language == "de"

    # 3. The marketplace's full re-match is the admin's too: Marktplatz → Neu abgleichen shows its progress.
    top_bar(page, "Marktplatz")
    page.locator("#rematch-link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Neuabgleich")
    expect_german(page)

    # 4. Administration (top bar) holds the reference data: the change list of the barred countries, in German.
    top_bar(page, "Administration")
    expect(page.locator("#site-name")).to_have_text("ALX-Verwaltung")
    expect_german(page)
    page.locator("#content-main").get_by_role("link", name="Von öffentlichen Aufträgen ausgeschlossene Länder").click()
    expect(page.locator("#changelist")).to_be_visible()
    expect_german(page)

    # 5. A new ban is added there: "hinzufügen" opens the form (German, checked by axe like every page); after
    #    Save the change list confirms it and lists the country.
    page.locator("#content-main").get_by_role("link", name=re.compile("hinzufügen$")).click()
    expect(page.locator("#barredcountry_form")).to_be_visible()
    expect_german(page)
    page.locator("#id_country").select_option("BY")
    page.locator("#id_legal_basis").fill(LEGAL_BASIS)
    page.locator("#id_note").fill("Angenommen für diese Prüfung.")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_contain_text("wurde erfolgreich hinzugefügt")
    expect(page.locator("#result_list tbody tr", has_text="Belarus")).to_contain_text(LEGAL_BASIS)
    expect_german(page, data=(LEGAL_BASIS,))
    assert BarredCountry.objects.filter(country="BY", legal_basis=LEGAL_BASIS).exists()
