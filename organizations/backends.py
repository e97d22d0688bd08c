"""Authentication backend that answers object permissions from the registered role rules."""

from __future__ import annotations

from django.contrib.auth.backends import BaseBackend


class MembershipPermissionBackend(BaseBackend):
    """Answers `has_perm("app.<action>_<model>", obj)` with the rule registered for obj's model.

    It authenticates nobody; it only grants. Model-level permissions stay with ModelBackend and
    explicit per-object grants with django-guardian's backend.
    """

    def has_perm(self, user_obj, perm: str, obj=None) -> bool:
        if not user_obj.is_active or not user_obj.is_authenticated:
            return False
        if obj is None:
            # Platform admins hold every model-level permission, so the Django admin is theirs.
            return user_obj.is_platform_admin
        from .permissions import rule_for

        rule = rule_for(obj)
        if rule is None:
            return False
        app_label, _, codename = perm.partition(".")
        action, _, model_name = codename.partition("_")
        if app_label != obj._meta.app_label or model_name != obj._meta.model_name:
            return False
        return rule(user_obj, action, obj)

    def has_module_perms(self, user_obj, app_label: str) -> bool:
        return user_obj.is_active and user_obj.is_authenticated and user_obj.is_platform_admin
