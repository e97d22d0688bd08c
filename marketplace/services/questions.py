"""Questions and answers during the enquiry period; answers are public, askers stay anonymous."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from core.formatting import format_datetime
from organizations.audit import audit_record
from organizations.models import Organization, User
from organizations.notifications import notify_organizations
from organizations.permissions import is_member

from ..eligibility import eligibility_problems
from ..models import Lot, Question, Tender, TenderState
from .shared import ensure_officer_of, tender_link


@transaction.atomic
def question_ask(*, tender: Tender, asker: Organization, text: str, by: User, lot: Lot | None = None) -> Question:
    if not is_member(by, asker.pk):
        raise ApplicationError(_("You can only ask for an organization you belong to."), code="permission_denied")
    tender = Tender.objects.select_related("buyer").get(pk=tender.pk)
    if tender.state != TenderState.PUBLISHED or tender.enquiry_deadline <= timezone.now():
        raise ApplicationError(
            _("The question period ended on %(d)s (it is now %(now)s).")
            % {"d": format_datetime(tender.enquiry_deadline), "now": format_datetime(timezone.now())},
            code="enquiries_closed",
        )
    problems = eligibility_problems(organization=asker, tender=tender)
    if problems:
        raise ApplicationError(problems[0], code="not_eligible")
    if not (text or "").strip():
        raise ApplicationError(_("Write your question."), errors={"text": [_("Required.")]})
    if lot is not None and lot.tender_id != tender.pk:
        raise ApplicationError(_("This lot belongs to another tender."), errors={"lot": [_("Wrong lot.")]})
    question = Question.objects.create(tender=tender, lot=lot, asked_by=asker, text=text.strip())
    audit_record(actor=by, action="question.asked", target=question, organization=asker)
    return question


@transaction.atomic
def question_answer(*, question: Question, answer: str, by: User) -> Question:
    question = Question.objects.select_for_update().select_related("tender__buyer").get(pk=question.pk)
    ensure_officer_of(user=by, buyer=question.tender.buyer)
    if not (answer or "").strip():
        raise ApplicationError(_("Write the answer."), errors={"answer": [_("Required.")]})
    before = question.answer
    question.answer, question.answered_at, question.answered_by = answer.strip(), timezone.now(), by
    question.save(update_fields=["answer", "answered_at", "answered_by"])
    audit_record(
        actor=by,
        action="question.answered",
        target=question,
        organization=question.tender.buyer,
        changes={"answer": [before or None, question.answer]},
    )
    notify_organizations(
        organizations=[question.asked_by],
        link=tender_link(question.tender),
        subject=lambda: _("Your question on %(t)s was answered") % {"t": question.tender.title},
    )
    return question
