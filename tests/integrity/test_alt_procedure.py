"""Abnormally low tenders: flagged after the opening by the buyer's rule, explained by the bidder on request,
decided by the officer with reasons; the award waits for the procedure (Directive 2014/24/EU Art. 69)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.api.errors import status_for
from core.errors import ApplicationError
from marketplace import services
from marketplace.integrity import selectors
from marketplace.integrity import services as integrity
from marketplace.integrity.compute import flags_recompute
from marketplace.integrity.models import AltCase, AltState, RedFlag
from organizations.models import AuditEntry
from tests.integrity.factories import opened_tender
from tests.marketplace.factories import buyer_with_officer

pytestmark = pytest.mark.django_db


@pytest.fixture
def flagged(compliance_data):
    """Three valid offers; 700 lies 31.7 % below the mean of the others (1025)."""
    tender, officer, bidders = opened_tender([1000, 1050, 700])
    flags_recompute(tender_ids=[tender.pk])
    return tender, officer, bidders, AltCase.objects.get()


def test_offer_far_below_the_mean_of_the_others_is_flagged_with_its_figures(flagged):
    tender, _officer, bidders, case = flagged
    assert case.offer.bid == bidders[2][2]
    assert case.state == AltState.FLAGGED
    assert case.figures == {
        "price": "700.00",
        "basis": "mean_of_others",
        "reference": "1025.00",
        "below_percent": "31.7",
        "threshold_percent": "20",
        "valid_offers": 3,
    }
    assert RedFlag.objects.filter(code="ALT", tender=tender).count() == 1


def test_with_fewer_than_three_offers_the_estimate_is_the_reference(compliance_data):
    tender, _officer, _bidders = opened_tender([950000, 600000])  # estimate 900 000 (single lot: the tender's)
    flags_recompute(tender_ids=[tender.pk])
    case = AltCase.objects.get()
    assert case.figures["basis"] == "estimate"
    assert case.figures["price"] == "600000.00"
    assert case.figures["below_percent"] == "33.3"


def test_the_buyer_sets_a_stricter_threshold(compliance_data):
    buyer = buyer_with_officer()
    integrity.integrity_settings_set(buyer=buyer[0], by=buyer[1], threshold_percent=Decimal(40))
    tender, _officer, _bidders = opened_tender([1000, 1050, 700], buyer=buyer)
    flags_recompute(tender_ids=[tender.pk])
    assert not AltCase.objects.exists()


def test_award_waits_for_the_procedure(flagged):
    tender, officer, _bidders, _case = flagged
    with pytest.raises(ApplicationError) as refused:
        services.award_propose(lot=tender.lots.get(), by=officer)
    assert refused.value.code == "alt_procedure_open"
    assert "abnormally low" in refused.value.message


def test_award_guard_computes_the_flag_even_before_the_task_ran(compliance_data):
    tender, officer, _bidders = opened_tender([1000, 1050, 700])
    AltCase.objects.all().delete()
    with pytest.raises(ApplicationError) as refused:
        services.award_propose(lot=tender.lots.get(), by=officer)
    assert refused.value.code == "alt_procedure_open"


def test_offer_cannot_be_rejected_without_asking_the_bidder(flagged):
    _tender, officer, _bidders, case = flagged
    with pytest.raises(ApplicationError) as refused:
        integrity.alt_decide(case=case, accept=False, reason="Too cheap.", by=officer)
    assert refused.value.code == "explanation_required"


def test_request_answer_accept_then_the_low_offer_wins(flagged):
    tender, officer, bidders, case = flagged
    _sme, user, bid = bidders[2]
    integrity.alt_request_send(
        case=case, text="Explain your labour costs.", by=officer, respond_by=timezone.now() + timedelta(days=5)
    )
    upload = SimpleUploadedFile("costs.pdf", b"%PDF-1.4 cost breakdown", content_type="application/pdf")
    integrity.alt_answer(case=case, text="We own the warehouse; no rent.", by=user, uploads=[upload])
    case.refresh_from_db()
    assert case.state == AltState.ANSWERED
    assert case.documents.count() == 1
    integrity.alt_decide(case=case, accept=True, reason="Own premises explain the price.", by=officer)
    award = services.award_propose(lot=tender.lots.get(), by=officer)
    assert award.offer.bid == bid
    actions = set(AuditEntry.objects.filter(action__startswith="alt_case.").values_list("action", flat=True))
    assert actions == {"alt_case.requested", "alt_case.answered", "alt_case.accepted"}


def test_rejected_offer_is_passed_over_at_the_award(flagged):
    tender, officer, bidders, case = flagged
    integrity.alt_request_send(case=case, text="Explain.", by=officer, respond_by=timezone.now() + timedelta(days=5))
    integrity.alt_answer(case=case, text="We can.", by=bidders[2][1])
    integrity.alt_decide(case=case, accept=False, reason="No cost breakdown given.", by=officer)
    award = services.award_propose(lot=tender.lots.get(), by=officer)
    assert award.offer.bid == bidders[0][2]  # 1000, the next lowest
    case.refresh_from_db()
    assert case.decision_reason == "No cost breakdown given."


def test_unanswered_request_is_rejected_only_after_its_deadline(flagged):
    _tender, officer, bidders, case = flagged
    integrity.alt_request_send(case=case, text="Explain.", by=officer, respond_by=timezone.now() + timedelta(days=5))
    with pytest.raises(ApplicationError) as refused:
        integrity.alt_decide(case=case, accept=False, reason="No answer.", by=officer)
    assert refused.value.code == "explanation_pending"
    AltCase.objects.filter(pk=case.pk).update(respond_by=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ApplicationError) as late:
        integrity.alt_answer(case=case, text="Sorry, late.", by=bidders[2][1])
    assert late.value.code == "deadline_passed"
    assert integrity.alt_decide(case=case, accept=False, reason="No answer.", by=officer).state == AltState.REJECTED


def test_bidder_sees_its_case_only_once_asked_and_competitors_never(flagged):
    _tender, officer, bidders, case = flagged
    low_user, competitor = bidders[2][1], bidders[0][1]
    assert not selectors.alt_cases_visible_to(user=low_user).exists()
    integrity.alt_request_send(case=case, text="Explain.", by=officer, respond_by=timezone.now() + timedelta(days=5))
    assert list(selectors.alt_cases_visible_to(user=low_user)) == [case]
    assert not selectors.alt_cases_visible_to(user=competitor).exists()
    assert not selectors.flags_visible_to(user=low_user).exists()
    assert not selectors.flags_visible_to(user=competitor).exists()
    assert selectors.flags_visible_to(user=officer).filter(code="ALT").count() == 1


def test_only_the_bidder_answers_and_only_officers_ask(flagged):
    _tender, officer, bidders, case = flagged
    with pytest.raises(ApplicationError) as refused:
        integrity.alt_request_send(case=case, text="x", by=bidders[0][1], respond_by=timezone.now() + timedelta(1))
    assert status_for(refused.value.code) == 403
    integrity.alt_request_send(case=case, text="x", by=officer, respond_by=timezone.now() + timedelta(days=1))
    with pytest.raises(ApplicationError) as other:
        integrity.alt_answer(case=case, text="not mine", by=bidders[0][1])
    assert status_for(other.value.code) == 403
