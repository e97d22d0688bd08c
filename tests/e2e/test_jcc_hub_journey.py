"""Browser journey: the JCC decides a conflict over a hub's capacity, starting from its dashboard; the hub
operator opens more slots, then checks a booked convoy in and completes it, each step by a click from the
dashboard (no typed address).

Drives Debian's chromium through pytest-playwright against pytest-django's live server; axe-core checks every
page (tests/e2e/conftest.py).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from loghubs import services
from loghubs.models import BookingState, HubService, RequestState
from tests.e2e.pages import expect_message, log_in, log_out
from tests.loghubs.factories import Network, day, nap_of, nation, offered, submitted


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_jcc_decides_a_conflict_and_the_hub_opens_slots_checks_in_and_completes(live_server, page: Page):
    net = Network(capacity=20)
    HubService.objects.filter(pk=net.storage.pk).update(lead_time_hours=0)  # tomorrow's convoy may still book
    services.slots_open(service=net.storage, start=day(1), end=day(3), by=None)
    france = nation("FR")
    low = submitted(net.pl, net.pl_nap, net.hub, quantity=12, priority=4, requesting_unit="Low priority")
    high = submitted(net.de, net.de_nap, net.hub, quantity=10, priority=1, requesting_unit="High priority")
    submitted(france, nap_of(france), net.hub, quantity=8, priority=2, requesting_unit="Middle priority")

    # The JCC: dashboard -> LogHubs (its JCC dashboard) -> the conflict card -> a reason -> decided.
    log_in(page, net.jcc.email)
    page.locator("#nav").get_by_role("link", name="LogHubs").click()
    card = page.locator(".conflict-card")
    expect(card).to_contain_text("30 asked, 20 free")
    card.get_by_label("Reason").fill("Priority 1 and 2 first; Poland's unit can wait.")
    card.get_by_role("button", name="Record the decision").click()
    expect_message(page, "Decision recorded for Test Hub: 2 routed there, 0 rerouted, 1 deferred.")
    expect(page.locator("#decisions")).to_contain_text("Priority 1 and 2 first")
    expect(page.locator(f"#open-request-{low.pk}")).to_be_visible()  # deferred: back for routing
    high.refresh_from_db()
    assert high.state == RequestState.COORDINATING
    log_out(page)

    # Tomorrow's convoy is offered and accepted (the nAP journeys walk those steps in test_loghubs_journey).
    convoy, offer = offered(
        net.de,
        net.de_nap,
        net.hub,
        net.jcc,
        net.lt_nap,
        quantity=4,
        period_start=day(1),
        period_end=day(2),
        requesting_unit="Tomorrow's convoy",
    )
    services.offer_accept(offer=offer, by=net.de_nap)

    # The hub operator: the dashboard says what waits; its link leads to the hub page.
    log_in(page, net.operator.email)
    page.get_by_role("link", name=f"LH-{convoy.pk} at Test Hub is booked: schedule it.").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Our hubs")

    # Open slots further ahead: "open slots" next to the service, the period, "Open slots".
    page.locator("#services").get_by_role("link", name="open slots").click()
    form = page.locator("#slots-form")
    form.get_by_label("From").fill(day(9).strftime("%Y-%m-%dT%H:%M"))
    form.get_by_label("Until").fill(day(12).strftime("%Y-%m-%dT%H:%M"))
    form.get_by_role("button", name="Open slots").click()
    expect_message(page, "3 slots opened for storage 20.")

    # Back to the hub page through the LogHubs menu; check the convoy in, then complete it.
    page.get_by_role("navigation", name="LogHubs").get_by_role("link", name="My hubs").click()
    row = page.locator("#hub-bookings tr", has_text=f"LH-{convoy.pk}")
    row.get_by_role("button", name="Check in").click()
    row = page.locator("#hub-bookings tr", has_text=f"LH-{convoy.pk}")
    expect(row).to_contain_text("Checked in")
    row.get_by_role("button", name="Complete").click()
    expect(page.locator("#hub-bookings tr", has_text=f"LH-{convoy.pk}")).to_contain_text("Completed")
    assert set(convoy.offers.get().bookings.values_list("state", flat=True)) == {BookingState.COMPLETED}
