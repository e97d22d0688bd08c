"""Red flags reproduce the Cardinal documentation's demonstrations (docs/examples/R/*.jsonl → output) on the
platform's own data, respect their documented exclusions, and follow the sealing of bids."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from core.errors import ApplicationError
from marketplace import services
from marketplace.integrity import selectors
from marketplace.integrity.compute import flags_recompute
from marketplace.integrity.models import FixedPriceLot, RedFlag
from marketplace.integrity.registry import REGISTRY
from marketplace.models import Award, Bid, BidState, Tender
from organizations.models import AuditEntry
from tests.integrity.factories import opened_tender
from tests.marketplace.factories import buyer_with_officer, published_tender, sme_with_member, submitted_bid
from tests.organizations.factories import UserFactory, with_platform_role

pytestmark = pytest.mark.django_db


def flags_of(tender) -> dict[str, dict]:
    flags_recompute(tender_ids=[tender.pk])
    return {flag.code: flag.figures for flag in RedFlag.objects.filter(tender=tender)}


def disqualify(*bids) -> None:
    Bid.objects.filter(pk__in=[b.pk for b in bids]).update(state=BidState.EXCLUDED, exclusion_reason="not eligible")


def award_final(tender, officer):
    services.award_propose(lot=tender.lots.get(), by=officer)
    services.awards_finalise(now=timezone.now() + timedelta(days=30))


def test_r018_single_bid_in_open_procedure(compliance_data):
    # {"tender":{"numberOfTenderers":1,"procurementMethod":"open"}} → {"R018":1.0}
    tender, _officer, _bidders = opened_tender([880000])
    assert flags_of(tender)["R018"] == {"tenderers": 1, "procedure": "open"}


def test_r018_excludes_procedures_that_are_not_competitive(compliance_data):
    tender, _officer, _bidders = opened_tender([880000], procedure="negotiated")
    assert "R018" not in flags_of(tender)


def test_r003_short_submission_period(compliance_data):
    # tenderPeriod 2020-08-03T18:00 → 2020-08-04T18:00: one whole day, under the threshold → {"R003":1.0}
    tender, _officer, _bidders = opened_tender([880000, 870000])
    Tender.objects.filter(pk=tender.pk).update(published_at=tender.submission_deadline - timedelta(days=1))
    figures = flags_of(tender)["R003"]
    assert (figures["days"], figures["minimum"], figures["procedure"]) == (1, 35, "open")
    Tender.objects.filter(pk=tender.pk).update(published_at=tender.submission_deadline - timedelta(days=40))
    assert "R003" not in flags_of(tender)


def test_r028_identical_prices_of_a_valid_and_a_disqualified_bid(compliance_data):
    # bids V (valid, 1 USD) and D (disqualified, 1 USD) → {"R028":1.0}
    tender, _officer, bidders = opened_tender([1, 1], estimated_value=None)
    disqualify(bidders[1][2])
    assert flags_of(tender)["R028"] == {"prices": ["1.00"], "tenderers": 2}


def test_r028_excluded_when_the_buyer_fixed_the_price(compliance_data):
    tender, _officer, _bidders = opened_tender([1, 1], estimated_value=None)
    FixedPriceLot.objects.create(lot=tender.lots.get(), reason="Tariff set by regulation")
    assert "R028" not in flags_of(tender)


def test_r035_all_except_winning_bid_disqualified(compliance_data):
    # D disqualified, V valid and the supplier of the active award → {"R035":1.0}
    tender, officer, bidders = opened_tender([850000, 880000])
    disqualify(bidders[0][2])
    award_final(tender, officer)
    assert flags_of(tender)["R035"] == {"disqualified_tenderers": 1}


def test_r035_and_r036_wait_for_the_final_award(compliance_data):
    # Cardinal excludes pending awards; a proposed award in its standstill is pending.
    tender, officer, bidders = opened_tender([850000, 880000])
    disqualify(bidders[0][2])
    services.award_propose(lot=tender.lots.get(), by=officer)
    flags = flags_of(tender)
    assert "R035" not in flags
    assert "R036" not in flags


def test_r036_lowest_bid_disqualified_under_lowest_price(compliance_data):
    # disqualified 1 USD, valid 2 USD, an active award → {"R036":1.0}
    tender, officer, bidders = opened_tender([1, 2], estimated_value=None)
    disqualify(bidders[0][2])
    award_final(tender, officer)
    assert flags_of(tender)["R036"] == {"lowest_disqualified": "1.00", "lowest_valid": "2.00"}


def test_r036_not_under_best_value(compliance_data):
    tender, officer, bidders = opened_tender([1, 2], estimated_value=None)
    disqualify(bidders[0][2])
    award_final(tender, officer)
    Tender.objects.filter(pk=tender.pk).update(award_method="best_value")
    assert "R036" not in flags_of(tender)


def test_r030_late_bid_cannot_be_submitted(compliance_data):
    buyer, officer = buyer_with_officer()
    tender = published_tender(buyer, officer)
    sme, user = sme_with_member()
    bid = services.bid_create(tender=tender, bidder=sme, by=user)
    services.bid_update(bid=bid, by=user, offers=[{"lot": tender.lots.first().pk, "price": 880000}])
    Tender.objects.filter(pk=tender.pk).update(
        enquiry_deadline=timezone.now() - timedelta(days=2), submission_deadline=timezone.now() - timedelta(minutes=1)
    )
    with pytest.raises(ApplicationError) as refused:
        services.bid_submit(bid=bid, by=user)
    assert refused.value.code == "deadline_passed"


def test_r030_would_flag_a_late_winner_written_outside_the_services(compliance_data):
    # bid received 2000-04-01, deadline 2000-03-15, its tenderer the active supplier → {"R030":1.0}
    tender, officer, bidders = opened_tender([880000])
    award_final(tender, officer)
    with connection.cursor() as cursor:  # what an import or a hand-edit could do; the services cannot
        cursor.execute(
            "UPDATE marketplace_bid SET submitted_at = %s WHERE id = %s",
            [tender.submission_deadline + timedelta(days=17), bidders[0][2].pk],
        )
    assert set(flags_of(tender)["R030"]) == {"received", "deadline"}


def test_award_equal_to_and_far_from_the_estimate(compliance_data):
    tender, officer, _bidders = opened_tender([900000, 910000])
    services.award_propose(lot=tender.lots.get(), by=officer)
    assert flags_of(tender)["EST_EQ"] == {"price": "900000.00", "estimate": "900000.00", "difference_percent": "0.0"}
    other, officer2, _ = opened_tender([600000, 610000, 620000])
    services.award_propose(lot=other.lots.get(), by=officer2)
    assert flags_of(other)["EST_FAR"]["difference_percent"] == "-33.3"


def test_no_flag_before_the_opening_and_none_shown_to_bidders(compliance_data):
    buyer, officer = buyer_with_officer()
    tender = published_tender(buyer, officer)
    sme, user = sme_with_member()
    submitted_bid(tender, sme, user, prices=(880000,))
    flags_recompute(tender_ids=[tender.pk])
    assert not RedFlag.objects.filter(tender=tender).exists()  # single bid, but the bids are sealed


def test_flags_are_audited_and_read_by_officers_admins_and_auditors(compliance_data):
    tender, officer, bidders = opened_tender([880000])
    flags_of(tender)
    entry = AuditEntry.objects.get(action="integrity.flags_changed", object_id=str(tender.pk))
    assert entry.changes[f"R018 lot {tender.lots.get().pk}"] == [None, {"tenderers": 1, "procedure": "open"}]
    auditor = with_platform_role(UserFactory(), "auditor")
    stranger_officer = buyer_with_officer()[1]
    assert selectors.flags_visible_to(user=auditor).filter(code="R018").exists()
    assert selectors.flags_visible_to(user=officer).filter(code="R018").exists()
    assert not selectors.flags_visible_to(user=stranger_officer).exists()
    assert not selectors.flags_visible_to(user=bidders[0][1]).exists()


def test_every_definition_says_where_it_comes_from():
    for definition in REGISTRY.values():
        assert definition.source
        assert definition.source_url.startswith("https://")
        assert definition.title
        assert definition.description
        assert definition.exclusions


def test_cancelling_after_the_opening_seals_the_flags_again(compliance_data):
    tender, officer, _bidders = opened_tender([880000])
    flags_of(tender)
    assert selectors.flags_visible_to(user=officer).exists()
    Tender.objects.filter(pk=tender.pk).update(state="cancelled")
    assert not selectors.flags_visible_to(user=officer).exists()
    assert not Award.objects.exists()
