"""Object-permission rules: who may view, add, change or delete an object, decided from roles.

Each app registers a rule per model (`register_rule`), so `user.has_perm("app.change_model", obj)`
works for every model through `MembershipPermissionBackend`, beside django-guardian's explicit grants.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from django.db import models

from .models import ApiToken, AuditEntry, Invitation, Membership, MembershipRole, Notification, Organization, User

Rule = Callable[[User, str, models.Model], bool]
_RULES: dict[type[models.Model], Rule] = {}


def register_rule(model: type[models.Model]) -> Callable[[Rule], Rule]:
    def decorator(rule: Rule) -> Rule:
        _RULES[model] = rule
        return rule

    return decorator


def rule_for(obj: models.Model) -> Rule | None:
    return _RULES.get(type(obj)._meta.concrete_model)


def membership_roles(user: User) -> dict[int, str]:
    """{organization id: role} for the user, read once per user object (i.e. once per request)."""
    roles = getattr(user, "_membership_roles_cache", None)
    if roles is None:
        roles = dict(Membership.objects.filter(user=user).values_list("organization_id", "role"))
        user._membership_roles_cache = roles
    return roles


def forget_memberships(user: User) -> None:
    """Drop the per-user cache after a membership of this user changed within the same request."""
    user.__dict__.pop("_membership_roles_cache", None)


def is_member(user: User, organization_id: int | None) -> bool:
    return organization_id in membership_roles(user)


def is_org_admin(user: User, organization_id: int | None) -> bool:
    return membership_roles(user).get(organization_id) == MembershipRole.ADMIN


@register_rule(Organization)
def organization_rule(user: User, action: str, obj: Organization) -> bool:
    if user.is_platform_admin:
        return True
    if action == "view":
        return is_member(user, obj.pk)
    if action == "change":
        return is_org_admin(user, obj.pk)
    return False  # deleting an organization is for platform admins


@register_rule(Membership)
def membership_rule(user: User, action: str, obj: Membership) -> bool:
    if user.is_platform_admin:
        return True
    if action == "view":
        return is_member(user, obj.organization_id)
    if action == "delete" and obj.user_id == user.pk:
        return True  # anyone may leave; the service keeps the last admin from doing so
    return is_org_admin(user, obj.organization_id)


@register_rule(Invitation)
def invitation_rule(user: User, action: str, obj: Invitation) -> bool:
    return user.is_platform_admin or is_org_admin(user, obj.organization_id)


@register_rule(ApiToken)
def api_token_rule(user: User, action: str, obj: ApiToken) -> bool:
    return obj.user_id == user.pk


@register_rule(AuditEntry)
def audit_entry_rule(user: User, action: str, obj: AuditEntry) -> bool:
    if action != "view":
        return False
    return user.is_platform_admin or is_org_admin(user, obj.organization_id)


@register_rule(Notification)
def notification_rule(user: User, action: str, obj: models.Model) -> bool:
    return cast(Notification, obj).recipient_id == user.pk
