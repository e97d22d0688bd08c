"""The integrity pages and API: officers and auditors read flags with their definitions, the bidder answers
on its case page, competitors and strangers get 404; the API follows the same rules and the one error shape."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.translation import override

from marketplace.integrity.compute import flags_recompute
from marketplace.integrity.models import AltCase, AltState
from tests.integrity.factories import opened_tender
from tests.marketplace.factories import buyer_with_officer
from tests.organizations.factories import UserFactory, with_platform_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(compliance_data):
    tender, officer, bidders = opened_tender([1000, 1050, 700])
    flags_recompute(tender_ids=[tender.pk])
    return tender, officer, bidders, AltCase.objects.get()


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_officer_page_shows_flag_figures_definition_and_the_prompt(setup):
    tender, officer, _bidders, _case = setup
    page = client_for(officer).get(f"/marketplace/integrity/tenders/{tender.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Abnormally low tender?" in text
    assert "Directive 2014/24/EU Art. 69" in text
    assert "not a verdict" in text
    assert "31.7" in text


def test_competitor_and_stranger_get_404_and_the_bidder_sees_no_figures(setup):
    tender, officer, bidders, case = setup
    assert client_for(bidders[0][1]).get(f"/marketplace/integrity/tenders/{tender.pk}/").status_code == 404
    assert client_for(buyer_with_officer()[1]).get(f"/marketplace/integrity/alt/{case.pk}/").status_code == 404
    assert client_for(bidders[2][1]).get(f"/marketplace/integrity/alt/{case.pk}/").status_code == 404  # not asked
    client_for(officer).post(
        f"/marketplace/integrity/alt/{case.pk}/request/",
        {"text": "Explain the labour costs.", "respond_by": (timezone.localdate() + timedelta(days=3)).isoformat()},
    )
    page = client_for(bidders[2][1]).get(f"/marketplace/integrity/alt/{case.pk}/")
    assert page.status_code == 200
    assert "Explain the labour costs." in page.content.decode()
    assert "1025" not in page.content.decode()


def test_auditor_reads_the_overview_with_the_platform_average(setup):
    auditor = with_platform_role(UserFactory(), "auditor")
    page = client_for(auditor).get("/marketplace/integrity/")
    assert page.status_code == 200
    assert "Platform average" in page.content.decode()
    assert client_for(UserFactory()).get("/marketplace/integrity/").status_code == 404


def test_german_page(setup):
    _tender, officer, _bidders, case = setup
    with override("de"):
        page = client_for(officer).get(f"/marketplace/integrity/alt/{case.pk}/", HTTP_ACCEPT_LANGUAGE="de")
    assert "Ungewöhnlich niedriges Angebot?" in page.content.decode()


def test_api_flags_definitions_and_the_procedure(setup):
    tender, officer, bidders, case = setup
    api = client_for(officer)
    definitions = api.get("/api/v1/integrity/definitions/").json()
    assert {d["code"] for d in definitions} >= {"R018", "R028", "R035", "R036", "ALT"}
    flags = api.get(f"/api/v1/integrity/flags/?tender={tender.pk}&code=ALT").json()["results"]
    assert len(flags) == 1
    assert flags[0]["figures"]["basis"] == "mean_of_others"
    assert client_for(bidders[0][1]).get("/api/v1/integrity/flags/").json()["results"] == []
    refused = api.post(
        f"/api/v1/integrity/alt-cases/{case.pk}/decide/",
        {"accept": False, "reason": "cheap"},
        content_type="application/json",
    )
    assert refused.status_code == 409
    assert refused.json()["type"] == "explanation_required"
    due = (timezone.now() + timedelta(days=2)).isoformat()
    asked = api.post(
        f"/api/v1/integrity/alt-cases/{case.pk}/request/",
        {"text": "Explain.", "respond_by": due},
        content_type="application/json",
    )
    assert asked.status_code == 200
    assert asked.json()["state"] == AltState.REQUESTED
    bidder_api = client_for(bidders[2][1])
    seen = bidder_api.get(f"/api/v1/integrity/alt-cases/{case.pk}/").json()
    assert seen["figures"] == {}
    answered = bidder_api.post(f"/api/v1/integrity/alt-cases/{case.pk}/answer/", {"text": "Own premises."})
    assert answered.status_code == 200
    assert answered.json()["state"] == AltState.ANSWERED
    decided = api.post(
        f"/api/v1/integrity/alt-cases/{case.pk}/decide/",
        {"accept": True, "reason": "Credible."},
        content_type="application/json",
    )
    assert decided.json()["state"] == AltState.ACCEPTED
    assert client_for(bidders[0][1]).get(f"/api/v1/integrity/alt-cases/{case.pk}/").status_code == 404
