"""Role-only endpoints: users without the platform role get 403, so such an endpoint never answers an empty 200.

An endpoint that exists for one platform role (the JCC's coordination views, the hub operators' work lists,
the platform admins' re-match) says so with `RoleRequired`; objects inside it are still narrowed by the
ViewSet's queryset, so another hub's or organization's object answers 404 to someone who holds the role.
"""

from __future__ import annotations

from collections.abc import Callable

from rest_framework import permissions


class RoleRequired(permissions.BasePermission):
    """403 (401 when not signed in) unless `has_role(user)`; subclasses set both."""

    message = "This endpoint is for another platform role."
    has_role: Callable = staticmethod(lambda user: False)

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and type(self).has_role(user))
