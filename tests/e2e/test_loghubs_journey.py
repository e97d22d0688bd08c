"""Browser journey: Germany's nAP requests storage at any hub; the JCC routes it to Lithuania's hub; Lithuania's
nAP offers; Germany's nAP accepts; the JCC dashboard shows the booking and the hub on its map, and reads it and
the request's page in German.

Drives Debian's chromium through pytest-playwright against pytest-django's live server.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from loghubs.models import RequestState, ServiceRequest
from tests.e2e.pages import expect_german, expect_message, log_in, log_out, sub_nav, to_german, top_bar
from tests.loghubs.factories import day, hub, jcc_user, nap_of, nation, service

UNIT = "Logistics Battalion 161"
ROUTING_REASON = "Rail access and free container capacity."


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_nap_requests_jcc_routes_hub_offers_requester_accepts(live_server, page: Page):
    germany, lithuania = nation("DE"), nation("LT")
    de_nap, lt_nap, jcc = nap_of(germany), nap_of(lithuania), jcc_user()
    klaipeda = hub(lithuania, name="Klaipėda Port Hub")
    service(klaipeda, capacity=20, name="Container yard")

    # Germany's nAP asks for storage at any suitable hub.
    log_in(page, de_nap.email)
    top_bar(page, "LogHubs")
    sub_nav(page, "New request")
    page.locator("#id_requesting_unit").fill(UNIT)
    page.locator("#id_service_kind").select_option("storage")
    page.locator("#id_period_start").fill(day(3, 6).strftime("%Y-%m-%dT%H:%M"))
    page.locator("#id_period_end").fill(day(5, 6).strftime("%Y-%m-%dT%H:%M"))
    page.locator("#id_quantity").fill("6")
    page.locator("#id_mode_in").select_option("rail")
    page.locator("#id_mode_out").select_option("road")
    page.locator("#id_cargo-0-description").fill("Vehicle spare parts")
    page.locator("#id_cargo-0-quantity").fill("10")
    page.locator("#id_cargo-0-weight_kg").fill("8000")
    page.locator("main form button[type=submit]").click()
    expect_message(page, "was submitted to the JCC")
    request = ServiceRequest.objects.get(requesting_unit=UNIT)
    expect(page.locator("#request-state")).to_contain_text("Submitted")
    log_out(page)

    # The JCC routes it to Lithuania's hub, with a reason.
    log_in(page, jcc.email)
    top_bar(page, "LogHubs")  # opens the JCC dashboard
    row = page.locator(f"#open-request-{request.pk}")
    row.locator("select[name=hub]").select_option(label="Klaipėda Port Hub")
    row.locator("input[name=reason]").fill(ROUTING_REASON)
    row.locator("button[type=submit]").click()
    expect_message(page, "was routed to Klaipėda Port Hub")
    log_out(page)

    # Lithuania's nAP offers.
    log_in(page, lt_nap.email)
    top_bar(page, "LogHubs")
    sub_nav(page, "My hubs")
    page.locator("#to-answer a", has_text="Offer or decline").click()
    page.locator("#id_price").fill("1800")
    page.locator("#id_conditions").fill("Arrival through gate 3.")
    page.locator("#offer-form button[type=submit]").click()
    expect_message(page, "Offer sent to Germany")
    log_out(page)

    # Germany's nAP accepts: the slots are booked.
    log_in(page, de_nap.email)
    top_bar(page, "LogHubs")
    sub_nav(page, "Offers")
    expect(page.locator(".offer-card")).to_contain_text("Arrival through gate 3.")
    page.locator(".offer-card button", has_text="Accept and book").click()
    expect_message(page, "slots booked at Klaipėda Port Hub")
    request.refresh_from_db()
    assert request.state == RequestState.ACCEPTED
    log_out(page)

    # The JCC dashboard shows the booking and the hub on the map.
    log_in(page, jcc.email)
    top_bar(page, "LogHubs")  # opens the JCC dashboard
    expect(page.locator("#booked-requests")).to_contain_text(f"LH-{request.pk}")
    expect(page.locator("#booked-requests")).to_contain_text("Offer accepted")
    expect(page.locator("#hub-map[data-ready=true]")).to_have_count(1)
    expect(page.locator("#hub-map path.hub-marker")).to_have_count(1)
    expect(page.locator("#hub-map path.leaflet-interactive, #hub-map svg path").first).to_be_attached()
    assert page.locator("#hub-map svg path").count() > 50  # the country shapes are drawn
    expect(page.locator("#utilisation")).to_contain_text("Container yard")

    # In German (the language menu) the JCC dashboard and the request's page read in German; only what the
    # people wrote (the unit, the reasons, the conditions) stays as they wrote it.
    to_german(page)
    written = (UNIT, ROUTING_REASON, "Arrival through gate 3.", "Vehicle spare parts")
    expect(page.locator("#booked-requests")).to_contain_text("Angebot angenommen")
    expect_german(page, data=written)
    page.locator("#booked-requests").get_by_role("link", name=f"LH-{request.pk}").click()
    expect(page.locator("#request-state")).to_be_visible()
    expect_german(page, data=written)
