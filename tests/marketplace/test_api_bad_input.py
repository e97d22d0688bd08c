"""Bad input to the marketplace API answers 400 with a field message, never 500 (and never 201)."""

import json

import pytest
from rest_framework.test import APIClient

from marketplace import services
from tests.marketplace.factories import buyer_with_officer, published_tender, sme_with_member, tender_data
from tests.organizations.factories import member_of

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(user)
    return client


@pytest.fixture
def draft_bid(compliance_data):
    buyer, officer = buyer_with_officer()
    tender = published_tender(buyer, officer)
    sme, member = sme_with_member()
    bid = services.bid_create(tender=tender, bidder=sme, by=member)
    lots = list(tender.lots.order_by("number"))
    client = api(member)
    url = f"/api/v1/marketplace/bids/{bid.pk}/"

    def put(body, **headers):
        tag = client.get(url)["ETag"]
        return client.put(url, body, format="json", HTTP_IF_MATCH=tag, **headers)

    return {"put": put, "lots": lots, "client": client, "url": url, "bid": bid, "officer": officer,
            "buyer": buyer, "tender": tender}


def _field_errors(response) -> dict:
    assert response.status_code == 400, response.content
    body = response.json()
    assert set(body) == {"type", "detail", "errors"} and body["errors"]
    return body["errors"]


def test_the_same_lot_twice_is_a_field_error(draft_bid):
    lot = draft_bid["lots"][0].pk
    errors = _field_errors(draft_bid["put"]({"offers": [{"lot": lot, "price": "10"}, {"lot": lot, "price": "11"}]}))
    assert errors == {"offers": ["Each lot may be offered once per bid."]}


@pytest.mark.parametrize("answers", [{"quality\x00": "good"}, {"quality": "go\x00od"}])
def test_a_nul_character_in_criteria_answers_is_a_field_error(draft_bid, answers):
    lot = draft_bid["lots"][0].pk
    errors = _field_errors(draft_bid["put"]({"offers": [{"lot": lot, "price": "10", "criteria_answers": answers}]}))
    assert any(key.startswith("offers.0.criteria_answers") for key in errors), errors
    assert "NUL" in str(errors)


def test_a_subcontractor_share_of_150_is_a_field_error(draft_bid):
    lot = draft_bid["lots"][0].pk
    errors = _field_errors(draft_bid["put"]({"offers": [{"lot": lot, "price": "10"}],
                                             "subcontractors": [{"name": "Sub", "share_percent": "150"}]}))
    assert any(key.startswith("subcontractors") for key in errors), errors


def test_a_negative_subcontractor_share_is_not_called_a_price(draft_bid):
    lot = draft_bid["lots"][0].pk
    response = draft_bid["put"]({"offers": [{"lot": lot, "price": "10"}],
                                 "subcontractors": [{"name": "Sub", "share_percent": "-5"}]})
    errors = _field_errors(response)
    assert "price" not in response.content.decode().lower()
    assert list(errors) == ["subcontractors.0.share_percent"]


def test_json_nested_5000_levels_is_a_400_on_the_bid_and_elsewhere(draft_bid):
    deep = "[" * 5000 + "]" * 5000
    body = '{"offers": ' + deep + "}"
    tag = draft_bid["client"].get(draft_bid["url"])["ETag"]
    response = draft_bid["client"].put(draft_bid["url"], body, content_type="application/json", HTTP_IF_MATCH=tag)
    assert response.status_code == 400 and response.json()["type"] == "parse_error"
    moderately = '{"title": ' + "[" * 50 + "]" * 50 + "}"
    response = draft_bid["client"].post("/api/v1/marketplace/tenders/", moderately, content_type="application/json")
    assert response.status_code == 400 and "levels deep" in response.json()["detail"]


def test_a_body_over_the_size_limit_answers_413(draft_bid, settings):
    settings.API_MAX_JSON_BYTES = 10_000
    response = draft_bid["put"]({"offers": [{"lot": draft_bid["lots"][0].pk, "price": "10",
                                             "criteria_answers": {"note": "x" * 20_000}}]})
    assert response.status_code == 413 and response.json()["type"] == "request_too_large"


@pytest.mark.parametrize("path", ["/api/v1/marketplace/tenders/", "/api/v1/marketplace/listings/",
                                  "/api/v1/alliances/partners/"])
@pytest.mark.parametrize("param", ["q", "country", "region"])
def test_a_nul_character_in_a_query_parameter_is_a_400_in_the_error_shape(draft_bid, path, param):
    response = draft_bid["client"].get(f"{path}?{param}=%00")
    assert response.status_code == 400
    assert response.json()["errors"] == {param: ["Text must not contain NUL characters."]}


def test_a_nul_character_in_a_page_search_is_a_400_not_a_500(draft_bid, client):
    client.force_login(member_of(draft_bid["buyer"]))
    client.raise_request_exception = False
    assert client.get("/marketplace/tenders/?q=%00").status_code == 400


def test_the_same_json_with_other_whitespace_is_an_idempotent_replay(draft_bid, cpv):
    data = tender_data()
    body = {**{k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items() if k != "lots"},
            "estimated_value": "900000", "buyer": draft_bid["buyer"].pk,
            "lots": [{"title": "Storage", "cpv": "63120000-6", "quantity": "100", "unit": "pallets"}]}
    officer = api(draft_bid["officer"])
    first = officer.post("/api/v1/marketplace/tenders/", json.dumps(body), content_type="application/json",
                         HTTP_IDEMPOTENCY_KEY="ws-1")
    spaced = json.dumps(dict(reversed(list(body.items()))), indent=4)
    again = officer.post("/api/v1/marketplace/tenders/", spaced, content_type="application/json",
                         HTTP_IDEMPOTENCY_KEY="ws-1")
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true" and again.json()["id"] == first.json()["id"]


def test_price_zero_still_answers_the_price_message(draft_bid):
    errors = _field_errors(draft_bid["put"]({"offers": [{"lot": draft_bid["lots"][0].pk, "price": "0"}]}))
    assert list(errors) == ["offers.0.price"]
