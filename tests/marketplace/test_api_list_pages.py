"""The tender list, the feed and the listing list are built from rows (marketplace/api/list_pages): item for
item, key for key, they must equal what TenderSerializer and ListingSerializer make of the same tenders and
listings, for every kind of viewer. No timings here; the query counts must not grow with the page."""

import json
from datetime import timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.models import Prefetch
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIClient

from marketplace import selectors, services
from marketplace.api.serializers import ListingSerializer, TenderSerializer
from marketplace.api.views.common import viewer_org_ids
from marketplace.api.views.tenders import tender_queryset
from marketplace.models import ListingCpvCode
from tests.compliance.factories import badge
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
TODAY = timezone.localdate()
CRITERIA = [{"name": "Price", "kind": "price", "weight": 70}, {"name": "Delivery", "kind": "delivery", "weight": 30}]


def _listing(provider, user, publish=True, **overrides):
    data = {
        "kind": "storage",
        "title": "Heated warehouse near Bremerhaven port",
        "description": "2,000 m² of dry, heated storage with 24/7 security.",
        "cpv_codes": ["63122000"],
        "country": "DE",
        "available_from": TODAY,
        "available_until": TODAY + timedelta(days=90),
        "quantity": Decimal("2000"),
        "unit": "m2",
    }
    created = services.listing_create(provider=provider, by=user, **{**data, **overrides})
    return services.listing_transition(listing=created, action="publish", by=user) if publish else created


@pytest.fixture
def market(cpv, compliance_data):
    """A realistic page: tenders with tender- and lot-level criteria, bids, a declined and a live award, a
    draft; listings of every visibility and state, some the viewers' own, some with several partners."""
    buyer, officer = buyer_with_officer()
    sme, member = sme_with_member(legal_name="Zeebrugge Freight")
    rival, rival_member = sme_with_member(legal_name="Antwerp Haulage")
    outsider = member_of(OrganizationFactory(legal_name="Outside Observer"))
    loner = UserFactory()  # in no organization at all

    best_value = published_tender(buyer, officer, method="best_value", lots=3, required_badges=["defence_ready"])
    services.tender_update(tender=best_value, by=officer, reason="Longer enquiry", place_of_performance="Kiel")
    lots = [
        {
            "title": "Cold storage",
            "cpv": "63121000",
            "quantity": Decimal("12.5"),
            "unit": "pallets",
            "estimated_value": Decimal("1234.5"),
            "sme_only": True,
            "criteria": CRITERIA,
        },
        {"title": "Haulage", "cpv": "60100000", "description": "Two convoys a week"},
    ]
    data = {**tender_data(method="best_value", estimated_value=None, performance_start=TODAY), "lots": lots}
    with_lot_criteria = services.tender_publish(
        tender=services.tender_create(buyer=buyer, by=officer, **data), by=officer
    )
    submitted_bid(with_lot_criteria, sme, member, prices=(Decimal("10"), Decimal("20")), delivery_days=4)

    awarded = published_tender(buyer, officer, title="Awarded tender")
    submitted_bid(awarded, sme, member, prices=(Decimal("800.5"), Decimal("900")))
    submitted_bid(awarded, rival, rival_member, prices=(Decimal("1000"), Decimal("700")))
    awarded = pass_deadline(awarded)
    first, second = awarded.lots.order_by("number")
    declined = services.award_propose(lot=first, by=officer)
    services.award_decline(award=declined, reason="Not eligible", by=officer)
    services.award_propose(lot=second, by=officer)
    services.tender_create(buyer=buyer, by=officer, **tender_data(title="Draft tender"))

    holders = OrganizationFactory(legal_name="Badge Holder")
    badge(rival, "iso27001")
    _listing(
        sme,
        member,
        latitude=Decimal("53.5"),
        longitude=Decimal("8.58012"),
        service_area=["de", "NL"],
        price_indication="on request",
    )
    _listing(
        sme,
        member,
        visibility="badge_holders",
        visible_to_badges=["iso27001"],
        kind="road_transport",
        cpv_codes=["60100000", "60130000", "60000000"],
        unit="trucks_per_day",
        quantity=Decimal("3.25"),
    )
    _listing(
        sme,
        member,
        visibility="partners",
        visible_to_partners=[rival.pk, holders.pk, buyer.pk],
        title="Partners only: Lkw-Transport",
    )
    _listing(sme, member, publish=False, title="A draft of ours", country="")
    paused = _listing(rival, rival_member, title="Paused Kühllager")
    services.listing_transition(listing=paused, action="pause", by=rival_member)
    _listing(rival, rival_member, visibility="partners", visible_to_partners=[sme.pk], title="For Zeebrugge")
    _listing(rival, rival_member, title="Rival warehouse", available_from=TODAY + timedelta(days=3))
    return {"buyer": officer, "bidder": member, "rival": rival_member, "outsider": outsider, "loner": loner}


def _expected_tenders(user, **search):
    tenders = tender_queryset(selectors.tender_search(user=user, **search))
    context = {"viewer_org_ids": viewer_org_ids(user)}
    return _json(TenderSerializer(tenders, many=True, context=context).data)


def _expected_listings(user, **search):
    listings = selectors.listing_search(user=user, **search).prefetch_related(
        Prefetch("cpv_links", ListingCpvCode.objects.order_by("code_id")), "visible_to_partners"
    )
    context = {"viewer_org_ids": viewer_org_ids(user)}
    return _json(ListingSerializer(listings, many=True, context=context).data)


def _json(data):
    return json.loads(JSONRenderer().render(data))


def _listed(user, path, **params):
    client = APIClient()
    client.force_authenticate(user)
    response = client.get(path, {"page_size": 200, **params})
    assert response.status_code == 200, response.content
    return response.json()["results"]


def _assert_same_items(listed, expected):
    assert len(listed) == len(expected) > 0
    for got, want in zip(listed, expected, strict=True):
        assert list(got.items()) == list(want.items())  # the same keys in the same order, the same values


@pytest.mark.parametrize("viewer", ["buyer", "bidder", "rival", "outsider", "loner"])
def test_tender_list_items_equal_the_serializer(market, viewer):
    user = market[viewer]
    listed = _listed(user, "/api/v1/marketplace/tenders/")
    _assert_same_items(listed, _expected_tenders(user))
    counts = {item["title"]: item["bid_count"] for item in listed}
    if viewer == "buyer":
        assert counts["Awarded tender"] == 2
        assert "Draft tender" in counts
    else:
        assert set(counts.values()) == {None}
        assert "Draft tender" not in counts
    awarded = next(item for item in listed if item["title"] == "Awarded tender")
    assert [award["state"] for award in awarded["awards"]] == ["declined", "proposed", "proposed"]
    assert any(lot["criteria"] for item in listed for lot in item["lots"])


@pytest.mark.parametrize("viewer", ["buyer", "bidder"])
def test_feed_items_equal_the_serializer(market, viewer):
    user = market[viewer]
    tenders = tender_queryset(selectors.tender_list_visible_to(user=user)).exclude(published_at=None)
    expected = {
        item["id"]: item
        for item in _json(TenderSerializer(tenders, many=True, context={"viewer_org_ids": viewer_org_ids(user)}).data)
    }
    # one event per published tender, no draft (listings' and bids' events have their own subjects)
    events = [event for event in _listed(user, "/api/v1/marketplace/feed/") if event["subject"] == "tender"]
    assert sorted(event["tender_id"] for event in events) == sorted(expected)
    _assert_same_items([event["tender"] for event in events], [expected[event["tender_id"]] for event in events])


@pytest.mark.parametrize("viewer", ["bidder", "rival", "outsider", "loner"])
def test_listing_list_items_equal_the_serializer(market, viewer):
    user = market[viewer]
    listed = _listed(user, "/api/v1/marketplace/listings/")
    _assert_same_items(listed, _expected_listings(user))
    partners_shown = [item["title"] for item in listed if "visible_to_partners" in item]
    own = [item["title"] for item in listed if item["provider"] in viewer_org_ids(user)]
    assert partners_shown == own


def test_searches_and_other_time_zones_give_the_same_items(market):
    user = market["bidder"]
    with timezone.override(ZoneInfo("UTC")):  # ISO 8601 with "Z"
        _assert_same_items(
            _listed(user, "/api/v1/marketplace/listings/", q="warehouse"), _expected_listings(user, query="warehouse")
        )
        _assert_same_items(
            _listed(user, "/api/v1/marketplace/tenders/", state="published"), _expected_tenders(user, state="published")
        )
    with timezone.override(ZoneInfo("America/New_York")):
        _assert_same_items(
            _listed(user, "/api/v1/marketplace/listings/", cpv="60100000"), _expected_listings(user, cpv="60100000")
        )


@pytest.mark.parametrize("viewer", ["bidder", "rival", "outsider"])
def test_a_search_with_words_a_cpv_subtree_and_a_period_gives_the_same_items_and_count(market, viewer):
    """What a buyer types: words, a CPV subtree and a period; the page counts its matches itself."""
    user = market[viewer]
    search = {
        "query": "warehouse",
        "cpv": "63000000",
        "available_from": TODAY + timedelta(days=5),
        "available_until": TODAY + timedelta(days=20),
    }
    client = APIClient()
    client.force_authenticate(user)
    page = client.get(
        "/api/v1/marketplace/listings/",
        {
            "page_size": 200,
            "q": search["query"],
            "cpv": search["cpv"],
            "available_from": search["available_from"],
            "available_until": search["available_until"],
        },
    ).json()
    expected = _expected_listings(user, **search)
    _assert_same_items(page["results"], expected)
    assert page["count"] == len(expected) == selectors.listing_search(user=user, **search).count()


@pytest.mark.parametrize("viewer", ["buyer", "bidder"])
def test_list_queries_do_not_grow_with_the_page(market, viewer):
    def queries(path, size):
        with CaptureQueriesContext(connection) as captured:
            assert len(_listed(market[viewer], path, page_size=size)) == min(size, total[path])
        return len(captured)

    total = {
        path: len(_listed(market[viewer], path))
        for path in ("/api/v1/marketplace/tenders/", "/api/v1/marketplace/listings/")
    }
    for path in total:
        assert queries(path, 1) == queries(path, 200), path
