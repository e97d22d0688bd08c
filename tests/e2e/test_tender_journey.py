"""Browser journey: an officer posts a two-lot tender and publishes it; an SME asks, the officer answers;
the SME bids on both lots; the deadline passes; the officer compares, scores and proposes the awards; the SME
sees the award and its rank, then reads the tender, the Marketplace and the Dashboard in German. Every step
starts on the Dashboard and clicks on (tests/e2e/pages.py: no typed address after the home page).

Drives Debian's chromium through pytest-playwright against pytest-django's live server (tests/e2e/conftest.py
points base_url at it). The deadline is moved in the database and the deadline job is called by the test, as
Celery beat would call it.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from marketplace import services
from marketplace.models import Tender, TenderState
from tests.e2e.pages import (
    expect_german,
    expect_message,
    log_in,
    log_out,
    notifications_so_far,
    open_tender,
    to_german,
    top_bar,
)
from tests.marketplace.factories import buyer_with_officer, sme_with_member

TITLE = "Storage and onward road transport for exercise Baltic Shield"
SME = "Nordlicht Logistik GmbH"
DESCRIPTION = "Heated storage near Rostock, then road transport to the training area."
QUESTION = "Can lot 2 start before the storage contract?"
ANSWER = "Yes, from the first day of performance."
OFFERS = {1: ("48000", "12", "Heated hall, ISO 9001 certified."), 2: ("23500", "5", "Own fleet of 14 trucks.")}


# --- helpers -------------------------------------------------------------------------------------


def pick_cpv(page: Page, field: str, *, typed: str, code: str) -> None:
    """Type words into a CPV field and click the autocomplete's suggestion for `code`."""
    page.locator(field).press_sequentially(typed)
    suggestion = page.locator(f"{field} ~ .cpv-suggestions [data-code='{code}']")
    expect(suggestion).to_be_visible()
    suggestion.click()
    expect(page.locator(field)).to_have_value(f"{code}, ")


def fill_wizard(page: Page) -> None:
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_description").fill(DESCRIPTION)
    page.locator("#id_main_cpv").fill("63120000")
    page.locator("#id_performance_country").select_option("DE")
    page.locator("#id_place_of_performance").fill("Rostock")
    page.locator("#id_award_method").select_option("best_value")
    # The deadlines keep the wizard's suggestions (two and four weeks ahead).
    page.locator("#id_lots-0-title").fill("Heated storage")
    page.locator("#id_lots-0-cpv").fill("63120000")
    page.locator("#id_lots-0-quantity").fill("400")
    page.locator("#id_lots-0-unit").fill("pallet places")
    page.locator("#id_lots-1-title").fill("Road transport")
    pick_cpv(page, "#id_lots-1-cpv", typed="road transp", code="60100000")
    page.locator("#id_lots-1-sme_only").check()
    page.locator("#add-lot").click()  # a spare row, left empty, is ignored
    expect(page.locator(".lot-row")).to_have_count(4)
    for index, (name, kind, weight) in enumerate([("Price", "price", "70"), ("Quality", "quality", "30")]):
        page.locator(f"#id_criteria-{index}-name").fill(name)
        page.locator(f"#id_criteria-{index}-kind").select_option(kind)
        page.locator(f"#id_criteria-{index}-weight").fill(weight)


def fill_bid(page: Page) -> None:
    for number, (price, days, answer) in OFFERS.items():
        lot = page.locator(f".bid-lot[data-lot='{number}']")
        lot.locator(f"#id_lot{number}-price").fill(price)
        lot.locator(f"#id_lot{number}-delivery_days").fill(days)
        lot.get_by_label("Quality").fill(answer)
    page.locator("#submit-bid").click()


def let_the_deadline_pass(tender: Tender) -> None:
    past = timezone.now() - timedelta(minutes=1)
    Tender.objects.filter(pk=tender.pk).update(
        enquiry_deadline=past - timedelta(days=1), submission_deadline=past, opening_at=past
    )
    services.tenders_advance()  # what the beat job runs
    tender.refresh_from_db()
    assert tender.state == TenderState.EVALUATION


# --- the journey ---------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("compliance_data", "cpv")
def test_officer_posts_sme_bids_and_sees_the_award(live_server, page: Page):
    page.set_default_timeout(10_000)
    _buyer, officer = buyer_with_officer()
    _sme, bidder = sme_with_member(legal_name=SME)

    # 1. The officer posts a two-lot best-value tender through the wizard and publishes it.
    log_in(page, officer.email)
    top_bar(page, "Marketplace")
    page.locator("#post-tender").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Post a tender")
    fill_wizard(page)
    page.get_by_role("button", name="Save as draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator("#tender-state")).to_have_text("Draft")
    expect(page.locator("#lot-table tbody tr")).to_have_count(2)
    page.locator("#publish-button").click()
    expect(page.locator("#tender-state")).to_have_text("Published (questions open)")
    expect(page.locator("#bids-sealed")).to_contain_text("not even how many there are")
    tender = Tender.objects.get(title=TITLE)
    log_out(page)

    # 2. The SME finds the tender among the open ones and asks a question.
    log_in(page, bidder.email)
    open_tender(page, TITLE, "#open-tenders")
    expect(page.locator("#submission-deadline .countdown")).to_contain_text("left")
    page.locator("#id_text").fill(QUESTION)
    page.get_by_role("button", name="Ask").click()
    expect_message(page, "Your question was sent.")
    log_out(page)

    # 3. The officer answers it: the Dashboard says a question waits, its link opens the tender's inbox.
    log_in(page, officer.email)
    page.locator("#work").get_by_role("link", name=f"1 question on “{TITLE}” waits for your answer.").click()
    page.locator("#questions textarea[name=answer]").fill(ANSWER)
    page.get_by_role("button", name="Publish the answer").click()
    expect_message(page, "The answer is published to every supplier.")
    log_out(page)

    # 4. The SME reads the answer (without any asker named) and bids on both lots.
    log_in(page, bidder.email)
    open_tender(page, TITLE, "#open-tenders")
    expect(page.locator("#questions .answer")).to_contain_text(ANSWER)
    page.locator("#bid-button").click()
    fill_bid(page)
    expect_message(page, "Your bid was submitted")
    expect(page.locator("#bid-state")).to_have_text("Submitted")
    log_out(page)

    # 5. The submission deadline passes; the deadline job opens the bids.
    let_the_deadline_pass(tender)

    # 6. The officer compares the offers, scores quality and proposes the award for both lots.
    log_in(page, officer.email)
    page.locator("#work").get_by_role(
        "link", name=f"The bids on “{TITLE}” are open: score them and propose the awards."
    ).click()
    for number, (price, _days, answer) in OFFERS.items():
        lot = page.locator(f"#lot-{number}")
        expect(lot.locator(".comparison")).to_contain_text(SME)
        expect(lot.locator(".comparison")).to_contain_text(f"€{int(price):,}.00")  # amounts as readers write them
        expect(lot.locator(".bidder-answer")).to_have_text(answer)
        lot.locator(".score-form input[type=number]").fill("80")
        lot.get_by_role("button", name="Save scores").click()
        expect_message(page, "The scores were saved.")
        page.locator(f"#lot-{number} .propose-award").click()
        expect_message(page, f"Lot {number}: award proposed to {SME}")
    expect(page.locator(".lot-award")).to_have_count(2)
    log_out(page)

    # 7. The SME sees the award and its rank on each lot (Marketplace → My bids).
    log_in(page, bidder.email)
    open_tender(page, TITLE, "#recent-bids")
    for number in OFFERS:
        result = page.locator(f"#your-result [data-lot='{number}']")
        expect(result).to_contain_text("your offer ranks 1 of 1")
        expect(result).to_contain_text("Award proposed to you")
    expect(page.locator("#awards")).to_contain_text(SME)

    # 8. In German (the language menu) the tender page, the Marketplace and the Dashboard read in German; only
    #    what the officer and the SME wrote, and the notifications sent while the SME read English, stay as
    #    they were written.
    to_german(page)
    expect(page.locator("#awards")).to_contain_text(SME)
    # The title as typed, and its start where a narrow place shortens it ("Storage and onward road transp…").
    written = (TITLE, TITLE[:40], SME, QUESTION, ANSWER, DESCRIPTION, *(a for _price, _days, a in OFFERS.values()))
    expect_german(page, data=written)
    top_bar(page, "Marktplatz")
    expect_german(page, data=written)
    top_bar(page, "Übersicht")
    expect(page.locator("#work")).to_be_visible()
    expect_german(page, data=(*notifications_so_far(bidder), *written))
