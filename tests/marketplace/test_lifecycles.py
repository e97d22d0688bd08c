"""The tender, lot, bid and award lifecycles are tables; the page's buttons, the services and the tables agree."""

from decimal import Decimal

import pytest
from django.urls import reverse

from core.api.errors import status_for
from core.errors import ApplicationError
from marketplace import services
from marketplace.models import (
    AWARD_TRANSITIONS,
    BID_TRANSITIONS,
    LOT_TRANSITIONS,
    TENDER_TRANSITIONS,
    AwardState,
    BidState,
    LotState,
    Tender,
    TenderState,
)
from organizations.models import AuditEntry
from tests.marketplace.factories import buyer_with_officer, published_tender, sme_with_member, submitted_bid

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("table", "states"),
    [
        (TENDER_TRANSITIONS, TenderState),
        (LOT_TRANSITIONS, LotState),
        (BID_TRANSITIONS, BidState),
        (AWARD_TRANSITIONS, AwardState),
    ],
)
def test_every_table_speaks_only_of_known_states(table, states):
    known = set(states.values)
    assert set(table) <= known
    assert set().union(*table.values()) <= known


@pytest.fixture
def tender(compliance_data):
    buyer, officer = buyer_with_officer()
    return published_tender(buyer, officer), officer


@pytest.mark.parametrize("state", TenderState.values)
def test_cancelling_succeeds_exactly_where_the_page_offers_it(client, tender, state):
    tender, officer = tender
    Tender.objects.filter(pk=tender.pk).update(state=state)
    tender.refresh_from_db()
    client.force_login(officer)
    page = client.get(reverse("marketplace:tender-detail", args=[tender.pk])).content.decode()
    offered = reverse("marketplace:tender-cancel", args=[tender.pk]) in page
    refusal = None
    try:
        services.tender_cancel(tender=tender, reason="Budget withdrawn", by=officer)
    except ApplicationError as error:
        refusal = status_for(error.code)
    assert refusal in {None, 409}
    assert offered == (refusal is None) == tender.can_be_cancelled


@pytest.mark.parametrize("state", TenderState.values)
def test_amending_succeeds_exactly_where_the_page_offers_it(client, tender, state):
    tender, officer = tender
    Tender.objects.filter(pk=tender.pk).update(state=state)
    tender.refresh_from_db()
    client.force_login(officer)
    page = client.get(reverse("marketplace:tender-detail", args=[tender.pk])).content.decode()
    offered = reverse("marketplace:tender-amend", args=[tender.pk]) in page
    refusal = None
    try:
        services.tender_update(tender=tender, by=officer, reason="Clarified", title="Storage, amended")
    except ApplicationError as error:
        refusal = status_for(error.code)
    assert refusal in {None, 409}
    assert offered == (refusal is None) == tender.can_be_amended


def test_a_bid_moves_only_along_its_table_and_each_move_is_audited(tender):
    tender, _officer = tender
    sme, member = sme_with_member()
    bid = submitted_bid(tender, sme, member, prices=(Decimal("880000"),))
    services.bid_withdraw(bid=bid, by=member)
    with pytest.raises(ApplicationError) as refused:
        services.bid_submit(bid=bid, by=member)
    assert status_for(refused.value.code) == 409
    moves = list(
        AuditEntry.objects.filter(object_id=str(bid.pk), action__startswith="bid.")
        .order_by("id")
        .values_list("action", "changes__state")
    )
    assert moves == [
        ("bid.created", None),
        ("bid.updated", [BidState.DRAFT, BidState.DRAFT]),
        ("bid.submitted", [BidState.DRAFT, BidState.SUBMITTED]),
        ("bid.withdrawn", [BidState.SUBMITTED, BidState.WITHDRAWN]),
    ]
