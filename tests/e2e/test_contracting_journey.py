"""Browser journey: a final award → the buyer's officer draws up the contract from the tender page and both sides
sign it → the officer calls off an order → the supplier confirms it, announces a delivery and reports it picked
up → the officer (also Germany's nAP) links the delivery to a LogHubs booking, found by typing part of the hub's
city and picked from the list → the supplier records the proof of delivery with a signature photo → the buyer
sees the hub stop and the proof on the timeline and accepts the delivery from the "to accept" queue.

Every step is a click from the home page: the Dashboard, its notifications and the Contracts pages
(tests/e2e/pages.py). Drives Debian's chromium through pytest-playwright against pytest-django's live server.
"""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from contracting.models import Contract, Delivery, Order
from core.formatting import for_user
from loghubs import services as hubs
from loghubs.pickers import booking_option
from organizations.models import PlatformRole
from tests.contracting.factories import deal
from tests.e2e.pages import expect_message, log_in, log_out, open_tender, top_bar
from tests.loghubs.factories import Network

PNG = b"\x89PNG\r\n\x1a\n" + b"signature of Sgt. Weber" * 4


def open_contract(page: Page, contract: Contract) -> None:
    top_bar(page, "Contracts")
    page.locator("main").get_by_role("link", name=f"C-{contract.pk}: ").first.click()
    expect(page.locator("#contract-state")).to_be_visible()


def open_delivery(page: Page, contract: Contract, order: Order, delivery: Delivery) -> None:
    """Contracts → the contract → its order → the delivery."""
    open_contract(page, contract)
    page.locator("main").get_by_role("link", name=str(order), exact=True).first.click()
    page.locator("#deliveries").get_by_role("link", name=str(delivery), exact=True).click()
    expect(page.locator("#delivery-state")).to_be_visible()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_final_award_to_signed_contract_order_tracked_delivery_and_acceptance(
    live_server, page: Page, cpv, compliance_data
):
    d = deal()
    net = Network()
    _request, offer = net.offered()
    hubs.offer_accept(offer=offer, by=net.de_nap)
    booking = offer.bookings.first()
    # The officer is also Germany's nAP, whose request the booking serves.
    PlatformRole.objects.create(user=d.officer, role="nap_operator", nation=net.de)

    # The officer opens the awarded tender (Marketplace → My tenders) and draws up the contract.
    log_in(page, d.officer.email)
    open_tender(page, d.tender.title, "#procurement")
    page.locator("#tender-contracts-link a").click()
    page.locator("#id_payment_days").fill("30")
    page.locator("#id_skonto_percent").fill("2")
    page.locator("#id_skonto_days").fill("10")
    page.locator("#draft-form button[type=submit]").click()
    expect_message(page, "was drawn up")
    contract = Contract.objects.get(tender=d.tender)
    expect(page.locator("#contract-state")).to_contain_text("Draft")
    page.locator("#sign-form button[type=submit]").click()
    expect_message(page, "You signed revision 1")
    log_out(page)

    # The supplier's administrator signs from the Dashboard's notification: the contract is in force.
    log_in(page, d.supplier_admin.email)
    page.locator("#notifications").get_by_role("link", name=f"signed contract C-{contract.pk}; your signature").click()
    expect(page.locator("#price-lines")).to_contain_text("Lot 1")
    page.locator("#sign-form button[type=submit]").click()
    expect_message(page, "You signed revision 1")
    expect(page.locator("#contract-state")).to_contain_text("Active")
    expect(page.locator("#revision-1")).to_contain_text("signed by both sides")
    log_out(page)

    # The officer calls off an order (Contracts → the contract).
    log_in(page, d.officer.email)
    open_contract(page, contract)
    page.locator("#id_description").fill("Pallet storage, heated")
    page.locator("#id_quantity").fill("12")
    page.locator("#id_unit").select_option("XPX")
    page.locator("#id_unit_price").fill("40")
    page.locator("#id_delivery_date").fill(contract.period_start.isoformat())
    page.locator("#id_delivery_place").fill("Munster training area")
    page.locator("#order-form button[type=submit]").click()
    expect_message(page, "was placed")
    order = Order.objects.get(contract=contract)
    log_out(page)

    # The supplier confirms, announces the delivery and reports the pick-up.
    log_in(page, d.supplier_member.email)
    top_bar(page, "Contracts")
    page.locator("main").get_by_role("link", name="Orders to deliver").click()
    page.locator("#board a", has_text=str(order)).click()
    page.locator("#confirm-order").click()
    expect_message(page, "You confirmed order")
    page.locator("#delivery-form button[type=submit]").click()
    expect_message(page, "was announced")
    delivery = Delivery.objects.get(order=order)
    page.locator("#id_kind").select_option("picked_up")
    page.locator("#id_location").fill("Bremen Neustadt")
    page.locator("#event-form button[type=submit]").click()
    expect_message(page, "The event was recorded")
    expect(page.locator("#delivery-state")).to_contain_text("In transit")
    log_out(page)

    # The officer, as Germany's nAP, links the delivery to the LogHubs booking (Contracts → contract → order).
    log_in(page, d.officer.email)
    open_delivery(page, contract, order, delivery)
    # No booking number is typed: a few letters of the hub's city offer the bookings, named by LH number, hub
    # and period in the officer's format; the officer picks the booking's slot.
    with for_user(d.officer):
        label = booking_option(booking).label
    search = page.locator("#booking-form input[type=search]")
    search.fill("klaip")
    option = page.locator("#booking-form [data-picker-option]").filter(has_text=label)
    expect(option).to_have_count(1)
    option.click()
    expect(search).to_have_value(label)
    page.locator("#booking-form button[type=submit]").click()
    expect_message(page, f"travels through the booking {label}")
    expect(page.locator("#timeline [data-kind=hub_stop]")).to_contain_text(net.hub.name)
    log_out(page)

    # The supplier records the proof of delivery with the signature photo.
    log_in(page, d.supplier_member.email)
    open_delivery(page, contract, order, delivery)
    page.locator("#id_receiver_name").fill("Sgt. Weber")
    page.locator("#id_received_at").fill(timezone.localtime().strftime("%Y-%m-%dT%H:%M"))
    page.locator("#id_place").fill("Munster depot")
    page.locator("#id_file").set_input_files(files=[{"name": "signature.png", "mimeType": "image/png", "buffer": PNG}])
    page.locator("#proof-form button[type=submit]").click()
    expect_message(page, "The proof of delivery was recorded")
    expect(page.locator("#delivery-state")).to_contain_text("Delivered")
    log_out(page)

    # The buyer's member sees hub stop and proof, and accepts the delivery from the queue.
    log_in(page, d.buyer_member.email)
    top_bar(page, "Contracts")
    page.locator("main").get_by_role("link", name="Deliveries to accept").click()
    page.locator("#to-accept a", has_text="Record the goods receipt").click()
    expect(page.locator("#timeline")).to_contain_text(net.hub.name)
    expect(page.locator("#proof")).to_contain_text("Sgt. Weber")
    page.locator("#accept button[type=submit]").click()
    expect_message(page, "Goods receipt recorded")
    expect(page.locator("#delivery-state")).to_contain_text("Accepted")
    delivery.refresh_from_db()
    assert delivery.state == "accepted"
    assert delivery.booking_id == booking.pk
    assert Order.objects.get(pk=order.pk).state == "completed"
