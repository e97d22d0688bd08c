"""Bids are sealed, checked for eligibility, frozen at the deadline; evaluation ranks them and awards lots."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from core.errors import ApplicationError
from marketplace import selectors, services
from marketplace.models import Award, Bid, Tender
from organizations.models import MembershipRole, Notification
from tests.compliance.factories import badge
from tests.marketplace.factories import (
    buyer_with_officer,
    pass_deadline,
    published_tender,
    sme_with_member,
    submitted_bid,
)
from tests.organizations.factories import OrganizationFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def buyer(compliance_data):
    return buyer_with_officer()


def test_buyer_cannot_bid_on_its_own_tender(buyer):
    org, officer = buyer
    tender = published_tender(org, officer)
    with pytest.raises(ApplicationError) as refused:
        services.bid_create(tender=tender, bidder=org, by=officer)
    assert refused.value.code == "not_eligible"


def test_bid_is_hidden_from_buyer_until_deadline(buyer):
    org, officer = buyer
    tender = published_tender(org, officer)
    sme, member = sme_with_member()
    bid = submitted_bid(tender, sme, member, prices=(Decimal("1200"), Decimal("800")))
    assert list(selectors.bid_list_visible_to(user=officer)) == []
    assert selectors.tender_bid_count(tender=tender) is None  # not even how many, until the opening
    assert list(selectors.bid_list_visible_to(user=member)) == [bid]
    assert list(selectors.bid_list_visible_to(user=member_of(OrganizationFactory()))) == []
    pass_deadline(tender)
    assert list(selectors.bid_list_visible_to(user=officer)) == [bid]
    assert selectors.tender_bid_count(tender=tender) == 1


def test_nothing_changes_after_the_deadline(buyer):
    org, officer = buyer
    tender = published_tender(org, officer)
    sme, member = sme_with_member()
    bid = submitted_bid(tender, sme, member)
    Tender.objects.filter(pk=tender.pk).update(
        enquiry_deadline=timezone.now() - timedelta(hours=2), submission_deadline=timezone.now() - timedelta(seconds=1)
    )
    for attempt in (
        lambda: services.bid_withdraw(bid=bid, by=member),
        lambda: services.bid_update(bid=bid, by=member, offers=[{"lot": tender.lots.first().pk, "price": 1}]),
    ):
        with pytest.raises(ApplicationError) as late:
            attempt()
        assert late.value.code == "deadline_passed"
        assert "on the server" in late.value.message
    bid.refresh_from_db()
    assert bid.state == "submitted"
    assert bid.lot_offers.get().price == Decimal("1000")


def test_sme_only_lot_and_required_badge_are_enforced(buyer):
    org, officer = buyer
    tender = published_tender(org, officer, required_badges=["defence_ready"])
    large = OrganizationFactory(headcount=900)
    large_user = member_of(large, MembershipRole.ADMIN)
    with pytest.raises(ApplicationError) as no_badge:
        services.bid_create(tender=tender, bidder=large, by=large_user)
    assert "Defence Ready" in no_badge.value.message
    badge(large, "defence_ready")
    bid = services.bid_create(tender=tender, bidder=large, by=large_user)
    tender.lots.filter(number=2).update(sme_only=True)
    with pytest.raises(ApplicationError) as reserved:
        services.bid_update(bid=bid, by=large_user, offers=[{"lot": tender.lots.get(number=2).pk, "price": 5}])
    assert "reserved for SMEs" in reserved.value.message
    assert not bid.lot_offers.exists()


def test_export_screening_blocks_lots_with_controlled_items(buyer):
    org, officer = buyer
    tender = published_tender(org, officer)
    tender.lots.filter(number=1).update(export_classification="ML4")
    sme, member = sme_with_member(country="FR")
    bid = services.bid_create(tender=tender, bidder=sme, by=member)
    with pytest.raises(ApplicationError) as screened:
        services.bid_update(bid=bid, by=member, offers=[{"lot": tender.lots.get(number=1).pk, "price": 5}])
    assert "export screening" in screened.value.message
    assert "ML4" in screened.value.message
    services.bid_update(bid=bid, by=member, offers=[{"lot": tender.lots.get(number=2).pk, "price": 5}])


def test_one_live_bid_per_organization_and_withdrawal_allows_a_new_one(buyer):
    org, officer = buyer
    tender = published_tender(org, officer)
    sme, member = sme_with_member()
    bid = services.bid_create(tender=tender, bidder=sme, by=member)
    with pytest.raises(ApplicationError) as twice:
        services.bid_create(tender=tender, bidder=sme, by=member)
    assert twice.value.code == "bid_exists"
    services.bid_withdraw(bid=bid, by=member)
    assert services.bid_create(tender=tender, bidder=sme, by=member).pk != bid.pk


def _evaluated(buyer, method="lowest_price", **overrides):
    org, officer = buyer
    tender = published_tender(org, officer, method=method, **overrides)
    bidders = []
    for price, days in ((Decimal("1000"), 10), (Decimal("800"), 20), (Decimal("900"), 5)):
        sme, member = sme_with_member()
        submitted_bid(tender, sme, member, prices=(price, price), delivery_days=days)
        bidders.append((sme, member))
    return pass_deadline(tender), bidders


def test_lowest_price_ranking_and_award_with_standstill(buyer):
    tender, bidders = _evaluated(buyer)
    lot = tender.lots.get(number=1)
    ranking = services.lot_ranking(lot=lot)
    assert [e.offer.price for e in ranking] == [Decimal("800"), Decimal("900"), Decimal("1000")]
    award = services.award_propose(lot=lot, by=buyer[1])
    assert award.offer.bid.bidder == bidders[1][0]
    assert award.standstill_until.date() == (timezone.now() + timedelta(days=10)).date()
    loser_note = Notification.objects.get(recipient=bidders[0][1], subject__startswith="Result for lot 1")
    assert "rank 3 of 3" in loser_note.body


def test_best_value_needs_every_quality_score_and_normalises_price(buyer):
    tender, bidders = _evaluated(buyer, method="best_value")
    lot = tender.lots.get(number=1)
    with pytest.raises(ApplicationError) as incomplete:
        services.award_propose(lot=lot, by=buyer[1])
    assert incomplete.value.code == "evaluation_incomplete"
    quality = tender.criteria.get(kind="quality")
    for (sme, _member), score in zip(bidders, (100, 40, 70), strict=True):
        offer = Bid.objects.get(bidder=sme).lot_offers.get(lot=lot)
        services.criterion_score_set(offer=offer, criterion=quality, score=Decimal(score), by=buyer[1])
    totals = {e.offer.bid.bidder: e.total for e in services.lot_ranking(lot=lot)}
    # price 60: 800/1000*60 = 48 + quality 100*0.4 = 40 → 88; 800 → 60 + 16 = 76; 900 → 53.33 + 28 = 81.33
    assert totals == {bidders[0][0]: Decimal("88.00"), bidders[1][0]: Decimal("76.00"), bidders[2][0]: Decimal("81.33")}
    assert services.award_propose(lot=lot, by=buyer[1]).offer.bid.bidder == bidders[0][0]


def test_declined_award_moves_to_the_next_ranked_and_standstill_ends_in_final_award(buyer):
    tender, bidders = _evaluated(buyer)
    lot1, lot2 = tender.lots.order_by("number")
    award = services.award_propose(lot=lot1, by=buyer[1])
    successor = services.award_decline(award=award, reason="Capacity sold elsewhere", by=bidders[1][1])
    assert successor.offer.bid.bidder == bidders[2][0]
    services.award_propose(lot=lot2, by=buyer[1])
    Award.objects.filter(state="proposed").update(standstill_until=timezone.now() - timedelta(seconds=1))
    assert services.awards_finalise() == 2
    tender.refresh_from_db()
    assert tender.state == "awarded"
    assert set(tender.lots.values_list("state", flat=True)) == {"awarded"}


def test_max_lots_per_supplier_passes_the_second_lot_to_the_runner_up(buyer):
    tender, bidders = _evaluated(buyer, max_lots_per_supplier=1)
    lot1, lot2 = tender.lots.order_by("number")
    assert services.award_propose(lot=lot1, by=buyer[1]).offer.bid.bidder == bidders[1][0]
    assert services.award_propose(lot=lot2, by=buyer[1]).offer.bid.bidder == bidders[2][0]
