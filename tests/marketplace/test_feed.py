"""The change feed: a cursor on every page, `since`, cancellations and deletions as events, never a draft,
and a follower that sees every change exactly once while writers commit concurrently and out of order.

The tests commit (transaction=True): one transaction is one change, so a test inside a single transaction
would see one event per tender."""

import random
import threading
import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.utils import timezone
from rest_framework.test import APIClient

from marketplace import services
from marketplace.models import Bid, CapacityListing, ChangeEvent, Tender
from tests.marketplace.factories import (
    buyer_with_officer,
    pass_deadline,
    published_tender,
    sme_with_member,
    submitted_bid,
    tender_data,
)
from tests.marketplace.test_services_listings import listing
from tests.organizations.factories import OrganizationFactory, member_of

FEED = "/api/v1/marketplace/feed/"


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def follow(client, url=FEED, **params):
    """Read pages until one is empty; every event read, and the last page's `next`."""
    seen, page = [], client.get(url, params).json()
    while page["results"]:
        seen += page["results"]
        page = client.get(page["next"]).json()
    return seen, page["next"]


@pytest.mark.django_db(transaction=True)
def test_feed_has_a_cursor_on_every_page_and_never_shows_a_draft(compliance_data, cpv):
    buyer, officer = buyer_with_officer()
    tender = published_tender(buyer, officer)
    draft = services.tender_create(buyer=buyer, by=officer, **tender_data(title="Draft tender"))
    services.tender_update(tender=draft, by=officer, title="Still a draft")
    client = api(officer)  # the buyer, who may see the draft elsewhere, does not get it in the feed
    seen, last_next = follow(client, page_size=1)
    assert [(e["kind"], e["tender_id"]) for e in seen] == [("published", tender.pk)]
    assert seen[0]["tender"]["id"] == tender.pk
    assert seen[0]["tender"]["state"] == "published"

    empty = client.get(last_next).json()
    assert empty["results"] == []
    assert empty["next"] == last_next
    services.tender_update(
        tender=Tender.objects.get(pk=tender.pk), by=officer, reason="More detail", description="Longer text"
    )
    services.tender_cancel(tender=Tender.objects.get(pk=tender.pk), reason="No budget", by=officer)
    later, _ = follow(client, last_next)
    assert [e["kind"] for e in later] == ["updated", "cancelled"]
    assert later[1]["tender"]["state"] == "cancelled"


@pytest.mark.django_db(transaction=True)
def test_deletion_is_an_event_with_no_tender(compliance_data, cpv):
    buyer, officer = buyer_with_officer()
    tender = published_tender(buyer, officer)
    pk = tender.pk
    Tender.objects.filter(pk=pk).delete()  # only the admin site deletes a published tender
    seen, _ = follow(api(member_of(OrganizationFactory())))
    assert [(e["kind"], e["tender_id"], e["tender"]) for e in seen] == [("published", pk, None), ("deleted", pk, None)]


@pytest.mark.django_db(transaction=True)
def test_since_starts_with_the_changes_made_at_or_after_it(compliance_data, cpv):
    buyer, officer = buyer_with_officer()
    old = published_tender(buyer, officer)
    ChangeEvent.objects.filter(tender_id=old.pk).update(occurred_at=timezone.now() - timedelta(days=2))
    new = published_tender(buyer, officer)
    client = api(officer)
    since = (timezone.now() - timedelta(days=1)).isoformat()
    seen, _ = follow(client, since=since)
    assert [e["tender_id"] for e in seen] == [new.pk]
    bad = client.get(FEED, {"since": "yesterday"})
    assert bad.status_code == 400
    assert "since" in bad.json()["errors"]
    broken = client.get(FEED, {"cursor": "not-a-cursor"})
    assert broken.status_code == 400
    assert broken.json()["errors"] == {"cursor": ["Not a cursor this feed gave out."]}


def _subjects(events):
    return [(e["subject"], e["kind"], e["subject_id"]) for e in events]


@pytest.mark.django_db(transaction=True)
def test_listings_are_events_and_a_restricted_listing_reaches_only_its_provider(compliance_data, cpv):
    provider, member = sme_with_member()
    draft = listing(provider, member, publish=False, title="Draft storage")
    public = listing(provider, member)
    restricted = listing(
        provider, member, visibility="partners", visible_to_partners=[OrganizationFactory()], title="Only for partners"
    )
    services.listing_update(listing=CapacityListing.objects.get(pk=public.pk), by=member, title="Cold storage")
    services.listing_transition(listing=CapacityListing.objects.get(pk=public.pk), action="pause", by=member)
    services.listings_reindex(CapacityListing.objects.filter(pk=public.pk))  # search upkeep is no change to follow
    CapacityListing.objects.filter(pk=restricted.pk).delete()

    stranger, _ = follow(api(member_of(OrganizationFactory())))
    assert _subjects(stranger) == [
        ("listing", "published", public.pk),
        ("listing", "updated", public.pk),
        ("listing", "updated", public.pk),
    ]
    assert stranger[0]["listing"] is None
    assert stranger[0]["tender"] is None
    assert draft.pk not in {e["subject_id"] for e in stranger}
    own, _ = follow(api(member))
    assert _subjects(own) == [
        ("listing", "published", public.pk),
        ("listing", "published", restricted.pk),
        ("listing", "updated", public.pk),
        ("listing", "updated", public.pk),
        ("listing", "deleted", restricted.pk),
    ]
    assert own[0]["listing"]["title"] == "Cold storage"
    assert own[0]["listing"]["state"] == "paused"


@pytest.mark.django_db(transaction=True)
def test_a_bid_withdrawal_reaches_only_the_bidder_before_and_after_the_opening(compliance_data, cpv):
    buyer, officer = buyer_with_officer()
    tender = published_tender(buyer, officer)
    sme, member = sme_with_member()
    rival, rival_member = sme_with_member()
    withdrawn = services.bid_withdraw(bid=submitted_bid(tender, sme, member), by=member)
    submitted_bid(tender, rival, rival_member)
    kept = submitted_bid(tender, sme, member, prices=(Decimal("800"),))
    pass_deadline(tender)
    Bid.objects.filter(pk=kept.pk).delete()  # only the admin site deletes a submitted bid

    for outsider in (officer, rival_member, member_of(OrganizationFactory())):
        seen, _ = follow(api(outsider))
        assert {e["subject"] for e in seen} == {"tender"}, outsider  # no trace of a bid, not even its id
    seen, _ = follow(api(member))
    bids = [(e["kind"], e["subject_id"], e["tender_id"], e["tender"]) for e in seen if e["subject"] == "bid"]
    assert bids == [("withdrawn", withdrawn.pk, tender.pk, None), ("deleted", kept.pk, tender.pk, None)]


def _write_in_own_transaction(work):
    try:
        work()
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_a_follower_sees_every_change_exactly_once_under_concurrent_writers(compliance_data, cpv):
    buyer, officer = buyer_with_officer()
    tenders = [published_tender(buyer, officer) for _ in range(4)]
    provider, member = sme_with_member()
    # Security services: no tender here wants them, so matching never touches (and waits for) a tender row.
    listings = [
        listing(provider, member, title=f"Guarding {n}", kind="security", cpv_codes=["79710000"]) for n in range(2)
    ]
    reader = api(officer)

    # A transaction that writes first and commits last: a cursor must not pass its change.
    late_written, release = threading.Event(), threading.Event()

    def late_writer():
        with transaction.atomic():
            services.tender_update(
                tender=Tender.objects.get(pk=tenders[0].pk), by=officer, reason="Late", description="Committed last"
            )
            late_written.set()
            release.wait(300)  # a bound, not a timing: the writers below finish long before

    late = threading.Thread(target=_write_in_own_transaction, args=(late_writer,))
    late.start()
    assert late_written.wait(30)

    def writer(index):
        rng = random.Random(index)
        for step in range(8):
            tender = Tender.objects.get(pk=rng.choice(tenders[1:]).pk)
            services.tender_update(
                tender=tender, by=officer, reason=f"Writer {index}", description=f"Change {index}-{step}"
            )

    def listing_writer():
        rng = random.Random(7)
        for step in range(8):
            services.listing_update(
                listing=CapacityListing.objects.get(pk=rng.choice(listings).pk),
                by=member,
                description=f"Listing change {step}",
            )

    writers = [threading.Thread(target=_write_in_own_transaction, args=(lambda i=i: writer(i),)) for i in range(3)]
    writers.append(threading.Thread(target=_write_in_own_transaction, args=(listing_writer,)))
    for thread in writers:
        thread.start()

    seen, url = [], FEED + "?page_size=3"

    def poll():
        nonlocal url
        page = reader.get(url).json()
        seen.extend(event["id"] for event in page["results"])
        url = page["next"]
        return page["results"]

    while any(thread.is_alive() for thread in writers):
        poll()
        time.sleep(0.1)  # a follower polls politely (the API throttles), not as fast as it can
    for thread in writers:
        thread.join()
    poll()
    assert len(seen) == 4 + 2  # only the publications: the writers' changes wait behind the open transaction
    release.set()
    late.join()
    while poll():
        pass
    everything = list(ChangeEvent.objects.order_by("txid", "id").values_list("id", flat=True))
    assert len(everything) == 4 + 2 + 3 * 8 + 8 + 1  # each write its event, the late one included
    assert sorted(seen) == sorted(everything)
    assert len(seen) == len(set(seen))
