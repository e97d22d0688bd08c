"""Assessments: answering, live progress and score, evidence files, submission."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from compliance import selectors, services
from compliance.models import Evidence
from core.errors import ApplicationError
from organizations.models import AuditEntry, MembershipRole
from tests.compliance.factories import answered_assessment, mini_framework
from tests.organizations.factories import OrganizationFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def sme():
    organization = OrganizationFactory()
    return organization, member_of(organization, MembershipRole.ADMIN)


def test_progress_and_weighted_score_exclude_not_applicable(sme):
    organization, user = sme
    assessment = services.assessment_start(organization=organization, framework=mini_framework(), by=user)
    assert selectors.assessment_score(assessment=assessment).progress == 0
    services.assessment_answer(assessment=assessment, requirement="S1.1", status="compliant", by=user)  # weight 2
    services.assessment_answer(
        assessment=assessment,
        requirement="S1.2",
        status="not_applicable",
        by=user,
        not_applicable_reason="We keep no paper records",
    )
    services.assessment_answer(assessment=assessment, requirement="S2.2", status="partial", by=user)
    report = selectors.assessment_score(assessment=assessment)
    assert (report.answered, report.total, report.progress) == (3, 4, 75)
    # (2 x 1 + 1 x 0.5) / (2 + 1): the not-applicable requirement's weight leaves the score
    assert report.score == Decimal("83.3")
    assert [(s.code, s.score) for s in report.sections] == [("S1", Decimal("100.0")), ("S2", Decimal("50.0"))]


def test_question_points_count_half_and_dependent_questions_only_when_they_apply(sme):
    organization, user = sme
    assessment = services.assessment_start(organization=organization, framework=mini_framework(), by=user)
    services.assessment_answer(
        assessment=assessment,
        requirement="S1.1",
        status="compliant",
        by=user,
        questions={"S1.1-q1": ["never"], "S1.1-q2": ["management"]},
    )
    # q2 does not apply when q1 is "never": only q1 counts, 0 of 2 points → (1 + 0) / 2
    assert selectors.assessment_score(assessment=assessment).sections[0].score == Decimal("50.0")
    services.assessment_answer(
        assessment=assessment, requirement="S1.1", status="compliant", by=user, questions={"S1.1-q1": ["yearly"]}
    )
    # now q2 applies: 2 + 1 of 2 + 2 points → (1 + 0.75) / 2
    assert selectors.assessment_score(assessment=assessment).sections[0].score == Decimal("87.5")


def test_answer_to_a_requirement_of_another_framework_is_refused(sme):
    organization, user = sme
    assessment = services.assessment_start(organization=organization, framework=mini_framework(), by=user)
    with pytest.raises(ApplicationError) as refused:
        services.assessment_answer(assessment=assessment, requirement="A.5.1", status="compliant", by=user)
    assert "does not belong" in refused.value.errors["requirement"][0]


def test_not_applicable_needs_a_reason_and_must_be_allowed(sme):
    organization, user = sme
    assessment = services.assessment_start(organization=organization, framework=mini_framework(), by=user)
    with pytest.raises(ApplicationError) as no_reason:
        services.assessment_answer(assessment=assessment, requirement="S1.2", status="not_applicable", by=user)
    assert "why" in no_reason.value.errors["not_applicable_reason"][0].lower()
    with pytest.raises(ApplicationError) as not_allowed:
        services.assessment_answer(
            assessment=assessment, requirement="S1.1", status="not_applicable", by=user, not_applicable_reason="because"
        )
    assert "applies to every organization" in not_allowed.value.message


def test_invalid_question_answer_is_refused(sme):
    organization, user = sme
    assessment = services.assessment_start(organization=organization, framework=mini_framework(), by=user)
    with pytest.raises(ApplicationError) as refused:
        services.assessment_answer(
            assessment=assessment,
            requirement="S1.1",
            status="compliant",
            by=user,
            questions={"S1.1-q1": ["yearly", "never"]},
        )
    assert "one of" in refused.value.errors["questions"][0]


def test_second_open_assessment_of_the_same_framework_is_refused(sme):
    organization, user = sme
    services.assessment_start(organization=organization, framework=mini_framework(), by=user)
    with pytest.raises(ApplicationError) as refused:
        services.assessment_start(organization=organization, framework=mini_framework(), by=user)
    assert refused.value.code == "assessment_open"


def test_submit_needs_every_requirement_and_issues_a_self_assessed_badge(sme):
    organization, user = sme
    assessment = services.assessment_start(organization=organization, framework=mini_framework(), by=user)
    with pytest.raises(ApplicationError) as incomplete:
        services.assessment_submit(assessment=assessment, by=user)
    assert "4 of 4" in incomplete.value.message
    assessment = answered_assessment(OrganizationFactory(), user)
    services.assessment_submit(assessment=assessment, by=user)
    badge = assessment.badges.get()
    assert badge.level == "self_assessed"
    # a self-assessed badge never counts as checked
    assert not selectors.organization_has_badge(organization=assessment.organization, kind="defence_ready")
    assert selectors.organization_has_badge(
        organization=assessment.organization, kind="defence_ready", checked_only=False
    )
    with pytest.raises(ApplicationError):  # submitted assessments are locked
        services.assessment_answer(assessment=assessment, requirement="S2.2", status="partial", by=user)
    assert AuditEntry.objects.filter(action="assessment.submitted").exists()


def _pdf(name="policy.pdf", size=100):
    return SimpleUploadedFile(name, b"%PDF-1.4\n" + b"x" * size, content_type="application/pdf")


def test_evidence_is_hashed_versioned_and_keeps_old_versions(sme, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    organization, user = sme
    assessment = services.assessment_start(organization=organization, framework=mini_framework(), by=user)
    first = services.evidence_upload(
        assessment=assessment, requirement="S1.1", upload=_pdf(), effective_date=date(2026, 1, 1), by=user
    )
    import hashlib

    assert first.sha256 == hashlib.sha256(b"%PDF-1.4\n" + b"x" * 100).hexdigest()
    second = services.evidence_upload(
        assessment=assessment,
        requirement="S1.1",
        upload=_pdf(size=50),
        effective_date=date(2026, 6, 1),
        expires_on=date(2027, 6, 1),
        replaces=first,
        by=user,
    )
    assert second.version == 2
    assert second.supersedes == first
    assert Evidence.objects.filter(assessment=assessment).count() == 2
    assert not str(first.file.path).startswith(str(settings.STATIC_ROOT))
    with pytest.raises(ApplicationError):  # only the latest version can be replaced
        services.evidence_upload(
            assessment=assessment,
            requirement="S1.1",
            upload=_pdf(),
            effective_date=date(2026, 6, 1),
            replaces=first,
            by=user,
        )


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (SimpleUploadedFile("tool.exe", b"MZ..."), "file_type"),
        (SimpleUploadedFile("big.pdf", b"x" * (10 * 1024 * 1024 + 1)), "file_too_large"),
    ],
)
def test_evidence_type_and_size_limits_give_clear_errors(sme, settings, tmp_path, upload, code):
    settings.MEDIA_ROOT = tmp_path
    organization, user = sme
    assessment = services.assessment_start(organization=organization, framework=mini_framework(), by=user)
    with pytest.raises(ApplicationError) as refused:
        services.evidence_upload(
            assessment=assessment, requirement="S1.1", upload=upload, effective_date=date(2026, 1, 1), by=user
        )
    assert refused.value.code == code
    assert refused.value.errors["file"]
    assert not Evidence.objects.exists()
    assert not any(tmp_path.rglob("*.*"))
