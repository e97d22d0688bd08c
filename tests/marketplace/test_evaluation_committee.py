"""A tender's evaluation committee: once named, only its members open and score the bids and propose awards."""

from decimal import Decimal

import pytest
from django.urls import reverse

from core.api.errors import status_for
from core.errors import ApplicationError
from marketplace import selectors, services
from organizations.models import AuditEntry, MembershipRole
from tests.marketplace.factories import (
    buyer_with_officer,
    pass_deadline,
    published_tender,
    sme_with_member,
    submitted_bid,
)
from tests.organizations.factories import member_of, with_platform_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(compliance_data):
    """A buyer (its admin officer wrote the tender), two more officers and a member without the role."""
    buyer, author = buyer_with_officer()
    chair = with_platform_role(member_of(buyer, MembershipRole.MEMBER), "procurement_officer")
    outsider = with_platform_role(member_of(buyer, MembershipRole.MEMBER), "procurement_officer")
    clerk = member_of(buyer, MembershipRole.MEMBER)
    tender = published_tender(buyer, author, method="best_value", lots=1)
    return {"buyer": buyer, "author": author, "chair": chair, "outsider": outsider, "clerk": clerk, "tender": tender}


def _opened_with_bids(tender, count=2):
    for n in range(count):
        sme, member = sme_with_member()
        submitted_bid(tender, sme, member, prices=(Decimal(880000 + n * 5000),))
    return pass_deadline(tender)


def test_without_a_committee_every_officer_of_the_buyer_evaluates(setting):
    tender = _opened_with_bids(setting["tender"])
    assert selectors.bid_list_visible_to(user=setting["outsider"]).filter(tender=tender).count() == 2
    offer = selectors.bid_list_visible_to(user=setting["outsider"]).filter(tender=tender).first().lot_offers.get()
    quality = tender.criteria.get(kind="quality")
    services.criterion_score_set(offer=offer, criterion=quality, score=Decimal(70), by=setting["outsider"])


def test_a_named_committee_alone_opens_and_scores_the_bids(setting):
    tender = setting["tender"]
    services.evaluation_committee_set(
        tender=tender, member_ids=[setting["author"].pk, setting["chair"].pk], by=setting["author"]
    )
    tender = _opened_with_bids(tender)
    quality = tender.criteria.get(kind="quality")

    assert selectors.bid_list_visible_to(user=setting["outsider"]).filter(tender=tender).count() == 0
    assert selectors.bid_list_visible_to(user=setting["chair"]).filter(tender=tender).count() == 2
    offers = [
        bid.lot_offers.get() for bid in selectors.bid_list_visible_to(user=setting["chair"]).filter(tender=tender)
    ]
    with pytest.raises(ApplicationError) as refused:
        services.criterion_score_set(offer=offers[0], criterion=quality, score=Decimal(50), by=setting["outsider"])
    assert status_for(refused.value.code) == 403
    with pytest.raises(ApplicationError):
        services.award_propose(lot=tender.lots.get(), by=setting["outsider"])

    for offer in offers:
        services.criterion_score_set(offer=offer, criterion=quality, score=Decimal(80), by=setting["chair"])
    award = services.award_propose(lot=tender.lots.get(), by=setting["chair"])
    assert award is not None


def test_only_officers_of_the_buyer_sit_on_it_and_the_change_is_audited(setting):
    tender = setting["tender"]
    with pytest.raises(ApplicationError) as refused:
        services.evaluation_committee_set(
            tender=tender, member_ids=[setting["author"].pk, setting["clerk"].pk], by=setting["author"]
        )
    assert "members" in refused.value.errors
    assert list(selectors.evaluation_committee_of(tender=tender)) == []

    services.evaluation_committee_set(tender=tender, member_ids=[setting["chair"].pk], by=setting["author"])
    assert list(selectors.evaluation_committee_of(tender=tender)) == [setting["chair"]]
    entry = AuditEntry.objects.get(action="tender.committee_set")
    assert entry.changes["committee"] == [[], [setting["chair"].email]]


def test_an_officer_outside_the_committee_cannot_name_themselves_onto_it(setting):
    tender = setting["tender"]
    services.evaluation_committee_set(tender=tender, member_ids=[setting["chair"].pk], by=setting["author"])
    with pytest.raises(ApplicationError) as refused:
        services.evaluation_committee_set(
            tender=tender, member_ids=[setting["chair"].pk, setting["outsider"].pk], by=setting["outsider"]
        )
    assert status_for(refused.value.code) == 403
    # A member may not drop themselves (they would lock themselves out); the buyer's admin may name anyone.
    with pytest.raises(ApplicationError):
        services.evaluation_committee_set(tender=tender, member_ids=[setting["outsider"].pk], by=setting["chair"])
    services.evaluation_committee_set(tender=tender, member_ids=[], by=setting["author"])
    assert list(selectors.evaluation_committee_of(tender=tender)) == []


def test_the_tender_page_names_the_committee_and_hides_the_bids_from_the_others(client, setting):
    tender = setting["tender"]
    client.force_login(setting["author"])
    page = client.get(reverse("marketplace:tender-detail", args=[tender.pk])).content.decode()
    assert 'id="committee-none"' in page
    response = client.post(
        reverse("marketplace:tender-committee", args=[tender.pk]),
        {"members": [setting["author"].pk, setting["chair"].pk]},
        follow=True,
    )
    assert "The evaluation committee was saved." in response.content.decode()
    tender = _opened_with_bids(tender)

    client.force_login(setting["outsider"])
    page = client.get(reverse("marketplace:tender-detail", args=[tender.pk])).content.decode()
    assert "880.000" not in page
    assert "880,000" not in page
    assert 'name="members"' not in page  # an officer outside the committee cannot change it

    client.force_login(setting["chair"])
    page = client.get(reverse("marketplace:tender-detail", args=[tender.pk])).content.decode()
    assert "880,000" in page or "880.000" in page


def test_the_api_reads_and_replaces_the_committee(client_for, setting):
    tender = setting["tender"]
    url = f"/api/v1/marketplace/tenders/{tender.pk}/committee/"
    api = client_for(setting["author"])
    before = api.get(url).json()
    assert before["members"] == []
    assert {c["id"] for c in before["candidates"]} == {
        setting["author"].pk,
        setting["chair"].pk,
        setting["outsider"].pk,
    }
    refused = api.post(url, {"members": [setting["clerk"].pk]}, format="json")
    assert refused.status_code == 400
    assert "members" in refused.json()["errors"]
    saved = api.post(url, {"members": [setting["author"].pk]}, format="json").json()
    assert [m["id"] for m in saved["members"]] == [setting["author"].pk]
    assert client_for(setting["outsider"]).post(url, {"members": []}, format="json").status_code == 403
    _sme, member = sme_with_member()
    assert client_for(member).get(url).status_code in {403, 404}
