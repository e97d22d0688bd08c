"""Browser journey: two SMEs find each other by capability, one founds a consortium and invites the other, the
other accepts; they set the shares, draw up the agreement, one proposes a change to one clause, both sign the
latest version and the consortium is active; the lead then acts for the consortium and bids on a two-lot tender,
and reads the tender and the consortium's pages in German.

Drives Debian's chromium through pytest-playwright against pytest-django's live server."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from alliances.agreements import clause_library_load
from alliances.models import Alliance, AllianceState
from marketplace.models import Bid, BidState
from organizations.models import CpvCode
from tests.e2e.pages import expect_german, expect_message, log_in, log_out, open_tender, to_german, top_bar
from tests.marketplace.factories import buyer_with_officer, published_tender, sme_with_member

LEAD = "Nordlicht Lagerlogistik GmbH"
PARTNER = "Alpenfunk Transporte GmbH"
CONSORTIUM = "Baltic Shield Logistics Consortium"
PURPOSE = "Storage and road transport for exercise material."
NEW_CONFIDENTIALITY = (
    "Each party keeps the other parties' confidential information secret for seven years after "
    "the end of this agreement."
)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("compliance_data", "cpv")
def test_two_smes_form_a_consortium_sign_and_bid(live_server, page: Page):
    page.set_default_timeout(15_000)
    clause_library_load()
    buyer, officer = buyer_with_officer()
    tender = published_tender(buyer, officer)
    lead, lead_admin = sme_with_member(legal_name=LEAD, country="DE")
    lead.capability_codes.add(CpvCode.objects.get(code="63120000"))
    partner, partner_admin = sme_with_member(legal_name=PARTNER, country="AT")
    partner.capability_codes.add(CpvCode.objects.get(code="60100000"))

    # 1. The lead founds a consortium: Dashboard → Alliances → Found an alliance.
    log_in(page, lead_admin.email)
    top_bar(page, "Alliances")
    page.locator("#new-alliance").click()
    page.get_by_label("Consortium", exact=True).check()
    page.locator("#id_name").fill(CONSORTIUM)
    page.locator("#id_purpose").fill(PURPOSE)
    page.get_by_role("button", name="Found the alliance").click()
    expect_message(page, "is founded")

    # 2. From the alliance it searches partners for road transport (the CPV subtree 60…), finds the partner with
    #    due diligence, and invites it from the partner's page.
    page.locator("main").get_by_role("link", name="Find partners").click()
    page.locator("#id_cpv").fill("60000000")
    page.locator("#search-partners").click()
    expect(page.locator("#partner-results")).not_to_contain_text(LEAD)
    page.locator("#partner-results").get_by_role("link", name=PARTNER).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(PARTNER)
    expect(page.locator("#dd-partner")).to_contain_text(PARTNER)
    expect(page.locator("#dd-you")).to_contain_text(LEAD)
    page.locator("#id_invite-alliance").select_option(label=CONSORTIUM)
    page.locator("#id_invite-message").fill("Lot 2 is yours.")
    page.locator("#invite-partner").click()
    expect_message(page, f"{PARTNER} is invited")
    expect(page.locator("#open-invitations")).to_contain_text(PARTNER)
    log_out(page)

    # 3. The partner accepts, sets the shares and draws up the agreement.
    alliance = Alliance.objects.get(name=CONSORTIUM)
    log_in(page, partner_admin.email)
    top_bar(page, "Alliances")
    page.locator("#invitations").get_by_role("button", name="Accept").click()
    expect_message(page, f"You joined {CONSORTIUM}")
    for organization, work, cost in ((lead, "60", "55"), (partner, "40", "45")):
        page.locator(f"#id_work_share_{organization.pk}").fill(work)
        page.locator(f"#id_cost_share_{organization.pk}").fill(cost)
        page.locator(f"#id_contribution_{organization.pk}").fill("Lot 1" if organization == lead else "Lot 2")
    page.locator("#save-shares").click()
    expect_message(page, "The shares and the lead are saved.")
    expect(page.locator("#work-total")).to_contain_text("100")
    page.locator("#agreement-tab").click()
    page.locator("#id_liability_cap").fill("250000")
    page.locator("#id_arbitration_seat").fill("Vienna")
    page.locator("#id_governing_law").fill("Austrian law")
    page.locator("#id_notice_days").fill("60")
    page.locator("#generate-agreement").click()
    expect_message(page, "version 1")

    # 4. The partner proposes a change to the confidentiality clause and signs the new version.
    clause = page.locator("#clause-confidentiality")
    clause.locator("summary").click()
    clause.locator("textarea").fill(NEW_CONFIDENTIALITY)
    clause.get_by_role("button", name="Propose").click()
    expect_message(page, "Your change is version 2")
    expect(page.locator("#latest-version")).to_have_text("Version 2")
    page.locator(".sign-button").click()
    expect_message(page, f"{PARTNER} signed version 2")
    log_out(page)

    # 5. The lead compares the versions and signs too: the consortium is active.
    log_in(page, lead_admin.email)
    top_bar(page, "Alliances")
    page.locator("main").get_by_role("link", name=CONSORTIUM, exact=True).first.click()
    page.locator("#agreement-tab").click()
    page.locator("#diff-form button").click()
    expect(page.locator(".diff-clause")).to_have_count(1)
    expect(page.locator(".diff-clause .diff-added").first).to_be_visible()
    page.locator("#agreement-tab").click()
    page.locator(".sign-button").click()
    expect_message(page, "is active")
    expect(page.locator("#alliance-state")).to_have_text("Active")
    expect(page.locator("#signatures .signature")).to_have_count(2)
    alliance.refresh_from_db()
    assert alliance.state == AllianceState.ACTIVE
    assert alliance.organization is not None

    # 6. The lead acts for the consortium and bids on both lots of the tender.
    page.locator("#user-menu").click()
    page.locator(".dropdown-menu button", has_text=CONSORTIUM).click()
    expect(page.locator("#user-menu")).to_contain_text(CONSORTIUM)
    open_tender(page, tender.title, "#open-tenders")
    page.locator("#bid-button").click()
    for number, (price, days) in {1: ("48000", "12"), 2: ("23500", "5")}.items():
        page.locator(f"#id_lot{number}-price").fill(price)
        page.locator(f"#id_lot{number}-delivery_days").fill(days)
    page.locator("#submit-bid").click()
    expect_message(page, "Your bid was submitted")
    bid = Bid.objects.get(tender=tender)
    assert bid.bidder_id == alliance.organization_id
    assert bid.state == BidState.SUBMITTED

    # 7. In German (the language menu) the Alliances page and the consortium's page read in German; only what the
    #    members and the buyer wrote (names, purpose, the changed clause, the tender) stays as written.
    to_german(page)
    written = (LEAD, PARTNER, CONSORTIUM, PURPOSE, NEW_CONFIDENTIALITY, tender.title, tender.description)
    expect_german(page, data=written)
    top_bar(page, "Allianzen")
    expect_german(page, data=written)
    page.locator("main").get_by_role("link", name=CONSORTIUM, exact=True).first.click()
    expect(page.locator("#alliance-state")).to_have_text("Aktiv")
    expect_german(page, data=written)
