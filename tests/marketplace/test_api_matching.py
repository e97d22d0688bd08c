"""Permission matrix of the match endpoints, saved searches through the API, and the re-match progress."""

import pytest
from rest_framework.test import APIClient

from marketplace.matching.services import matches_refresh_for_tender
from tests.marketplace.factories import buyer_with_officer, published_tender, sme_with_member
from tests.marketplace.test_services_listings import listing
from tests.organizations.factories import OrganizationFactory, UserFactory, member_of, with_platform_role

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def matched(cpv, compliance_data):
    buyer, officer = buyer_with_officer()
    sme, member = sme_with_member()
    listing(sme, member)
    hidden_org = OrganizationFactory()
    listing(sme, member, visibility="partners", visible_to_partners=[hidden_org.pk], title="Partner-only store")
    tender = published_tender(buyer, officer)
    matches_refresh_for_tender(tender_id=tender.pk)
    return tender, officer, sme, member


@pytest.mark.parametrize(
    ("who", "query", "expected_status", "sees_matches"),
    [
        ("officer", "tender", 200, True),
        ("member", "tender", 200, False),  # a supplier does not see who else fits the buyer's tender
        ("outsider", "tender", 200, False),
        ("member", "organization", 200, True),
        ("officer", "organization", 200, False),  # the buyer cannot read an organization's own match list
        ("outsider", "organization", 200, False),
    ],
)
def test_match_endpoint_permission_matrix(matched, who, query, expected_status, sees_matches):
    tender, officer, sme, member = matched
    user = {"officer": officer, "member": member, "outsider": member_of(OrganizationFactory())}[who]
    params = {"tender": tender.pk} if query == "tender" else {"organization": sme.pk}
    response = api(user).get("/api/v1/marketplace/matches/", params)
    assert response.status_code == expected_status
    assert (response.json()["count"] > 0) is sees_matches


def test_matches_carry_an_explanation_and_never_a_hidden_listing(matched):
    tender, officer, _sme, _member = matched
    results = api(officer).get("/api/v1/marketplace/matches/", {"tender": tender.pk}).json()["results"]
    assert all(result["explanation"] for result in results)
    assert "Partner-only store" not in {result["listing_title"] for result in results}


def test_matches_need_a_tender_or_organization(matched):
    response = api(matched[1]).get("/api/v1/marketplace/matches/")
    assert response.status_code == 400
    assert "tender" in response.json()["errors"]


def test_saved_search_api_validates(matched):
    _tender, _officer, sme, member = matched
    bad = api(member).post(
        "/api/v1/marketplace/saved-searches/",
        {"organization": sme.pk, "name": "x", "cpv_codes": ["12345678"]},
        format="json",
    )
    assert bad.status_code == 400
    assert "cpv_codes" in bad.json()["errors"]
    empty = api(member).post(
        "/api/v1/marketplace/saved-searches/", {"organization": sme.pk, "name": "x"}, format="json"
    )
    assert empty.status_code == 400
    good = api(member).post(
        "/api/v1/marketplace/saved-searches/",
        {"organization": sme.pk, "name": "Storage", "cpv_codes": ["63100000"]},
        format="json",
    )
    assert good.status_code == 201
    assert api(UserFactory()).get(f"/api/v1/marketplace/saved-searches/{good.json()['id']}/").status_code == 404


def test_only_platform_admins_start_a_rematch_and_see_its_progress(matched, django_capture_on_commit_callbacks):
    _tender, officer, _sme, _member = matched
    assert api(officer).post("/api/v1/marketplace/match-runs/").status_code == 403
    admin = with_platform_role(UserFactory(), "platform_admin")
    with django_capture_on_commit_callbacks(execute=True):
        started = api(admin).post("/api/v1/marketplace/match-runs/")
    assert started.status_code == 202
    run = api(admin).get(f"/api/v1/marketplace/match-runs/{started.json()['id']}/").json()
    assert run["done"] == run["total"] == 1
    assert run["progress"] == 100


def test_a_second_rematch_waits_for_the_running_one(matched):
    admin = with_platform_role(UserFactory(), "platform_admin")
    assert api(admin).post("/api/v1/marketplace/match-runs/").status_code == 202  # queued on commit: still running
    again = api(admin).post("/api/v1/marketplace/match-runs/")
    assert again.status_code == 409
    assert again.json()["type"] == "rematch_running"
