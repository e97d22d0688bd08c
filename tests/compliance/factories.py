"""Test data for compliance: the mini framework, assessments in each state, badges, reviewers."""

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

from compliance import services
from compliance.library import framework_load
from compliance.models import Badge, Framework
from tests.organizations.factories import UserFactory, with_platform_role

MINI = Path(__file__).resolve().parent / "mini-framework.yaml"


def mini_framework() -> Framework:
    return Framework.objects.filter(key="mini", is_current=True).first() or framework_load(path=MINI)


def reviewer():
    return with_platform_role(UserFactory(), "compliance_reviewer")


def answered_assessment(organization, by, statuses=None):
    """A mini assessment with every requirement answered (compliant unless `statuses` says otherwise)."""
    assessment = services.assessment_start(organization=organization, framework=mini_framework(), by=by)
    statuses = {"S1.1": "compliant", "S1.2": "compliant", "S2.1": "compliant", "S2.2": "compliant", **(statuses or {})}
    for code, status in statuses.items():
        services.assessment_answer(
            assessment=assessment,
            requirement=code,
            status=status,
            by=by,
            not_applicable_reason="Not relevant here" if status == "not_applicable" else "",
        )
    return assessment


def badge(organization, kind="defence_ready", level="checked", days_left=365, **fields):
    from compliance.models import Assessment

    assessment = Assessment.objects.create(organization=organization, framework=mini_framework(), state="accepted")
    today = timezone.localdate()
    return Badge.objects.create(
        organization=organization,
        kind=kind,
        level=level,
        assessment=assessment,
        score=Decimal("80"),
        issued_on=today - timedelta(days=10),
        valid_until=today + timedelta(days=days_left),
        **fields,
    )
