"""The plausibility check: a compliance reviewer comments per requirement and decides."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from core.errors import ApplicationError
from organizations.audit import audit_record
from organizations.models import Membership, PlatformRoleKind, User

from ..models import REVIEW_ASSESSMENT, Assessment, AssessmentState, Review, ReviewComment, ReviewDecision
from ..selectors import assessment_reviewer
from .assessments import _requirement_of
from .badges import badge_issue


def _ensure_may_review(assessment: Assessment, reviewer: User) -> None:
    if not reviewer.has_platform_role(PlatformRoleKind.COMPLIANCE_REVIEWER):
        raise ApplicationError(_("Only compliance reviewers review assessments."), code="permission_denied")
    if Membership.objects.filter(user=reviewer, organization_id=assessment.organization_id).exists():
        raise ApplicationError(
            _("You cannot review an assessment of your own organization."), code="conflict_of_interest"
        )
    if assessment.state != AssessmentState.SUBMITTED:
        raise ApplicationError(
            _("Only submitted assessments can be reviewed; this one is %(state)s.")
            % {"state": assessment.get_state_display()},
            code="assessment_not_submitted",
        )
    holder = assessment_reviewer(assessment=assessment)
    if holder is not None and holder.pk != reviewer.pk:
        raise ApplicationError(
            _("%(reviewer)s is reviewing this assessment; ask them to release it first.") % {"reviewer": holder.email},
            code="permission_denied",
        )
    if holder is None:
        _take(assessment, reviewer)  # the first comment or decision takes it, so two reviewers never cross


def _take(assessment: Assessment, reviewer: User) -> None:
    assign_perm(REVIEW_ASSESSMENT, reviewer, assessment)
    audit_record(
        actor=reviewer,
        action="review.taken",
        target=assessment,
        organization=assessment.organization,
        changes={"reviewer": [None, reviewer.email]},
    )


@transaction.atomic
def review_take(*, assessment: Assessment, reviewer: User) -> Assessment:
    """Take a submitted assessment for review: from now on only this reviewer comments on it and decides, also
    when it comes back after "needs more", until they release it."""
    assessment = Assessment.objects.select_for_update().select_related("organization").get(pk=assessment.pk)
    _ensure_may_review(assessment, reviewer)  # takes it when nobody has; refuses when a colleague has
    return assessment


@transaction.atomic
def review_release(*, assessment: Assessment, reviewer: User) -> Assessment:
    """Give a taken assessment back to the queue: the reviewer who took it, or a platform administrator (for a
    reviewer who is away)."""
    assessment = Assessment.objects.select_for_update().select_related("organization").get(pk=assessment.pk)
    holder = assessment_reviewer(assessment=assessment)
    if holder is None:
        raise ApplicationError(_("Nobody has taken this assessment."), code="invalid_state")
    if holder.pk != reviewer.pk and not reviewer.has_platform_role(PlatformRoleKind.PLATFORM_ADMIN):
        raise ApplicationError(
            _("Only %(reviewer)s or a platform administrator may release this review.") % {"reviewer": holder.email},
            code="permission_denied",
        )
    remove_perm(REVIEW_ASSESSMENT, holder, assessment)
    audit_record(
        actor=reviewer,
        action="review.released",
        target=assessment,
        organization=assessment.organization,
        changes={"reviewer": [holder.email, None]},
    )
    return assessment


@transaction.atomic
def review_comment_add(*, assessment: Assessment, requirement, text: str, reviewer: User) -> ReviewComment:
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _ensure_may_review(assessment, reviewer)
    if not (text or "").strip():
        raise ApplicationError(_("Write a comment."), errors={"text": [_("This field is required.")]})
    comment = ReviewComment.objects.create(
        assessment=assessment,
        requirement=_requirement_of(assessment, requirement),
        reviewer=reviewer,
        text=text.strip(),
    )
    audit_record(
        actor=reviewer,
        action="review.commented",
        target=assessment,
        organization=assessment.organization,
        changes={comment.requirement.code: [None, comment.text]},
    )
    return comment


@transaction.atomic
def review_decide(*, assessment: Assessment, decision: str, remarks: str = "", reviewer: User) -> Review:
    """Accept (issues the plausibility-checked badge), send back for more, or reject a submitted assessment."""
    from ..selectors import assessment_score

    assessment = (
        Assessment.objects.select_for_update().select_related("framework", "organization").get(pk=assessment.pk)
    )
    _ensure_may_review(assessment, reviewer)
    if decision not in ReviewDecision.values:
        raise ApplicationError(
            _("Unknown decision."), errors={"decision": [_("Choose accepted, needs_more or rejected.")]}
        )
    new_comments = assessment.comments.filter(created_at__gte=assessment.submitted_at)
    if decision != ReviewDecision.ACCEPTED and not (remarks or "").strip() and not new_comments.exists():
        message = _("Tell the organization what is missing: add remarks or comments on requirements.")
        raise ApplicationError(message, errors={"remarks": [message]})
    review = Review.objects.create(
        assessment=assessment, reviewer=reviewer, decision=decision, remarks=(remarks or "").strip()
    )
    before = assessment.state
    assessment.state = {
        ReviewDecision.ACCEPTED: AssessmentState.ACCEPTED,
        ReviewDecision.NEEDS_MORE: AssessmentState.NEEDS_MORE,
        ReviewDecision.REJECTED: AssessmentState.REJECTED,
    }[decision]
    assessment.decided_at = timezone.now()
    assessment.save(update_fields=["state", "decided_at", "updated_at"])
    audit_record(
        actor=reviewer,
        action=f"review.{decision}",
        target=assessment,
        organization=assessment.organization,
        changes={"state": [before, assessment.state], "remarks": [None, review.remarks]},
    )
    if decision == ReviewDecision.ACCEPTED:
        badge_issue(
            assessment=assessment, level="checked", score=assessment_score(assessment=assessment).score, by=reviewer
        )
    return review
