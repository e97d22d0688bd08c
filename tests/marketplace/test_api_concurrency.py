"""Access before the body, and HTTP preconditions: ETag on every updatable resource, 304, 412 and 428."""

import pytest
from rest_framework.test import APIClient

from marketplace import services
from marketplace.models import CapacityListing, Tender
from tests.marketplace.factories import buyer_with_officer, published_tender, sme_with_member, tender_data
from tests.organizations.factories import OrganizationFactory, member_of

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def market(compliance_data):
    buyer, officer = buyer_with_officer()
    tender = published_tender(buyer, officer)
    draft = services.tender_create(buyer=buyer, by=officer, **tender_data(title="Draft tender"))
    sme, member = sme_with_member()
    bid = services.bid_create(tender=tender, bidder=sme, by=member)
    return {
        "officer": officer,
        "tender": tender,
        "draft": draft,
        "sme": sme,
        "member": member,
        "bid": bid,
        "outsider": member_of(OrganizationFactory()),
    }


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/marketplace/tenders/{draft}/cancel/",
        "/api/v1/marketplace/lots/{draft_lot}/cancel/",
        "/api/v1/marketplace/bids/{bid}/withdraw/",
        "/api/v1/marketplace/lots/{draft_lot}/score/",
    ],
)
def test_a_post_on_an_object_one_cannot_see_answers_404_like_a_missing_one_whatever_the_body(market, path):
    outsider = api(market["outsider"])
    real = path.format(draft=market["draft"].pk, bid=market["bid"].pk, draft_lot=market["draft"].lots.first().pk)
    missing = path.format(draft=999999, bid=999999, draft_lot=999999)
    for body in ({}, {"unexpected": "x"}):
        assert outsider.post(real, body, format="json").status_code == 404
        assert outsider.post(missing, body, format="json").status_code == 404


def test_a_post_on_a_visible_object_without_the_right_answers_403_before_validating_the_body(market):
    response = api(market["outsider"]).post(
        f"/api/v1/marketplace/tenders/{market['tender'].pk}/cancel/", {}, format="json"
    )
    assert response.status_code == 403


def test_updating_a_tender_or_bid_without_if_match_answers_428(market):
    officer, member = api(market["officer"]), api(market["member"])
    tender_url = f"/api/v1/marketplace/tenders/{market['draft'].pk}/"
    response = officer.patch(tender_url, {"title": "Renamed"}, format="json")
    assert response.status_code == 428
    assert response.json()["type"] == "precondition_required"
    assert Tender.objects.get(pk=market["draft"].pk).title == "Draft tender"
    bid_url = f"/api/v1/marketplace/bids/{market['bid'].pk}/"
    lot = market["tender"].lots.first().pk
    response = member.put(bid_url, {"offers": [{"lot": lot, "price": "10"}]}, format="json")
    assert response.status_code == 428
    assert response.json()["type"] == "precondition_required"
    tag = member.get(bid_url)["ETag"]
    assert (
        member.put(bid_url, {"offers": [{"lot": lot, "price": "10"}]}, format="json", HTTP_IF_MATCH=tag).status_code
        == 200
    )


def test_a_concurrent_tender_edit_is_not_lost(market):
    first, second = api(market["officer"]), api(market["officer"])
    url = f"/api/v1/marketplace/tenders/{market['draft'].pk}/"
    tag = first.get(url)["ETag"]
    assert second.get(url)["ETag"] == tag
    assert first.patch(url, {"title": "First"}, format="json", HTTP_IF_MATCH=tag).status_code == 200
    late = second.patch(url, {"description": "Second"}, format="json", HTTP_IF_MATCH=tag)
    assert late.status_code == 412
    assert late.json()["type"] == "precondition_failed"


@pytest.fixture
def listing(market, cpv):
    provider, admin = sme_with_member()
    client = api(admin)
    created = client.post(
        "/api/v1/marketplace/listings/",
        {
            "provider": provider.pk,
            "kind": "storage",
            "title": "Cold store",
            "cpv_codes": ["63120000"],
            "available_from": "2027-01-01",
            "available_until": "2027-06-30",
            "quantity": "40",
            "unit": "pallet_places",
            "country": "DE",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    return client, f"/api/v1/marketplace/listings/{created.json()['id']}/"


def test_listings_have_an_etag_304_on_if_none_match_and_412_on_a_stale_if_match(listing):
    client, url = listing
    read = client.get(url)
    tag = read["ETag"]
    assert tag.startswith('"')
    assert client.get(url, HTTP_IF_NONE_MATCH=tag).status_code == 304
    assert client.patch(url, {"title": "Nope"}, format="json", HTTP_IF_MATCH='"0"').status_code == 412
    changed = client.patch(url, {"title": "Cold store Kiel"}, format="json", HTTP_IF_MATCH=tag)
    assert changed.status_code == 200
    assert changed["ETag"] != tag
    assert client.get(url, HTTP_IF_NONE_MATCH=tag).status_code == 200  # the old tag no longer matches
    assert client.get(url)["ETag"] == changed["ETag"]
    stale = client.patch(url, {"title": "Lost update"}, format="json", HTTP_IF_MATCH=tag)
    assert stale.status_code == 412
    assert stale.json()["type"] == "precondition_failed"
    assert CapacityListing.objects.get(title="Cold store Kiel")


def test_tenders_answer_304_on_if_none_match(market):
    officer = api(market["officer"])
    url = f"/api/v1/marketplace/tenders/{market['tender'].pk}/"
    tag = officer.get(url)["ETag"]
    assert officer.get(url, HTTP_IF_NONE_MATCH=tag).status_code == 304
    assert officer.get(url, HTTP_IF_NONE_MATCH='"0"').status_code == 200
