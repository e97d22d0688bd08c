"""Running a self-assessment: start it, answer requirements and questions, attach evidence, submit it."""

from __future__ import annotations

from datetime import date

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from core.files import DOCUMENT_TYPES, check_upload, sha256_of
from organizations.audit import audit_record
from organizations.models import Organization, User
from organizations.services import validate_model

from ..models import (
    Answer,
    AnswerStatus,
    Assessment,
    AssessmentState,
    Evidence,
    Framework,
    Question,
    QuestionAnswer,
    Requirement,
)

EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
EVIDENCE_TYPES = DOCUMENT_TYPES
EDITABLE_STATES = {AssessmentState.DRAFT, AssessmentState.NEEDS_MORE}


def _locked(assessment: Assessment) -> Assessment:
    return Assessment.objects.select_for_update().get(pk=assessment.pk)


def _ensure_editable(assessment: Assessment) -> None:
    if assessment.state not in EDITABLE_STATES:
        raise ApplicationError(
            _("This assessment is %(state)s and cannot be changed.") % {"state": assessment.get_state_display()},
            code="assessment_locked",
        )


@transaction.atomic
def assessment_start(*, organization: Organization, framework: Framework, by: User) -> Assessment:
    """Open a new self-assessment; an organization has at most one open assessment per framework."""
    assessment = Assessment(organization=organization, framework=framework, created_by=by)
    try:
        validate_model(assessment)
        with transaction.atomic():
            assessment.save()
    except (ApplicationError, IntegrityError) as error:
        message = _("%(org)s already has an open assessment of %(framework)s. Continue that one.") % {
            "org": organization,
            "framework": framework.local_title,
        }
        raise ApplicationError(message, errors={"framework": [message]}, code="assessment_open") from error
    audit_record(
        actor=by,
        action="assessment.started",
        target=assessment,
        organization=organization,
        changes={"framework": [None, f"{framework.key} {framework.version}"]},
    )
    return assessment


def _requirement_of(assessment: Assessment, requirement: Requirement | int | str) -> Requirement:
    lookup = (
        {"pk": requirement.pk}
        if isinstance(requirement, Requirement)
        else ({"pk": requirement} if isinstance(requirement, int) else {"code": requirement})
    )
    found = Requirement.objects.filter(framework_id=assessment.framework_id, is_section=False, **lookup).first()
    if found is None:
        message = _("This requirement does not belong to the framework of this assessment.")
        raise ApplicationError(message, errors={"requirement": [message]})
    return found


def _save_question_answers(assessment: Assessment, requirement: Requirement, given: dict[str, list[str]]) -> None:
    questions = {q.code: q for q in Question.objects.filter(requirement=requirement).prefetch_related("choices")}
    for code, values in given.items():
        question = questions.get(code)
        if question is None:
            raise ApplicationError(
                _("Unknown question %(code)s.") % {"code": code},
                errors={"questions": [_("Unknown question %(code)s.") % {"code": code}]},
            )
        values = [str(v) for v in (values if isinstance(values, list) else [values])]
        allowed = {choice.value for choice in question.choices.all()}
        if not set(values) <= allowed or (question.kind == "single" and len(values) > 1):
            message = _("Answer %(code)s with one of: %(choices)s.") % {
                "code": code,
                "choices": ", ".join(sorted(allowed)),
            }
            raise ApplicationError(message, errors={"questions": [message]})
        QuestionAnswer.objects.update_or_create(assessment=assessment, question=question, defaults={"values": values})


@transaction.atomic
def assessment_answer(
    *,
    assessment: Assessment,
    requirement: Requirement | int | str,
    status: str,
    by: User,
    not_applicable_reason: str = "",
    notes: str = "",
    questions: dict[str, list[str]] | None = None,
) -> Answer:
    """Record the answer to one requirement (and its questions); the audit keeps the old status."""
    assessment = _locked(assessment)
    _ensure_editable(assessment)
    requirement = _requirement_of(assessment, requirement)
    if status not in AnswerStatus.values:
        raise ApplicationError(
            _("Unknown status."),
            errors={"status": [_("Choose one of: %(s)s.") % {"s": ", ".join(AnswerStatus.values)}]},
        )
    if status == AnswerStatus.NOT_APPLICABLE and not requirement.not_applicable_allowed:
        message = _("Requirement %(code)s applies to every organization.") % {"code": requirement.code}
        raise ApplicationError(message, errors={"status": [message]})
    if status == AnswerStatus.NOT_APPLICABLE and not not_applicable_reason.strip():
        message = _("Say why the requirement does not apply.")
        raise ApplicationError(message, errors={"not_applicable_reason": [message]})
    answer = Answer.objects.filter(assessment=assessment, requirement=requirement).first() or Answer(
        assessment=assessment, requirement=requirement
    )
    before = answer.status if answer.pk else None
    answer.status = status
    answer.not_applicable_reason = not_applicable_reason.strip() if status == AnswerStatus.NOT_APPLICABLE else ""
    answer.notes = notes
    answer.answered_by = by
    validate_model(answer)
    answer.save()
    if questions:
        _save_question_answers(assessment, requirement, questions)
    Assessment.objects.filter(pk=assessment.pk).update(updated_at=timezone.now())
    if before != status:
        audit_record(
            actor=by,
            action="assessment.answered",
            target=assessment,
            organization=assessment.organization,
            changes={requirement.code: [before, status]},
        )
    return answer


@transaction.atomic
def evidence_upload(
    *,
    assessment: Assessment,
    requirement: Requirement | int | str,
    upload: UploadedFile,
    effective_date: date,
    expires_on: date | None = None,
    replaces: Evidence | None = None,
    by: User,
) -> Evidence:
    """Store a private evidence file with its SHA-256; replacing one keeps the old version on record."""
    assessment = _locked(assessment)
    _ensure_editable(assessment)
    requirement = _requirement_of(assessment, requirement)
    name, content_type = check_upload(upload, max_bytes=EVIDENCE_MAX_BYTES)
    if expires_on is not None and expires_on <= effective_date:
        message = _("The expiry date must come after the effective date.")
        raise ApplicationError(message, errors={"expires_on": [message]})
    if replaces is not None and (
        replaces.assessment_id != assessment.pk
        or replaces.requirement_id != requirement.pk
        or hasattr(replaces, "superseded_by")
    ):
        message = _("Only the latest version of evidence on this requirement can be replaced.")
        raise ApplicationError(message, errors={"replaces": [message]})
    digest = sha256_of(upload)
    evidence = Evidence(
        organization=assessment.organization,
        assessment=assessment,
        requirement=requirement,
        original_name=name,
        content_type=content_type,
        size=upload.size,
        sha256=digest,
        effective_date=effective_date,
        expires_on=expires_on,
        version=(replaces.version + 1) if replaces else 1,
        supersedes=replaces,
        uploaded_by=by,
    )
    evidence.file.save(f"{digest[:16]}-{name}", upload, save=False)
    evidence.save()
    audit_record(
        actor=by,
        action="evidence.uploaded",
        target=evidence,
        organization=assessment.organization,
        changes={
            "requirement": [None, requirement.code],
            "sha256": [None, evidence.sha256],
            "version": [None, evidence.version],
        },
    )
    return evidence


@transaction.atomic
def assessment_submit(*, assessment: Assessment, by: User) -> Assessment:
    """Send the assessment for the plausibility check; every requirement must be answered first."""
    from ..selectors import assessment_score
    from .badges import badge_issue

    assessment = _locked(assessment)
    _ensure_editable(assessment)
    report = assessment_score(assessment=assessment)
    if report.answered < report.total:
        message = _("Answer every requirement before submitting: %(left)d of %(total)d are still open.") % {
            "left": report.total - report.answered,
            "total": report.total,
        }
        raise ApplicationError(message, code="assessment_incomplete")
    before = assessment.state
    assessment.state = AssessmentState.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.save(update_fields=["state", "submitted_at", "updated_at"])
    audit_record(
        actor=by,
        action="assessment.submitted",
        target=assessment,
        organization=assessment.organization,
        changes={"state": [before, assessment.state], "score": [None, str(report.score)]},
    )
    # The self-assessed badge shows the result at once, marked as not yet checked.
    badge_issue(assessment=assessment, level="self_assessed", score=report.score, by=by)
    return assessment
