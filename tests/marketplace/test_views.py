"""Marketplace pages: sealed bids stay sealed on every page, the wizard reports the services' errors where the
officer looks, questions are answered without naming the asker, and the server's clock decides deadlines."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from core.formatting import format_money
from marketplace import services
from marketplace.models import Bid, Question, Tender, TenderState
from organizations.models import Notification
from tests.marketplace.factories import (
    buyer_with_officer,
    pass_deadline,
    published_tender,
    sme_with_member,
    submitted_bid,
    tender_data,
)

pytestmark = pytest.mark.django_db

PRICE_A, PRICE_B = Decimal("12345.67"), Decimal("76543.21")  # shown as "€12,345.67" (core.formatting)


@pytest.fixture
def buyer(compliance_data, cpv):
    return buyer_with_officer()


@pytest.fixture
def tender(buyer):
    return published_tender(*buyer)


@pytest.fixture
def two_bids(tender):
    """Two SMEs with submitted bids on lot 1, at prices that are easy to look for."""
    (sme_a, user_a), (sme_b, user_b) = (
        sme_with_member(legal_name="Alpha Lager GmbH"),
        sme_with_member(legal_name="Beta Transport GmbH"),
    )
    submitted_bid(tender, sme_a, user_a, prices=(PRICE_A,))
    submitted_bid(tender, sme_b, user_b, prices=(PRICE_B,))
    return (sme_a, user_a), (sme_b, user_b)


def tender_page(client, user, tender) -> str:
    client.force_login(user)
    response = client.get(reverse("marketplace:tender-detail", args=[tender.pk]))
    assert response.status_code == 200
    return response.content.decode()


def local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def wizard_post(**overrides) -> dict:
    now = timezone.now()
    data = {
        "title": "Cold storage for medical supplies",
        "description": "Two sites near Kiel.",
        "procedure": "open",
        "legal_basis": "2009/81/EC",
        "main_cpv": "63120000, ",
        "performance_country": "DE",
        "place_of_performance": "Kiel",
        "estimated_value": "250000",
        "enquiry_deadline": local(now + timedelta(days=7)),
        "submission_deadline": local(now + timedelta(days=14)),
        "opening_at": local(now + timedelta(days=14, hours=1)),
        "award_method": "best_value",
        "standstill_days": "10",
        "lots-TOTAL_FORMS": "3",
        "lots-INITIAL_FORMS": "0",
        "lots-MIN_NUM_FORMS": "0",
        "lots-MAX_NUM_FORMS": "30",
        "lots-0-title": "Site north",
        "lots-0-cpv": "63120000",
        "lots-0-quantity": "200",
        "lots-0-unit": "pallets",
        "lots-1-title": "Road transport",
        "lots-1-cpv": "60100000, ",
        "lots-1-sme_only": "on",
        "criteria-TOTAL_FORMS": "3",
        "criteria-INITIAL_FORMS": "0",
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "10",
        "criteria-0-name": "Price",
        "criteria-0-kind": "price",
        "criteria-0-weight": "60",
        "criteria-1-name": "Quality",
        "criteria-1-kind": "quality",
        "criteria-1-weight": "40",
    }
    data.update(overrides)
    return data


# --- sealed bids --------------------------------------------------------------------------------


def test_a_bidders_pages_never_show_another_bidders_price(client, buyer, tender, two_bids):
    (_sme_a, user_a), (sme_b, _user_b) = two_bids
    page = tender_page(client, user_a, tender)
    assert format_money(PRICE_A) in page
    assert format_money(PRICE_B) not in page
    assert sme_b.legal_name not in page
    bid_page = client.get(reverse("marketplace:bid-edit", args=[tender.pk])).content.decode()
    assert str(PRICE_A) in bid_page
    assert str(PRICE_B) not in bid_page

    # After opening and the award, the bidder sees the award and its own rank, still not the other price.
    pass_deadline(tender)
    services.award_propose(lot=tender.lots.get(number=1), by=buyer[1])
    page = tender_page(client, user_a, tender)
    assert "your offer ranks 1 of 2" in page
    assert "Award proposed to you" in page
    assert format_money(PRICE_B) not in page


def test_buyer_learns_nothing_of_the_bids_before_the_opening(client, buyer, tender, two_bids):
    page = tender_page(client, buyer[1], tender)
    assert "bids received" not in page
    assert 'id="bids-sealed"' in page
    assert format_money(PRICE_A) not in page
    assert format_money(PRICE_B) not in page
    assert "Alpha Lager GmbH" not in page
    assert "Beta Transport GmbH" not in page


def test_after_the_deadline_the_buyer_compares_offers_and_proposes_the_award(client, buyer, tender, two_bids):
    pass_deadline(tender)
    page = tender_page(client, buyer[1], tender)
    assert tender.state == TenderState.EVALUATION
    comparison = page.split('id="comparison-lot-1"')[1].split("</table>")[0]
    assert comparison.index(format_money(PRICE_A)) < comparison.index(format_money(PRICE_B))  # lowest price ranks first
    lot = tender.lots.get(number=1)
    response = client.post(reverse("marketplace:award-propose", args=[lot.pk]), follow=True)
    assert "award proposed to Alpha Lager GmbH" in response.content.decode()
    assert lot.awards.get().offer.price == PRICE_A


# --- the wizard ---------------------------------------------------------------------------------


def test_only_procurement_officers_open_the_tender_wizard(client, buyer):
    _sme, member = sme_with_member()
    client.force_login(member)
    assert client.get(reverse("marketplace:tender-create")).status_code == 403
    assert client.post(reverse("marketplace:tender-create"), wizard_post()).status_code == 403
    assert not Tender.objects.exists()


def test_wizard_re_renders_when_weights_do_not_add_up_and_creates_nothing(client, buyer):
    client.force_login(buyer[1])
    response = client.post(reverse("marketplace:tender-create"), wizard_post(**{"criteria-1-weight": "30"}))
    page = response.content.decode()
    assert response.status_code == 200
    assert "add up to 90; they must add up to 100" in page
    assert 'id="criteria-errors"' in page
    assert 'value="Cold storage for medical supplies"' in page
    assert 'value="Site north"' in page
    assert not Tender.objects.exists()


def test_wizard_puts_an_unknown_lot_cpv_on_its_row(client, buyer):
    client.force_login(buyer[1])
    response = client.post(reverse("marketplace:tender-create"), wizard_post(**{"lots-1-cpv": "99999999"}))
    page = response.content.decode()
    assert "Unknown CPV code: 99999999." in page
    assert not Tender.objects.exists()


def test_wizard_creates_a_draft_with_lots_and_criteria(client, buyer):
    client.force_login(buyer[1])
    response = client.post(reverse("marketplace:tender-create"), wizard_post())
    tender = Tender.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("marketplace:tender-detail", args=[tender.pk])
    assert tender.state == TenderState.DRAFT
    assert tender.buyer == buyer[0]
    assert [(lot.title, lot.cpv_id, lot.sme_only) for lot in tender.lots.all()] == [
        ("Site north", "63120000", False),
        ("Road transport", "60100000", True),
    ]
    assert sorted(tender.criteria.values_list("name", "weight")) == [("Price", 60), ("Quality", 40)]
    client.post(reverse("marketplace:tender-publish", args=[tender.pk]))
    tender.refresh_from_db()
    assert tender.state == TenderState.PUBLISHED


def test_another_buyers_officer_cannot_touch_the_tender(client, tender):
    _other_buyer, other_officer = buyer_with_officer()
    client.force_login(other_officer)
    assert client.get(reverse("marketplace:tender-amend", args=[tender.pk])).status_code == 404
    assert client.post(reverse("marketplace:tender-cancel", args=[tender.pk]), {"reason": "x"}).status_code == 404
    tender.refresh_from_db()
    assert tender.state == TenderState.PUBLISHED


def test_drafts_are_not_found_by_suppliers(client, buyer):
    draft = services.tender_create(buyer=buyer[0], by=buyer[1], **tender_data())
    _sme, member = sme_with_member()
    client.force_login(member)
    assert client.get(reverse("marketplace:tender-detail", args=[draft.pk])).status_code == 404


# --- questions ----------------------------------------------------------------------------------


def test_a_question_is_shown_answered_without_the_askers_name(client, buyer, tender):
    (asker, asker_user), (_other, other_user) = sme_with_member(legal_name="Fragesteller GmbH"), sme_with_member()
    client.force_login(asker_user)
    response = client.post(
        reverse("marketplace:tender-detail", args=[tender.pk]),
        {"text": "May we store in two buildings?", "lot": ""},
        follow=True,
    )
    assert "without your name" in response.content.decode()
    question = Question.objects.get()
    assert question.asked_by == asker

    client.force_login(buyer[1])
    client.post(reverse("marketplace:question-answer", args=[question.pk]), {"answer": "Yes, within 5 km."})

    page = tender_page(client, other_user, tender)
    assert "May we store in two buildings?" in page
    assert "Yes, within 5 km." in page
    assert "Fragesteller GmbH" not in page
    assert Notification.objects.filter(recipient=asker_user, subject__contains="answered").exists()


def test_an_empty_question_re_renders_with_the_services_message(client, tender):
    _sme, member = sme_with_member()
    client.force_login(member)
    response = client.post(reverse("marketplace:tender-detail", args=[tender.pk]), {"text": "  "})
    assert response.status_code == 200
    text_field = response.content.decode().split('id="id_text"')[1].split('<div class="mb-3">')[0]
    assert "Required." in text_field  # the service's field error, next to the field
    assert not Question.objects.exists()


# --- bids ---------------------------------------------------------------------------------------


def test_a_bid_is_saved_per_lot_with_criteria_answers_and_submitted(client, buyer):
    tender = published_tender(*buyer, method="best_value")
    _sme, member = sme_with_member()
    client.force_login(member)
    quality = tender.criteria.get(kind="quality")
    response = client.post(
        reverse("marketplace:bid-edit", args=[tender.pk]),
        {
            "lot1-price": "900",
            "lot1-delivery_days": "5",
            f"lot1-answer_{quality.pk}": "ISO 9001 warehouse.",
            "lot2-price": "",
            "submit": "1",
        },
    )
    assert response.status_code == 302
    bid = Bid.objects.get()
    assert bid.state == "submitted"
    offer = bid.lot_offers.get()
    assert (offer.lot.number, offer.price, offer.delivery_days) == (1, Decimal("900"), 5)
    assert offer.criteria_answers == {str(quality.pk): "ISO 9001 warehouse."}


def test_a_bid_after_the_deadline_shows_the_servers_time(client, tender):
    _sme, member = sme_with_member()
    Tender.objects.filter(pk=tender.pk).update(
        enquiry_deadline=timezone.now() - timedelta(days=2),
        submission_deadline=timezone.now() - timedelta(minutes=1),
        opening_at=timezone.now() - timedelta(minutes=1),
    )
    client.force_login(member)
    response = client.post(reverse("marketplace:bid-edit", args=[tender.pk]), {"lot1-price": "500", "submit": "1"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "has passed; it is now" in page
    assert "on the server" in page
    assert 'value="500"' in page
    assert not Bid.objects.exists()


def test_my_bids_and_notifications_list_and_mark_as_read(client, tender):
    sme, member = sme_with_member()
    submitted_bid(tender, sme, member)
    client.force_login(member)
    assert tender.title in client.get(reverse("marketplace:bid-list")).content.decode()
    notification = Notification.objects.get(recipient=member)
    page = client.get(reverse("marketplace:notifications")).content.decode()
    assert notification.subject in page
    response = client.post(reverse("marketplace:notification-read", args=[notification.pk]), {"open": "1"})
    assert response.url == f"/marketplace/tenders/{tender.pk}/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_hub_shows_open_tenders_to_smes_and_my_tenders_to_officers(client, buyer, tender):
    _sme, member = sme_with_member()
    client.force_login(member)
    page = client.get(reverse("marketplace:index")).content.decode()
    assert tender.title in page
    assert "Post a tender" not in page
    client.force_login(buyer[1])
    page = client.get(reverse("marketplace:index")).content.decode()
    assert "Post a tender" in page
    assert tender.title in page


def test_every_page_renders_for_suppliers_and_officers(client, buyer, tender):
    sme, member = sme_with_member()
    submitted_bid(tender, sme, member)
    client.force_login(member)
    for name, args in [
        ("index", []),
        ("tender-search", []),
        ("bid-list", []),
        ("notifications", []),
        ("listing-search", []),
        ("listing-mine", []),
        ("listing-create", []),
        ("bid-edit", [tender.pk]),
    ]:
        assert client.get(reverse(f"marketplace:{name}", args=args)).status_code == 200, name
    client.force_login(buyer[1])
    for name, args in [("index", []), ("tender-mine", []), ("tender-create", []), ("tender-amend", [tender.pk])]:
        assert client.get(reverse(f"marketplace:{name}", args=args)).status_code == 200, name


def test_a_published_tender_is_amended_with_a_reason_and_bidders_must_reconfirm(client, buyer, tender):
    sme, member = sme_with_member()
    submitted_bid(tender, sme, member)
    client.force_login(buyer[1])
    url = reverse("marketplace:tender-amend", args=[tender.pk])
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(description="Storage near Bremerhaven; the second site moved to Cuxhaven.", reason="")
    data["submission_deadline"] = form["submission_deadline"].value().strftime("%Y-%m-%dT%H:%M")
    data["enquiry_deadline"] = form["enquiry_deadline"].value().strftime("%Y-%m-%dT%H:%M")
    data["opening_at"] = form["opening_at"].value().strftime("%Y-%m-%dT%H:%M")
    assert "Say why the published tender is amended." in client.post(url, data).content.decode()
    response = client.post(url, {**data, "reason": "Second site moved."})
    assert response.status_code == 302
    tender.refresh_from_db()
    assert tender.amendments.get().reason == "Second site moved."
    assert list(tender.amendments.get().changes) == ["description"]
    assert Bid.objects.get().state == "to_reconfirm"
