"""The project's base ViewSet: narrowed querysets, permissions by action, writes through services.

Every ViewSet lists and fetches only what `visible_queryset(user)` (a selector) returns, so
someone else's object answers 404, never 403. Writes go through `perform_create`/`perform_update`/
`perform_destroy` hooks that call services; afterwards the saved object is looked up again in the
visible queryset, so a write can never leave an object the user may not touch.
"""

from __future__ import annotations

from django.db.models import QuerySet
from rest_framework import permissions, viewsets
from rest_framework.exceptions import NotFound

ACTION_PERMISSIONS = {
    "GET": "view",
    "HEAD": "view",
    "OPTIONS": "view",
    "POST": "add",
    "PUT": "change",
    "PATCH": "change",
    "DELETE": "delete",
}


class ObjectActionPermission(permissions.BasePermission):
    """Maps the HTTP method to view/add/change/delete and asks `user.has_perm(perm, obj)`.

    Object decisions come from the authentication backends (membership roles, platform roles and
    django-guardian grants); collection-level POSTs are decided by the ViewSet's `can_create`.
    """

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        if request.method == "POST" and getattr(view, "detail", False) is False and view.action == "create":
            return view.can_create(request)
        return True

    def has_object_permission(self, request, view, obj):
        action = getattr(view, "object_action_permissions", {}).get(view.action)
        if action is None:
            action = ACTION_PERMISSIONS.get(request.method, "change")
        meta = obj._meta
        return request.user.has_perm(f"{meta.app_label}.{action}_{meta.model_name}", obj)


class _Visible:
    """What both base ViewSets share: permissions by action and the queryset narrowed to what the user sees."""

    permission_classes = [ObjectActionPermission]
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]
    # Custom actions map to a permission verb here, e.g. {"members": "view"}.
    object_action_permissions: dict[str, str] = {}

    def visible_queryset(self, user) -> QuerySet:
        raise NotImplementedError

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.visible_queryset(None).none()
        return self.visible_queryset(self.request.user)

    def can_create(self, request) -> bool:
        return True

    def ensure_still_visible(self, instance) -> None:
        if not self.get_queryset().filter(pk=instance.pk).exists():
            raise NotFound()


class BaseViewSet(_Visible, viewsets.ModelViewSet):
    pass


class ReadOnlyBaseViewSet(_Visible, viewsets.ReadOnlyModelViewSet):
    """For resources created elsewhere (lots with their tender, awards by proposing one): list and fetch, plus
    the ViewSet's own actions; no POST on the collection, so the schema offers no create that always fails."""

    http_method_names = ["get", "post", "head", "options"]  # POST only for the actions
