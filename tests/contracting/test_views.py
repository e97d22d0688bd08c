"""Pages of contracting: both sides see the contract page with documents, signatures and amendments; the board
and the queue; the delivery timeline in constant queries (500 events); forms re-render with field messages;
others' objects are 404; German."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contracting import services
from contracting.models import TrackingEvent
from tests.contracting.factories import deal

pytestmark = pytest.mark.django_db


@pytest.fixture
def d(cpv, compliance_data):
    return deal()


def _logged_in(client, user):
    client.force_login(user)
    return client


def test_both_sides_see_the_contract_page_and_sign_there(d, client):
    contract = d.draft(payment_days=30)
    revision = contract.revisions.get()
    page = _logged_in(client, d.supplier_admin).get(f"/contracting/contracts/{contract.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert revision.pdf_sha256 in html
    assert 'id="sign-form"' in html
    response = client.post(
        f"/contracting/contracts/{contract.pk}/sign/", {"pdf_sha256": revision.pdf_sha256}, follow=True
    )
    assert "You signed revision 1" in response.content.decode()
    assert 'id="sign-form"' not in response.content.decode()
    client.force_login(d.officer)
    client.post(f"/contracting/contracts/{contract.pk}/sign/", {"pdf_sha256": revision.pdf_sha256})
    page = client.get(f"/contracting/contracts/{contract.pk}/").content.decode()
    assert "signed by both sides" in page
    assert 'id="order-form"' in page
    pdf = client.get(f"/contracting/contracts/{contract.pk}/revisions/1/pdf/")
    assert pdf["Content-Type"] == "application/pdf"


def test_others_contract_pages_are_404(d, client):
    contract = d.signed()
    order = d.confirmed_order(contract)
    delivery = d.delivery(order)
    client.force_login(d.stranger)
    for path in (
        f"/contracting/contracts/{contract.pk}/",
        f"/contracting/orders/{order.pk}/",
        f"/contracting/deliveries/{delivery.pk}/",
        f"/contracting/contracts/{contract.pk}/revisions/1/pdf/",
    ):
        assert client.get(path).status_code == 404, path
    assert client.post(f"/contracting/deliveries/{delivery.pk}/accept/", {}).status_code == 404


def test_an_order_above_the_ceiling_re_renders_the_form_with_the_message(d, client):
    contract = d.signed(framework=True, max_value="1000")
    client.force_login(d.officer)
    response = client.post(
        f"/contracting/contracts/{contract.pk}/orders/",
        {
            "description": "Storage",
            "quantity": "20",
            "unit": "XPX",
            "unit_price": "100",
            "delivery_date": (contract.period_start + timedelta(days=5)).isoformat(),
            "delivery_place": "Bremerhaven",
        },
    )
    assert response.status_code == 200
    assert "would exceed the contract&#x27;s ceiling" in response.content.decode()
    assert not contract.orders.exists()


def test_over_delivery_on_the_page_names_the_line(d, client):
    contract = d.signed()
    order = d.confirmed_order(contract, quantity="10")
    d.delivery(order, quantity="8")
    line = order.lines.get()
    client.force_login(d.supplier_member)
    response = client.post(f"/contracting/orders/{order.pk}/deliveries/", {f"line_{line.pk}": "5"})
    assert response.status_code == 200
    assert "Ensure this value is less than or equal to 2" in response.content.decode()


def test_board_and_queue(d, client):
    contract = d.signed()
    order = d.confirmed_order(contract)
    delivery = d.delivery(order)
    client.force_login(d.supplier_member)
    assert str(order) in client.get("/contracting/board/").content.decode()
    services.tracking_record(delivery=delivery, by=d.supplier_member, kind="delivered")
    client.force_login(d.buyer_member)
    queue = client.get("/contracting/to-accept/").content.decode()
    assert str(delivery) in queue
    response = client.post(
        f"/contracting/deliveries/{delivery.pk}/accept/",
        {f"line_{delivery.lines.get().pk}": "3", f"reason_{delivery.lines.get().pk}": ""},
    )
    assert "Say why you do not accept all of it" in response.content.decode()
    client.post(
        f"/contracting/deliveries/{delivery.pk}/accept/",
        {f"line_{delivery.lines.get().pk}": "10", f"reason_{delivery.lines.get().pk}": ""},
    )
    assert str(delivery) not in client.get("/contracting/to-accept/").content.decode()


def _events(delivery, count):
    start = timezone.now() - timedelta(days=1)
    TrackingEvent.objects.bulk_create(
        TrackingEvent(
            delivery=delivery,
            external_id=f"e{n}",
            kind="in_transit",
            occurred_at=start + timedelta(minutes=(n * 37) % count),
            location=f"km {n}",
        )
        for n in range(count)
    )


def test_delivery_timeline_runs_in_constant_queries(d, client):
    contract = d.signed()
    delivery = d.delivery(d.confirmed_order(contract))
    client.force_login(d.buyer_member)
    _events(delivery, 5)
    with CaptureQueriesContext(connection) as few:
        assert client.get(f"/contracting/deliveries/{delivery.pk}/").status_code == 200
    _events_more = TrackingEvent.objects.filter(delivery=delivery).delete()
    assert _events_more
    _events(delivery, 500)
    with CaptureQueriesContext(connection) as many:
        page = client.get(f"/contracting/deliveries/{delivery.pk}/")
    assert page.content.decode().count('data-kind="in_transit"') == 500
    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]


def test_pages_in_german(d, client):
    contract = d.signed()
    client.force_login(d.officer)
    page = client.get(f"/contracting/contracts/{contract.pk}/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Preisblatt" in page
    assert "Auftrag erteilen" in page


def test_the_officer_cancels_a_placed_order_on_its_page(d, client):
    contract = d.signed(framework=True, max_value="5000")
    order = d.order(contract)
    client.force_login(d.officer)
    assert 'id="cancel-order"' in client.get(f"/contracting/orders/{order.pk}/").content.decode()
    response = client.post(f"/contracting/orders/{order.pk}/cancel/", {"reason": "Exercise moved"}, follow=True)
    assert "was cancelled" in response.content.decode()
    contract.refresh_from_db()
    assert contract.ordered_value == 0


def test_the_contract_page_shows_dates_and_signing_times_in_the_users_format_not_iso(d, client):
    from django.utils import timezone as tz
    from django.utils import translation

    from core.formatting import format_date, format_datetime

    contract = d.signed()
    signature = contract.revisions.get().signatures.first()
    client.force_login(d.officer)
    page = client.get(f"/contracting/contracts/{contract.pk}/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert contract.period_start.isoformat() not in page
    assert tz.localtime(signature.signed_at).strftime("%Y-%m-%d %H:%M") not in page
    with translation.override("de"):
        assert format_date(contract.period_start) in page
        assert format_datetime(signature.signed_at) in page


def test_an_amendment_on_the_page_changes_a_price_line_and_names_a_bad_line(d, client):
    contract = d.signed()
    line = contract.lines.get()
    client.force_login(d.officer)
    url = f"/contracting/contracts/{contract.pk}/amend/"
    fields = {
        "reason": "Cheaper storage",
        f"line_{line.position}_quantity": str(line.quantity),
        f"line_{line.position}_unit_price": "450",
    }
    refused = client.post(url, {**fields, f"line_{line.position}_quantity": "0"})
    assert refused.status_code == 200
    assert "Enter a number above zero." in refused.content.decode()
    assert not contract.revisions.filter(number=2).exists()  # nothing half-written
    client.post(url, fields, follow=True)
    amendment = contract.revisions.get(number=2)
    assert list(amendment.diff) == ["lines"]
    assert amendment.terms["lines"][0]["unit_price"] == "450"


def test_an_order_on_the_page_takes_several_lines_and_names_a_bad_one(d, client):
    contract = d.signed()
    client.force_login(d.officer)
    day = (contract.period_start + timedelta(days=5)).isoformat()
    first = {
        "description": "Storage",
        "quantity": "10",
        "unit": "XPX",
        "unit_price": "100",
        "delivery_date": day,
        "delivery_place": "Bremerhaven",
    }
    second = {
        "line2_description": "Transport",
        "line2_quantity": "2",
        "line2_unit": "DAY",
        "line2_unit_price": "800",
        "line2_delivery_date": day,
        "line2_delivery_place": "Munster",
    }
    url = f"/contracting/contracts/{contract.pk}/orders/"
    refused = client.post(url, {**first, **second, "line2_delivery_date": "2001-01-01"})
    assert refused.status_code == 200
    assert "must lie within the contract" in refused.content.decode()
    assert list(refused.context["order_form"].errors) == ["line2_delivery_date"]
    assert not contract.orders.exists()
    client.post(url, {**first, **second, "line3_description": ""})  # the empty third line is ignored
    order = contract.orders.get()
    assert [(line.description, line.unit, str(line.quantity)) for line in order.lines.order_by("position")] == [
        ("Storage", "XPX", "10.000"),
        ("Transport", "DAY", "2.000"),
    ]
