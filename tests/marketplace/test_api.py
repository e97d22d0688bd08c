"""The marketplace API: permission matrix, sealed bids on every path, If-Match, the feed, OCDS, query counts."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from marketplace import services
from marketplace.models import Tender
from tests.marketplace.factories import (
    buyer_with_officer,
    pass_deadline,
    published_tender,
    sme_with_member,
    submitted_bid,
    tender_data,
)
from tests.organizations.factories import OrganizationFactory, UserFactory, member_of

pytestmark = pytest.mark.django_db


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def market(compliance_data):
    buyer, officer = buyer_with_officer()
    tender = published_tender(buyer, officer)
    draft = services.tender_create(buyer=buyer, by=officer, **tender_data(title="Draft tender"))
    sme, member = sme_with_member()
    bid = submitted_bid(tender, sme, member, prices=(Decimal("1234.56"),))
    rival, rival_member = sme_with_member()
    return {
        "buyer": buyer,
        "officer": officer,
        "tender": tender,
        "draft": draft,
        "sme": sme,
        "member": member,
        "bid": bid,
        "rival": rival,
        "rival_member": rival_member,
    }


def _json_text(response) -> str:
    return response.content.decode()


MATRIX = [
    # who, method, url template, expected
    ("anonymous", "get", "/api/v1/marketplace/tenders/{tender}/", 401),
    ("outsider", "get", "/api/v1/marketplace/tenders/{tender}/", 200),  # published notices are public
    ("outsider", "get", "/api/v1/marketplace/tenders/{draft}/", 404),  # drafts are not
    ("officer", "get", "/api/v1/marketplace/tenders/{draft}/", 200),
    ("outsider", "patch", "/api/v1/marketplace/tenders/{tender}/", 403),
    ("member", "patch", "/api/v1/marketplace/tenders/{draft}/", 404),
    ("member", "post", "/api/v1/marketplace/tenders/{tender}/publish/", 403),
    ("officer", "post", "/api/v1/marketplace/tenders/{draft}/publish/", 200),
    ("member", "get", "/api/v1/marketplace/bids/{bid}/", 200),
    ("rival", "get", "/api/v1/marketplace/bids/{bid}/", 404),
    ("officer", "get", "/api/v1/marketplace/bids/{bid}/", 404),  # sealed until the deadline
    ("rival", "post", "/api/v1/marketplace/bids/{bid}/withdraw/", 404),
    ("officer", "get", "/api/v1/marketplace/lots/{lot}/ranking/", 404),  # sealed
    ("member", "post", "/api/v1/marketplace/lots/{lot}/cancel/", 403),
]


@pytest.mark.parametrize(("who", "method", "url", "expected"), MATRIX)
def test_marketplace_permission_matrix(market, who, method, url, expected):
    user = {
        "anonymous": None,
        "outsider": member_of(OrganizationFactory()),
        "officer": market["officer"],
        "member": market["member"],
        "rival": market["rival_member"],
    }[who]
    path = url.format(
        tender=market["tender"].pk, draft=market["draft"].pk, bid=market["bid"].pk, lot=market["tender"].lots.first().pk
    )
    body = {"reason": "x", "title": "New"} if method != "get" else None
    response = getattr(api(user), method)(path, body, format="json")
    assert response.status_code == expected, response.content


def test_no_path_reveals_a_sealed_bid_before_the_deadline(market):
    officer = api(market["officer"])
    tender_id = market["tender"].pk
    secret = "1234.56"
    paths = [
        "/api/v1/marketplace/bids/",
        f"/api/v1/marketplace/bids/?tender={tender_id}",
        f"/api/v1/marketplace/tenders/{tender_id}/",
        "/api/v1/marketplace/tenders/",
        "/api/v1/marketplace/feed/",
        f"/api/v1/marketplace/tenders/{tender_id}/ocds/",
        f"/api/v1/marketplace/bids/{market['bid'].pk}/",
    ]
    for path in paths:
        response = officer.get(path)
        assert secret not in _json_text(response), path
        assert market["sme"].legal_name not in _json_text(response), path
    detail = officer.get(f"/api/v1/marketplace/tenders/{tender_id}/").json()
    assert detail["bid_count"] is None  # not even how many, until the opening
    assert api(market["rival_member"]).get(f"/api/v1/marketplace/tenders/{tender_id}/").json()["bid_count"] is None
    pass_deadline(market["tender"])
    opened = officer.get(f"/api/v1/marketplace/bids/{market['bid'].pk}/")
    assert opened.status_code == 200
    assert secret in _json_text(opened)
    assert officer.get(f"/api/v1/marketplace/tenders/{tender_id}/").json()["bid_count"] == 1


def test_stale_if_match_is_refused_with_412(market):
    officer = api(market["officer"])
    url = f"/api/v1/marketplace/tenders/{market['draft'].pk}/"
    read = officer.get(url)
    tag = read["ETag"]
    first = officer.patch(url, {"title": "Renamed"}, format="json", HTTP_IF_MATCH=tag)
    assert first.status_code == 200
    assert first["ETag"] != tag
    stale = officer.patch(url, {"title": "Again"}, format="json", HTTP_IF_MATCH=tag)
    assert stale.status_code == 412
    assert stale.json()["type"] == "precondition_failed"
    assert Tender.objects.get(pk=market["draft"].pk).title == "Renamed"


def test_bid_update_with_stale_version_is_refused(market):
    member = api(market["member"])
    url = f"/api/v1/marketplace/bids/{market['bid'].pk}/"
    tag = member.get(url)["ETag"]
    lot = market["tender"].lots.first().pk
    assert (
        member.put(url, {"offers": [{"lot": lot, "price": "999"}]}, format="json", HTTP_IF_MATCH=tag).status_code == 200
    )
    assert (
        member.put(url, {"offers": [{"lot": lot, "price": "1"}]}, format="json", HTTP_IF_MATCH=tag).status_code == 412
    )


def test_create_with_api_and_idempotency_key_posts_once(market, cpv):
    officer = api(market["officer"])
    data = tender_data()
    body = {
        **{k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items() if k != "lots"},
        "estimated_value": "900000",
        "buyer": market["buyer"].pk,
        "lots": [{"title": "Storage", "cpv": "63120000-6", "quantity": "100", "unit": "pallets"}],
    }
    first = officer.post("/api/v1/marketplace/tenders/", body, format="json", HTTP_IDEMPOTENCY_KEY="t-1")
    again = officer.post("/api/v1/marketplace/tenders/", body, format="json", HTTP_IDEMPOTENCY_KEY="t-1")
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert first.json()["state"] == "draft"
    assert Tender.objects.filter(title=data["title"]).count() == 2  # the published one of `market` and this one


def test_bad_tender_input_names_the_fields(market):
    officer = api(market["officer"])
    past = (timezone.now() - timedelta(days=1)).isoformat()
    response = officer.post(
        "/api/v1/marketplace/tenders/",
        {
            "buyer": market["buyer"].pk,
            "title": "X",
            "description": "Y",
            "main_cpv": "63120000",
            "performance_country": "DE",
            "enquiry_deadline": past,
            "submission_deadline": past,
            "opening_at": past,
            "lots": [{"title": "No code", "cpv": "99999999"}],
        },
        format="json",
    )
    assert response.status_code == 400
    assert "enquiry_deadline" in response.json()["errors"]


def test_bid_after_the_deadline_is_refused_with_the_server_time(market):
    member = api(market["member"])
    Tender.objects.filter(pk=market["tender"].pk).update(
        enquiry_deadline=timezone.now() - timedelta(hours=2), submission_deadline=timezone.now() - timedelta(seconds=1)
    )
    response = member.post(f"/api/v1/marketplace/bids/{market['bid'].pk}/withdraw/")
    assert response.status_code == 409
    assert response.json()["type"] == "deadline_passed"
    assert "server" in response.json()["detail"]


def test_ocds_endpoint_serves_a_release_package(market):
    package = api(market["member"]).get(f"/api/v1/marketplace/tenders/{market['tender'].pk}/ocds/").json()
    release = package["releases"][0]
    assert release["ocid"].endswith(f"-{market['tender'].pk}")
    assert "bids" not in release  # sealed before the deadline
    assert api(market["officer"]).get(f"/api/v1/marketplace/tenders/{market['draft'].pk}/ocds/").status_code == 404


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_list_endpoints_use_a_constant_number_of_queries(market):
    buyer, officer = market["buyer"], market["officer"]
    client = api(market["member"])
    small = {
        path: _queries(client, path)
        for path in (
            "/api/v1/marketplace/tenders/?page_size=2",
            "/api/v1/marketplace/bids/",
            "/api/v1/marketplace/feed/",
        )
    }
    for _ in range(6):
        tender = published_tender(buyer, officer)
        submitted_bid(tender, market["sme"], market["member"], prices=(Decimal("5"), Decimal("6")))
    large = {path: _queries(client, path.replace("page_size=2", "page_size=50")) for path in small}
    assert large == small


def test_listing_api_search_and_visibility(market, cpv):
    member = api(market["member"])
    created = member.post(
        "/api/v1/marketplace/listings/",
        {
            "provider": market["sme"].pk,
            "kind": "storage",
            "title": "Kühllager Bremerhaven",
            "description": "Gekühlte Lagerflächen",
            "cpv_codes": ["63121000"],
            "country": "DE",
            "available_from": timezone.localdate().isoformat(),
            "available_until": (timezone.localdate() + timedelta(days=30)).isoformat(),
            "quantity": "500",
            "unit": "m2",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    other = api(member_of(OrganizationFactory()))
    assert other.get("/api/v1/marketplace/listings/").json()["count"] == 0  # still a draft
    assert member.post(f"/api/v1/marketplace/listings/{created.json()['id']}/publish/").status_code == 200
    found = other.get("/api/v1/marketplace/listings/", {"q": "Kühllagers", "cpv": "63100000"}).json()
    assert [item["title"] for item in found["results"]] == ["Kühllager Bremerhaven"]
    bad = other.get("/api/v1/marketplace/listings/", {"available_from": "not-a-date"})
    assert bad.status_code == 400
    assert "available_from" in bad.json()["errors"]
    assert (
        other.patch(
            f"/api/v1/marketplace/listings/{created.json()['id']}/", {"title": "Mine"}, format="json"
        ).status_code
        == 403
    )


def test_notifications_are_private(market):
    mine = api(market["member"]).get("/api/v1/marketplace/notifications/").json()
    assert mine["count"] >= 1
    note = mine["results"][0]["id"]
    assert api(UserFactory()).get(f"/api/v1/marketplace/notifications/{note}/").status_code == 404
    assert api(market["member"]).post(f"/api/v1/marketplace/notifications/{note}/read/").json()["read_at"]
