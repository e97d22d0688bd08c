"""Words written without the reader there (a bid excluded at the opening, a saved search's daily digest) reach
each reader in their own language and time zone, not in the language of whoever or whatever caused them."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import translation

from marketplace import services
from marketplace.matching.saved_searches import saved_search_create, saved_search_digests_send
from marketplace.models import Bid, Tender
from marketplace.tasks import match_tender
from organizations.models import MembershipRole, Notification
from tests.marketplace.factories import (
    buyer_with_officer,
    pass_deadline,
    published_tender,
    sme_with_member,
    submitted_bid,
)
from tests.marketplace.test_services_listings import listing
from tests.organizations.factories import UserFactory, member_of, with_platform_role

pytestmark = pytest.mark.django_db

GERMAN_REASON = "Das Angebot wurde nach der Änderung der Ausschreibung nicht erneut bestätigt."
ENGLISH_REASON = "The bid was not reconfirmed after the tender was amended."


@pytest.fixture
def excluded(cpv, compliance_data):
    """An English officer amends; the bid of a company with a German and an English member is not reconfirmed."""
    buyer, officer = buyer_with_officer()
    officer.language = "en"
    officer.save()
    sme, german = sme_with_member(country="DE")
    german.language = "de"
    german.save()
    english = member_of(sme, MembershipRole.MEMBER)
    english.language = "en"
    english.save()
    tender = published_tender(buyer, officer)
    submitted_bid(tender, sme, german)
    services.tender_update(tender=tender, by=officer, description="Changed", reason="Scope")
    with translation.override("en"):  # the opening job runs in the worker's language
        pass_deadline(tender)
    return tender, german, english


def test_an_exclusion_reason_reaches_each_member_in_their_language(excluded):
    tender, german, english = excluded
    notes = {n.recipient_id: n for n in Notification.objects.filter(subject__regex="excluded|ausgeschlossen")}
    assert notes[german.pk].subject == f"Ihr Angebot zu {tender.title} wurde ausgeschlossen"
    assert notes[german.pk].body == GERMAN_REASON
    assert notes[english.pk].subject == f"Your bid on {tender.title} was excluded"
    assert notes[english.pk].body == ENGLISH_REASON


@pytest.mark.parametrize(
    ("language", "reason", "other"), [("de", GERMAN_REASON, ENGLISH_REASON), ("en", ENGLISH_REASON, GERMAN_REASON)]
)
def test_the_tender_page_and_the_api_give_the_reason_in_the_readers_language(client, excluded, language, reason, other):
    tender, german, english = excluded
    reader = german if language == "de" else english
    client.force_login(reader)
    page = client.get(reverse("marketplace:tender-detail", args=[tender.pk])).content.decode()
    assert reason in page
    assert other not in page
    bid = Bid.objects.get(tender=tender)
    assert client.get(f"/api/v1/marketplace/bids/{bid.pk}/").json()["exclusion_reason"] == reason


def test_a_daily_digest_lists_its_tenders_in_the_readers_language_and_zone(cpv, compliance_data):
    buyer, officer = buyer_with_officer()
    sme, member = sme_with_member(country="DE")
    listing(sme, member)
    english = member_of(sme, MembershipRole.MEMBER)
    for user, language, zone in [(member, "de", "Europe/Berlin"), (english, "en", "Europe/Lisbon")]:
        user.language, user.time_zone = language, zone
        user.save()
        saved_search_create(
            user=user, organization=sme, name="Täglich", cpv_codes=["63000000"], min_score=10, frequency="daily"
        )
    tender = published_tender(buyer, officer)
    deadline = datetime(2027, 1, 15, 11, 30, tzinfo=ZoneInfo("UTC"))
    Tender.objects.filter(pk=tender.pk).update(submission_deadline=deadline, opening_at=deadline + timedelta(hours=1))
    match_tender(tender.pk)  # matching, then the saved-search hits
    with translation.override("en"):
        assert saved_search_digests_send() == 2
    german = Notification.objects.get(recipient=member, subject__contains="Täglich").body
    assert german.startswith(f"{tender.title} — Punktzahl ")
    assert german.endswith("Angebotsfrist: 15.01.2027, 12:30")
    english_body = Notification.objects.get(recipient=english, subject__contains="Täglich").body
    assert english_body.startswith(f"{tender.title} — score ")
    assert english_body.endswith("bids due 15 Jan 2027, 11:30")


@pytest.mark.parametrize(
    ("language", "reason", "label"),
    [("de", GERMAN_REASON, "Angebot ausgeschlossen"), ("en", ENGLISH_REASON, "Bid excluded")],
)
def test_the_audit_log_gives_the_exclusion_in_the_readers_language(client, excluded, language, reason, label):
    client.force_login(with_platform_role(UserFactory(language=language), "platform_admin"))
    page = client.get(reverse("audit-log")).content.decode()
    row = next(row for row in page.split("<tr>") if 'data-action="bid.excluded"' in row)
    assert label in row
    assert reason in row
