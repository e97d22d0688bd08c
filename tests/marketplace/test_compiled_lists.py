"""The API's listing and tender lists run statements compiled once per set of filters
(marketplace/api/list_pages/statements.py) with the viewer's organizations and the date filled in on each
request: a list compiled for one viewer must show the next viewer exactly what that viewer may see, and a day
later what may be seen that day."""

from datetime import timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from core.lookups import AnyOf, AnyOfUnindexed
from marketplace import services
from marketplace.api.list_pages import listings as listing_pages
from marketplace.api.list_pages import tenders as tender_pages
from marketplace.api.list_pages.statements import CompiledRows, ListStatements, Statement, StatementCache
from marketplace.models import CapacityListing
from marketplace.selectors import ListingFilters
from tests.compliance.factories import badge
from tests.marketplace.factories import buyer_with_officer, sme_with_member, tender_data
from tests.organizations.factories import OrganizationFactory, UserFactory, member_of

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
LISTINGS, TENDERS = "/api/v1/marketplace/listings/", "/api/v1/marketplace/tenders/"


@pytest.fixture(autouse=True)
def fresh_statements():
    """Each test compiles its lists itself, whatever ran before in this process."""
    listing_pages._STATEMENTS.clear()
    tender_pages._STATEMENTS.clear()


def _listing(provider, user, publish=True, **overrides):
    data = {
        "kind": "storage",
        "title": "Heated warehouse",
        "description": "Dry, heated storage.",
        "cpv_codes": ["63122000"],
        "country": "DE",
        "available_from": TODAY,
        "available_until": TODAY + timedelta(days=90),
        "quantity": Decimal("2000"),
        "unit": "m2",
        **overrides,
    }
    created = services.listing_create(provider=provider, by=user, **data)
    return services.listing_transition(listing=created, action="publish", by=user) if publish else created


def _page(user, path, **params):
    client = APIClient()
    client.force_authenticate(user)
    response = client.get(path, params)
    assert response.status_code == 200, response.content
    return response.json()


def _titles(page):
    return sorted(item["title"] for item in page["results"])


@pytest.fixture
def listings(cpv, compliance_data):
    sme, member = sme_with_member()
    rival, rival_member = sme_with_member()
    holder = member_of(OrganizationFactory())
    badge(holder.memberships.get().organization, "iso27001", days_left=0)  # valid today, not tomorrow
    _listing(sme, member, title="Public")
    _listing(sme, member, publish=False, title="Our draft")
    _listing(sme, member, visibility="partners", visible_to_partners=[rival.pk], title="For the rival")
    _listing(sme, member, visibility="badge_holders", visible_to_badges=["iso27001"], title="For ISO holders")
    return {"member": member, "rival": rival_member, "holder": holder, "loner": UserFactory()}


def test_a_listing_list_compiled_for_one_viewer_shows_the_next_only_theirs(listings):
    seen = {name: _page(user, LISTINGS) for name, user in listings.items()}  # compiled by the first, reused after
    assert len(listing_pages._STATEMENTS._entries) == 1
    assert _titles(seen["member"]) == ["For ISO holders", "For the rival", "Our draft", "Public"]
    assert _titles(seen["rival"]) == ["For the rival", "Public"]
    assert _titles(seen["holder"]) == ["For ISO holders", "Public"]
    assert _titles(seen["loner"]) == ["Public"]
    assert {name: page["count"] for name, page in seen.items()} == {"member": 4, "rival": 2, "holder": 2, "loner": 1}
    # Who else may see a listing is shown to its provider only.
    assert all("visible_to_partners" in item for item in seen["member"]["results"])
    assert not any("visible_to_partners" in item for item in seen["rival"]["results"])


def test_a_compiled_listing_list_uses_the_day_of_the_request(listings):
    assert _titles(_page(listings["holder"], LISTINGS)) == ["For ISO holders", "Public"]
    with mock.patch("django.utils.timezone.localdate", return_value=TODAY + timedelta(days=1)):
        assert _titles(_page(listings["holder"], LISTINGS)) == ["Public"]  # the badge ran out last night


def test_each_set_of_filters_has_its_own_statement(listings):
    member = listings["member"]
    assert _titles(_page(member, LISTINGS, q="heated")) == ["For ISO holders", "For the rival", "Our draft", "Public"]
    assert _titles(_page(member, LISTINGS, q="public")) == ["Public"]
    assert _page(member, LISTINGS, q="Kühlcontainer")["count"] == 0
    assert len(listing_pages._STATEMENTS._entries) == 3


def test_a_cpv_code_that_matches_nothing_gives_an_empty_page(listings):
    page = _page(listings["member"], LISTINGS, cpv="00000000")
    assert page["count"] == 0
    assert page["results"] == []
    assert page["next"] is None


def test_pages_of_a_compiled_list_follow_each_other(listings):
    member = listings["member"]
    first = _page(member, LISTINGS, page_size=3)
    second = _page(member, LISTINGS, page_size=3, page=2)
    assert first["count"] == 4
    assert first["next"]
    assert second["next"] is None
    assert len(first["results"]) == 3
    assert len(second["results"]) == 1
    assert {item["id"] for item in first["results"]}.isdisjoint({item["id"] for item in second["results"]})


def test_a_draft_tender_is_listed_for_its_buyer_only_whoever_compiled_the_list(cpv, compliance_data):
    buyer, officer = buyer_with_officer()
    services.tender_create(buyer=buyer, by=officer, **tender_data(title="Draft tender"))
    outsider = member_of(OrganizationFactory())
    assert _page(outsider, TENDERS)["count"] == 0
    assert [item["title"] for item in _page(officer, TENDERS)["results"]] == ["Draft tender"]
    assert _page(outsider, TENDERS, page=1)["results"] == []


def test_any_of_an_empty_array_matches_nothing(listings):
    assert not CapacityListing.objects.filter(AnyOf("provider_id", [])).exists()
    member_org = listings["member"].memberships.get().organization_id
    assert CapacityListing.objects.filter(AnyOf("provider_id", [member_org])).count() == 4


def test_any_of_unindexed_matches_the_same_rows_as_any_of(listings):
    member_org = listings["member"].memberships.get().organization_id
    for ids in ([], [member_org], [member_org, member_org + 1000]):
        indexed = CapacityListing.objects.filter(AnyOf("provider_id", ids)).order_by("pk")
        unindexed = CapacityListing.objects.filter(AnyOfUnindexed("provider_id", ids)).order_by("pk")
        assert list(unindexed) == list(indexed)
        assert "<@" in str(unindexed.query)


def _listing_queries(user, **params):
    with CaptureQueriesContext(connection) as captured:
        page = _page(user, LISTINGS, **params)
    return page, [query["sql"] for query in captured.captured_queries if "marketplace_capacitylisting" in query["sql"]]


def test_a_search_with_words_counts_its_matches_in_its_page_query(listings):
    member = listings["member"]
    page, queries = _listing_queries(member, q="heated", page_size=3)
    assert (page["count"], page["count_capped"], len(page["results"])) == (4, False, 3)
    assert page["next"]
    assert len(queries) == 1
    assert "OVER ()" in queries[0]
    assert queries[0].startswith("SET LOCAL max_parallel_workers_per_gather = 0; ")  # it reads every match
    second, _ = _listing_queries(member, q="heated", page_size=3, page=2)
    assert (second["count"], len(second["results"]), second["next"]) == (4, 1, None)
    assert {item["id"] for item in page["results"]}.isdisjoint({item["id"] for item in second["results"]})
    # Without words the list is in index order and counts on its own, as before.
    _, queries = _listing_queries(member, page_size=3)
    assert len(queries) == 2
    assert not any("OVER ()" in sql for sql in queries)


def test_a_search_with_words_caps_its_count_as_every_list(listings, settings):
    settings.API_COUNT_CAP = 2
    member = listings["member"]
    seen, params = [], {"q": "heated", "page_size": 3, "page": 1}
    while True:
        page = _page(member, LISTINGS, **params)
        assert (page["count"], page["count_capped"]) == (2, True)
        seen += [item["id"] for item in page["results"]]
        if not page["next"]:
            break
        params["page"] += 1
    assert len(seen) == len(set(seen)) == 4  # paging goes on past the counted rows


def test_a_search_with_words_past_its_last_page_is_not_found_and_one_without_matches_is_empty(listings):
    client = APIClient()
    client.force_authenticate(listings["member"])
    assert client.get(LISTINGS, {"q": "heated", "page_size": 3, "page": 3}).status_code == 404
    assert client.get(LISTINGS, {"q": "heated", "page_size": 3, "page": "last"}).json()["count"] == 4
    empty = _page(listings["member"], LISTINGS, q="Kühlcontainer")
    assert (empty["count"], empty["count_capped"], empty["results"], empty["next"]) == (0, False, [], None)


def test_the_statement_cache_keeps_the_most_recently_used(listings):
    cache = StatementCache(size=2)
    for query in ("one", "two", "one", "three"):
        cache.get(ListingFilters(query=query), lambda: CapacityListing.objects.order_by("pk").values("pk"))
    assert list(cache._entries) == [ListingFilters(query="one"), ListingFilters(query="three")]


def test_compiled_rows_are_read_by_page_only(listings):
    rows = listing_pages.listing_page_rows(user=listings["member"], filters=ListingFilters())
    assert rows.count_up_to(2) == 2
    assert [row["title"] for row in rows[1:2]] == [rows[0:4][1]["title"]]
    for bad in (0, slice(None, None), slice(0, 4, 2)):
        with pytest.raises(TypeError):
            rows[bad]
    assert isinstance(rows, CompiledRows)


def test_only_ordered_value_rows_are_compiled(listings):
    with pytest.raises(ValueError, match="values"):
        Statement.of(CapacityListing.objects.order_by("pk"))  # model instances, not rows
    with pytest.raises(ValueError, match="ordered"):
        ListStatements.of(CapacityListing.objects.order_by().values("pk"))  # pages would repeat or skip rows
    with pytest.raises(ValueError, match="DISTINCT"):
        ListStatements.of(CapacityListing.objects.order_by("kind").values("kind").distinct())
