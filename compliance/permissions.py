"""Object-permission rules of the compliance app (who may view or change assessments, evidence, badges...)."""

from __future__ import annotations

from django.db.models import Model

from organizations.models import PlatformRoleKind, User
from organizations.permissions import is_member, is_org_admin, register_rule

from .models import Assessment, AssessmentState, Badge, Evidence, Framework, Licence, ReadinessShare


def _is_reviewer(user: User) -> bool:
    return user.is_platform_admin or user.has_platform_role(PlatformRoleKind.COMPLIANCE_REVIEWER)


def _may_view_assessment(user: User, assessment: Assessment) -> bool:
    if is_member(user, assessment.organization_id):
        return True
    if assessment.state == AssessmentState.DRAFT:
        return False
    if _is_reviewer(user):
        return True
    from .selectors import assessment_list_visible_to

    return assessment_list_visible_to(user=user).filter(pk=assessment.pk).exists()


@register_rule(Framework)
def framework_rule(user: User, action: str, obj: Model) -> bool:
    return action == "view"  # reference texts, the same for everybody; only the admin changes them


@register_rule(Assessment)
def assessment_rule(user: User, action: str, obj: Assessment) -> bool:
    if action == "view":
        return _may_view_assessment(user, obj)
    return action in {"add", "change"} and is_member(user, obj.organization_id)


@register_rule(Evidence)
def evidence_rule(user: User, action: str, obj: Evidence) -> bool:
    if action == "view":
        return _may_view_assessment(user, obj.assessment)
    return action in {"add", "change"} and is_member(user, obj.organization_id)


@register_rule(Badge)
def badge_rule(user: User, action: str, obj: Badge) -> bool:
    if action == "view":
        return True  # badges are public; lists hide inactive badges of others
    return action == "change" and _is_reviewer(user)


@register_rule(ReadinessShare)
def share_rule(user: User, action: str, obj: ReadinessShare) -> bool:
    return is_org_admin(user, obj.owner_id) if action != "view" else is_member(user, obj.owner_id)


@register_rule(Licence)
def licence_rule(user: User, action: str, obj: Licence) -> bool:
    return is_member(user, obj.organization_id) if action == "view" else is_org_admin(user, obj.organization_id)
