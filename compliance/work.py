"""What waits for a user in compliance: assessments to finish or fix, expiring evidence and badges, reviews.

Also the readiness at a glance the dashboard shows: the strongest badge per kind and the open assessments'
progress. Every read is one query, whatever the number of rows.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from organizations.models import Organization, PlatformRoleKind, User
from organizations.work import CAP, WorkItem

from .models import Answer, Assessment, AssessmentState, Badge, Evidence, Requirement
from .selectors import badges_strongest, review_queue

EXPIRY_LEAD = timedelta(days=30)  # the lead of the expiry reminder mails


def work_waiting_for(*, user: User, organization: Organization | None) -> list[WorkItem]:
    items: list[WorkItem] = []
    if organization is not None:
        items += _own_work(organization)
    if user.has_platform_role(PlatformRoleKind.COMPLIANCE_REVIEWER):
        waiting = review_queue(user=user)
        count, oldest = waiting.count(), waiting.first()
        if count:
            text = ngettext(
                "%(n)d self-assessment waits for your plausibility check.",
                "%(n)d self-assessments wait for your plausibility check.",
                count,
            )
            items.append(
                WorkItem(
                    text % {"n": count},
                    reverse("compliance:review", args=[oldest.pk]),
                    oldest.submitted_at,
                    "compliance",
                )
            )
    return items


def _own_work(organization: Organization) -> list[WorkItem]:
    items = []
    for assessment in Assessment.objects.filter(
        organization=organization, state=AssessmentState.NEEDS_MORE
    ).select_related("framework")[:CAP]:
        items.append(
            WorkItem(
                _(
                    "A reviewer returned your %(framework)s assessment: change what the comments ask "
                    "and submit it again."
                )
                % {"framework": assessment.framework.local_title},
                reverse("compliance:assessment", args=[assessment.pk]),
                None,
                "compliance",
            )
        )
    today = timezone.localdate()
    horizon = today + EXPIRY_LEAD
    newer = Evidence.objects.filter(supersedes=OuterRef("pk"))
    for evidence in (
        Evidence.objects.filter(organization=organization, expires_on__gte=today, expires_on__lte=horizon)
        .filter(~Exists(newer))
        .order_by("expires_on", "id")[:CAP]
    ):
        items.append(
            WorkItem(
                _("Evidence “%(name)s” expires: upload its next version.") % {"name": evidence.original_name},
                reverse("compliance:assessment", args=[evidence.assessment_id]) + f"#req-{evidence.requirement_id}",
                evidence.expires_on,
                "compliance",
            )
        )
    for badge in (
        badges_strongest().filter(organization=organization, valid_until__lte=horizon).order_by("valid_until")[:CAP]
    ):
        items.append(
            WorkItem(
                _("Your %(badge)s badge expires: start a new assessment in time.")
                % {"badge": badge.get_kind_display()},
                reverse("compliance:index"),
                badge.valid_until,
                "compliance",
            )
        )
    return items


def readiness_at_a_glance(*, organization: Organization) -> dict:
    """The strongest valid badges and the open assessments with how much of them is answered (two queries)."""
    requirements = (
        Requirement.objects.filter(framework_id=OuterRef("framework_id"), is_section=False)
        .order_by()
        .values("framework_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    answered = (
        Answer.objects.filter(assessment_id=OuterRef("pk"))
        .order_by()
        .values("assessment_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    open_assessments = list(
        Assessment.objects.filter(organization=organization)
        .filter(Q(state=AssessmentState.DRAFT) | Q(state=AssessmentState.NEEDS_MORE))
        .select_related("framework")
        .annotate(total=Subquery(requirements), answered=Subquery(answered))
        .order_by("framework__key")
    )
    for assessment in open_assessments:
        assessment.answered = assessment.answered or 0
        assessment.progress = round(100 * assessment.answered / assessment.total) if assessment.total else 0
    badges = list(badges_strongest().filter(organization=organization))
    return {"badges": badges, "open_assessments": open_assessments}


def defence_ready_started(*, organization: Organization) -> bool:
    return (
        Assessment.objects.filter(organization=organization, framework__key="defence_ready").exists()
        or Badge.objects.filter(organization=organization, kind="defence_ready").exists()
    )
