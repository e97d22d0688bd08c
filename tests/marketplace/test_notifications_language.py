"""A notification and its mail speak the recipient's language and name moments in the recipient's time zone,
whatever language the person who caused it was using."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse

from marketplace import services
from marketplace.models import Match, Tender
from organizations.models import MembershipRole, Notification
from tests.marketplace.factories import buyer_with_officer, published_tender, sme_with_member
from tests.organizations.factories import member_of

pytestmark = pytest.mark.django_db

DEADLINE = datetime(2027, 1, 15, 11, 30, tzinfo=ZoneInfo("UTC"))


def _by_email():
    return {n.recipient.email: n for n in Notification.objects.select_related("recipient")}


@pytest.mark.parametrize("officer_language", ["en", "de"])
def test_an_invitation_to_bid_reaches_each_member_in_their_language_and_zone(
    client, officer_language, django_capture_on_commit_callbacks
):
    buyer, officer = buyer_with_officer()
    officer.language = officer_language
    officer.save()
    sme, german = sme_with_member(legal_name="Hafen Lager GmbH", country="DE")
    german.language, german.time_zone = "de", "Europe/Berlin"
    german.save()
    english = member_of(sme, MembershipRole.MEMBER)
    english.language, english.time_zone = "en", "Europe/Lisbon"
    english.save()
    tender = published_tender(buyer, officer)
    Tender.objects.filter(pk=tender.pk).update(submission_deadline=DEADLINE, opening_at=DEADLINE + timedelta(hours=1))
    Match.objects.create(tender=tender, lot=tender.lots.first(), organization=sme, score=80)
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("marketplace:tender-invite", args=[tender.pk, sme.pk]))
    assert response.status_code == 302
    notes = _by_email()
    assert notes[german.email].subject == f"Aufforderung zur Angebotsabgabe: {tender.title}"
    assert notes[german.email].body.endswith("Angebotsfrist: 15.01.2027, 12:30.")
    assert notes[english.email].subject == f"Invitation to bid: {tender.title}"
    assert notes[english.email].body.endswith("Bids are due 15 Jan 2027, 11:30.")
    mails = {m.to[0]: m for m in mail.outbox}
    assert mails[german.email].subject.startswith("Aufforderung zur Angebotsabgabe")
    assert "15.01.2027, 12:30" in mails[german.email].body
    assert "15 Jan 2027, 11:30" in mails[english.email].body


def test_an_english_buyers_answer_reaches_a_german_bidder_in_german(client):
    buyer, officer = buyer_with_officer()
    officer.language = "en"
    officer.save()
    sme, german = sme_with_member(country="DE")
    german.language = "de"
    german.save()
    tender = published_tender(buyer, officer)
    question = services.question_ask(tender=tender, asker=sme, by=german, text="Is rail access available?")
    services.question_answer(question=question, answer="Yes, on site.", by=officer)
    assert _by_email()[german.email].subject == f"Ihre Frage zu {tender.title} wurde beantwortet"
