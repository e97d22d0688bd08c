"""Tenders: validation on create, two-step publishing, amendments, cancellation and deadline-driven states."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.api.errors import status_for
from core.errors import ApplicationError
from marketplace import services
from marketplace.models import Amendment, Bid, Tender
from organizations.models import AuditEntry, Notification
from tests.marketplace.factories import (
    buyer_with_officer,
    pass_deadline,
    published_tender,
    sme_with_member,
    submitted_bid,
    tender_data,
)
from tests.organizations.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def buyer(compliance_data):
    return buyer_with_officer()


def test_deadlines_in_the_past_or_out_of_order_are_refused_with_the_server_time(buyer):
    org, officer = buyer
    now = timezone.now()
    with pytest.raises(ApplicationError) as past:
        services.tender_create(buyer=org, by=officer, **tender_data(enquiry_deadline=now - timedelta(hours=1)))
    assert "it is now" in past.value.errors["enquiry_deadline"][0]
    with pytest.raises(ApplicationError) as order:
        services.tender_create(
            buyer=org,
            by=officer,
            **tender_data(
                enquiry_deadline=now + timedelta(days=20),
                submission_deadline=now + timedelta(days=10),
                opening_at=now + timedelta(days=11),
            ),
        )
    assert "enquiry_deadline" in order.value.errors
    assert not Tender.objects.exists()


def test_lot_without_cpv_and_weights_not_summing_to_100_are_refused(buyer):
    org, officer = buyer
    with pytest.raises(ApplicationError) as no_cpv:
        services.tender_create(buyer=org, by=officer, **tender_data(lots=1) | {"lots": [{"title": "No code"}]})
    assert "lots.0.cpv" in no_cpv.value.errors
    with pytest.raises(ApplicationError) as weights:
        services.tender_create(
            buyer=org,
            by=officer,
            **tender_data(
                method="best_value",
                criteria=[
                    {"name": "Price", "kind": "price", "weight": 60},
                    {"name": "Quality", "kind": "quality", "weight": 30},
                ],
            ),
        )
    assert "add up to 90" in weights.value.errors["criteria"][0]
    assert not Tender.objects.exists()


def test_only_procurement_officers_of_the_buyer_post_tenders(buyer):
    org, _officer = buyer
    with pytest.raises(ApplicationError) as refused:
        services.tender_create(buyer=org, by=UserFactory(), **tender_data())
    assert status_for(refused.value.code) == 403


def test_publishing_is_a_second_step_and_happens_once(buyer):
    org, officer = buyer
    tender = services.tender_create(buyer=org, by=officer, **tender_data())
    assert tender.state == "draft"
    services.tender_publish(tender=tender, by=officer)
    with pytest.raises(ApplicationError) as again:
        services.tender_publish(tender=tender, by=officer)
    assert again.value.code == "invalid_state"
    assert AuditEntry.objects.filter(action="tender.published").count() == 1


def test_stale_version_is_refused(buyer):
    org, officer = buyer
    tender = services.tender_create(buyer=org, by=officer, **tender_data())
    services.tender_update(tender=tender, by=officer, title="New title", expected_version=tender.version)
    with pytest.raises(ApplicationError) as stale:
        services.tender_update(tender=tender, by=officer, title="Other", expected_version=tender.version)
    assert status_for(stale.value.code) == 412


def test_amendment_needs_a_reason_and_asks_bidders_to_reconfirm(buyer):
    org, officer = buyer
    tender = published_tender(org, officer)
    sme, member = sme_with_member()
    bid = submitted_bid(tender, sme, member)
    with pytest.raises(ApplicationError):
        services.tender_update(tender=tender, by=officer, description="More detail")
    services.tender_update(tender=tender, by=officer, description="More detail", reason="Clarified the scope")
    bid.refresh_from_db()
    assert bid.state == "to_reconfirm"
    assert Amendment.objects.get(tender=tender).changes["description"][1] == "More detail"
    assert Notification.objects.filter(recipient=member, subject__startswith="Tender amended").exists()
    services.bid_submit(bid=bid, by=member)  # reconfirming
    bid.refresh_from_db()
    assert bid.state == "submitted"


def test_deadlines_move_states_exactly_once(buyer):
    org, officer = buyer
    tender = published_tender(org, officer)
    sme, member = sme_with_member()
    submitted_bid(tender, sme, member)
    Tender.objects.filter(pk=tender.pk).update(enquiry_deadline=timezone.now() - timedelta(minutes=1))
    assert services.tenders_advance()["tendering"] == 1
    assert services.tenders_advance()["tendering"] == 0
    tender = pass_deadline(tender)
    assert tender.state == "evaluation"
    assert services.tenders_advance() == {"tendering": 0, "evaluation": 0, "unsuccessful": 0}
    assert AuditEntry.objects.filter(action="tender.bids_opened", object_id=str(tender.pk)).count() == 1


def test_tender_without_bids_is_unsuccessful_at_the_deadline(buyer):
    org, officer = buyer
    tender = pass_deadline(published_tender(org, officer))
    assert tender.state == "unsuccessful"
    assert set(tender.lots.values_list("state", flat=True)) == {"unsuccessful"}


def test_unreconfirmed_bid_is_excluded_at_opening(buyer):
    org, officer = buyer
    tender = published_tender(org, officer)
    first, first_member = sme_with_member()
    second, second_member = sme_with_member()
    submitted_bid(tender, first, first_member)
    submitted_bid(tender, second, second_member)
    services.tender_update(tender=tender, by=officer, description="Changed", reason="Scope")
    services.bid_submit(bid=Bid.objects.get(bidder=second), by=second_member)
    pass_deadline(tender)
    assert Bid.objects.get(bidder=first).state == "excluded"
    assert Bid.objects.get(bidder=second).state == "submitted"


def test_cancelling_needs_a_reason_and_notifies_bidders(buyer):
    org, officer = buyer
    tender = published_tender(org, officer)
    sme, member = sme_with_member()
    submitted_bid(tender, sme, member)
    with pytest.raises(ApplicationError):
        services.tender_cancel(tender=tender, reason=" ", by=officer)
    services.tender_cancel(tender=tender, reason="Budget withdrawn", by=officer)
    tender.refresh_from_db()
    assert tender.state == "cancelled"
    assert Notification.objects.filter(recipient=member, subject__startswith="Tender cancelled").exists()
