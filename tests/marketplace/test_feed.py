"""The change feed: a cursor on every page, `since`, cancellations and deletions as events, never a draft,
and a follower that sees every change exactly once while writers commit concurrently and out of order.

The tests commit (transaction=True): one transaction is one change, so a test inside a single transaction
would see one event per tender."""

import random
import threading
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone
from rest_framework.test import APIClient

from marketplace import services
from marketplace.models import ChangeEvent, Tender
from tests.marketplace.factories import buyer_with_officer, published_tender, tender_data
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
    assert seen[0]["tender"]["id"] == tender.pk and seen[0]["tender"]["state"] == "published"

    empty = client.get(last_next).json()
    assert empty["results"] == [] and empty["next"] == last_next  # resumable, also when nothing changed
    services.tender_update(tender=Tender.objects.get(pk=tender.pk), by=officer, reason="More detail",
                           description="Longer text")
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
    assert bad.status_code == 400 and "since" in bad.json()["errors"]
    broken = client.get(FEED, {"cursor": "not-a-cursor"})
    assert broken.status_code == 400 and broken.json()["errors"] == {"cursor": ["Not a cursor this feed gave out."]}


def _write_in_own_transaction(work):
    try:
        work()
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_a_follower_sees_every_change_exactly_once_under_concurrent_writers(compliance_data, cpv):
    buyer, officer = buyer_with_officer()
    tenders = [published_tender(buyer, officer) for _ in range(4)]
    reader = api(officer)

    # A transaction that writes first and commits last: a cursor must not pass its change.
    late_written, release = threading.Event(), threading.Event()

    def late_writer():
        with transaction.atomic():
            services.tender_update(tender=Tender.objects.get(pk=tenders[0].pk), by=officer, reason="Late",
                                   description="Committed last")
            late_written.set()
            release.wait(30)

    late = threading.Thread(target=_write_in_own_transaction, args=(late_writer,))
    late.start()
    assert late_written.wait(30)

    def writer(index):
        rng = random.Random(index)
        for step in range(8):
            tender = Tender.objects.get(pk=rng.choice(tenders[1:]).pk)
            services.tender_update(tender=tender, by=officer, reason=f"Writer {index}",
                                   description=f"Change {index}-{step}")

    writers = [threading.Thread(target=_write_in_own_transaction, args=(lambda i=i: writer(i),)) for i in range(3)]
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
    for thread in writers:
        thread.join()
    poll()
    assert len(seen) == 4  # only the publications: the writers' changes wait behind the open transaction
    release.set()
    late.join()
    while poll():
        pass
    everything = list(ChangeEvent.objects.order_by("txid", "id").values_list("id", flat=True))
    assert len(everything) == 4 + 3 * 8 + 1  # each write its event, the late one included
    assert sorted(seen) == sorted(everything) and len(seen) == len(set(seen))  # every change exactly once
