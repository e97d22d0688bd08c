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

    return {
        "put": put,
        "lots": lots,
        "client": client,
        "url": url,
        "bid": bid,
        "officer": officer,
        "buyer": buyer,
        "tender": tender,
    }


def _field_errors(response) -> dict:
    assert response.status_code == 400, response.content
    body = response.json()
    assert set(body) == {"type", "detail", "errors"}
    assert body["errors"]
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
    errors = _field_errors(
        draft_bid["put"](
            {"offers": [{"lot": lot, "price": "10"}], "subcontractors": [{"name": "Sub", "share_percent": "150"}]}
        )
    )
    assert any(key.startswith("subcontractors") for key in errors), errors


def test_a_negative_subcontractor_share_is_not_called_a_price(draft_bid):
    lot = draft_bid["lots"][0].pk
    response = draft_bid["put"](
        {"offers": [{"lot": lot, "price": "10"}], "subcontractors": [{"name": "Sub", "share_percent": "-5"}]}
    )
    errors = _field_errors(response)
    assert "price" not in response.content.decode().lower()
    assert list(errors) == ["subcontractors.0.share_percent"]


def test_json_nested_5000_levels_is_a_400_on_the_bid_and_elsewhere(draft_bid):
    deep = "[" * 5000 + "]" * 5000
    body = '{"offers": ' + deep + "}"
    tag = draft_bid["client"].get(draft_bid["url"])["ETag"]
    response = draft_bid["client"].put(draft_bid["url"], body, content_type="application/json", HTTP_IF_MATCH=tag)
    assert response.status_code == 400
    assert response.json()["type"] == "parse_error"
    moderately = '{"title": ' + "[" * 50 + "]" * 50 + "}"
    response = draft_bid["client"].post("/api/v1/marketplace/tenders/", moderately, content_type="application/json")
    assert response.status_code == 400
    assert "levels deep" in response.json()["detail"]


def test_a_body_over_the_size_limit_answers_413(draft_bid, settings):
    settings.API_MAX_JSON_BYTES = 10_000
    response = draft_bid["put"](
        {"offers": [{"lot": draft_bid["lots"][0].pk, "price": "10", "criteria_answers": {"note": "x" * 20_000}}]}
    )
    assert response.status_code == 413
    assert response.json()["type"] == "request_too_large"


@pytest.mark.parametrize(
    "path", ["/api/v1/marketplace/tenders/", "/api/v1/marketplace/listings/", "/api/v1/alliances/partners/"]
)
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
    body = {
        **{k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items() if k != "lots"},
        "estimated_value": "900000",
        "buyer": draft_bid["buyer"].pk,
        "lots": [{"title": "Storage", "cpv": "63120000-6", "quantity": "100", "unit": "pallets"}],
    }
    officer = api(draft_bid["officer"])
    first = officer.post(
        "/api/v1/marketplace/tenders/", json.dumps(body), content_type="application/json", HTTP_IDEMPOTENCY_KEY="ws-1"
    )
    spaced = json.dumps(dict(reversed(list(body.items()))), indent=4)
    again = officer.post(
        "/api/v1/marketplace/tenders/", spaced, content_type="application/json", HTTP_IDEMPOTENCY_KEY="ws-1"
    )
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]


def test_price_zero_still_answers_the_price_message(draft_bid):
    errors = _field_errors(draft_bid["put"]({"offers": [{"lot": draft_bid["lots"][0].pk, "price": "0"}]}))
    assert list(errors) == ["offers.0.price"]


def _tender_body(buyer, **overrides):
    data = tender_data()
    body = {
        **{k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items() if k != "lots"},
        "estimated_value": "900000",
        "buyer": buyer.pk,
        "lots": [{"title": "Storage", "cpv": "63120000-6", "quantity": "100", "unit": "pallets"}],
    }
    body.update(overrides)
    return body


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"performance_start": "2027-06-01", "performance_end": "2027-01-01"}, "performance_end"),
        ({"estimated_value": "-5"}, "estimated_value"),
        ({"lots": [{"title": "Storage", "cpv": "63120000", "quantity": "-3", "unit": "pallets"}]}, "lots.0.quantity"),
        ({"lots": [{"title": "Storage", "cpv": "63120000", "estimated_value": "-1"}]}, "lots.0.estimated_value"),
        ({"description": "x" * 1_000_000}, "description"),
        ({"titel": "A typo"}, "titel"),
        ({"lots": [{"title": "Storage", "cpv": "63120000", "colour": "red"}]}, "lots.0.colour"),
    ],
)
def test_a_tender_that_makes_no_sense_is_refused_with_a_field_message(draft_bid, cpv, overrides, field):
    officer = api(draft_bid["officer"])
    response = officer.post(
        "/api/v1/marketplace/tenders/", _tender_body(draft_bid["buyer"], **overrides), format="json"
    )
    assert field in _field_errors(response)


def test_unknown_fields_on_update_are_refused_too(draft_bid):
    officer = api(draft_bid["officer"])
    url = f"/api/v1/marketplace/tenders/{draft_bid['tender'].pk}/"
    tag = officer.get(url)["ETag"]
    response = officer.patch(url, {"titel": "Typo", "reason": "fix"}, format="json", HTTP_IF_MATCH=tag)
    assert _field_errors(response) == {"titel": ["Unknown field."]}


@pytest.mark.parametrize("answers", [["good"], "good", {"1": {"nested": "x"}}, 7])
def test_criteria_answers_of_the_wrong_type_are_a_field_error(draft_bid, answers):
    lot = draft_bid["lots"][0].pk
    errors = _field_errors(draft_bid["put"]({"offers": [{"lot": lot, "price": "10", "criteria_answers": answers}]}))
    assert any(key.startswith("offers.0.criteria_answers") for key in errors), errors


def _listing(provider, **overrides):
    return {
        "provider": provider.pk,
        "kind": "storage",
        "title": "Cold store",
        "cpv_codes": ["63120000"],
        "available_from": "2027-01-01",
        "available_until": "2027-06-30",
        "quantity": "40",
        "unit": "pallet_places",
        "country": "DE",
        **overrides,
    }


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"available_from": "1926-01-01"}, "available_from"),
        ({"available_until": "2926-01-01"}, "available_until"),
        ({"cpv_codes": ["63120000"] * 3000}, "cpv_codes"),
        ({"cpv_codes": ["63120000", "63120000-6"]}, "cpv_codes"),
        ({"quantity": "-4"}, "quantity"),
        ({"description": "x" * 1_000_000}, "description"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_a_listing_that_makes_no_sense_is_refused_with_a_field_message(cpv, overrides, field):
    provider, admin = sme_with_member()
    response = api(admin).post("/api/v1/marketplace/listings/", _listing(provider, **overrides), format="json")
    assert field in _field_errors(response)


def test_a_sensible_listing_is_still_created(cpv):
    provider, admin = sme_with_member()
    response = api(admin).post(
        "/api/v1/marketplace/listings/", _listing(provider, description="Dry, 4 °C."), format="json"
    )
    assert response.status_code == 201, response.content
