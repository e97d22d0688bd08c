"""The project's base ViewSet: narrowed querysets, permissions by action, writes through services.

Every ViewSet lists and fetches only what `visible_queryset(user)` (a selector) returns, so
someone else's object answers 404, never 403. Writes go through `perform_create`/`perform_update`/
`perform_destroy` hooks that call services. Every unsafe request runs in one transaction, and after a create
or update the written object is looked up again in the visible queryset inside it (as NetBox's
`ObjectValidationMixin` does): a write that would leave an object the user may not see is rolled back and
answers 404, whichever ViewSet or mixin performed it.

Three siblings share these rules: `BaseViewSet` (the full model API), `ReadOnlyBaseViewSet` (list, fetch and
the ViewSet's own actions) and `VisibleViewSet` (a GenericViewSet to mix DRF's mixins into, for resources
that offer some of the model routes). `ActionViewSet` is for routes that are computations, not objects
(validation, planning, reports): authenticated, no queryset of its own.

`ConcurrencyMixin` (part of the base, and usable on any GenericViewSet) adds two rules for detail routes:
access first, and HTTP preconditions. A write to a detail route looks the object up (404 for someone else's,
403 without the right) before its body is read, so "field required" never tells an outsider that an object
exists. Every detail answer carries an ETag (the row's version where it has one, else a hash of the
representation); `If-None-Match` with the current tag answers 304, a write with a stale `If-Match` 412, and
where `if_match_required` names the action a write without `If-Match` answers 428.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from rest_framework import permissions, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.permissions import SAFE_METHODS
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from config.errors import ApplicationError

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


def _tags(header: str) -> set[str]:
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}


class ConcurrencyMixin:
    action: str  # set by DRF's ViewSetMixin, which every user of this mixin derives from
    # The model field that counts every change (then the ETag is `"<version>"`); None: hash the representation.
    etag_version_field: str | None = None
    # Actions that refuse to run without If-Match (428), so a concurrent edit is never silently lost.
    if_match_required: tuple[str, ...] = ()

    def object_etag(self, obj) -> str:
        """The tag a GET of the object carries: its version, or the hash of what `retrieve` would send."""
        if self.etag_version_field:
            return f'"{getattr(obj, self.etag_version_field)}"'
        action, self.action = self.action, "retrieve"  # a ViewSet may pick its serializer by action
        try:
            return self.data_etag(self.get_serializer(obj).data)
        finally:
            self.action = action

    @staticmethod
    def data_etag(data) -> str:
        return '"' + hashlib.sha256(JSONRenderer().render(data)).hexdigest()[:32] + '"'

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if (
            not getattr(self, "detail", False)
            or request.method in SAFE_METHODS
            or getattr(self, "swagger_fake_view", False)
        ):
            return
        obj = self.get_object()  # access before the body: 404 / 403 come first
        self.check_preconditions(request, obj)

    def check_preconditions(self, request, obj) -> None:
        header = request.headers.get("If-Match")
        if not header:
            if self.action in self.if_match_required:
                raise ApplicationError(
                    _(
                        "Send the If-Match header with the ETag you read (GET the resource first), so that a "
                        "change made meanwhile is not overwritten."
                    ),
                    code="precondition_required",
                    status=428,
                )
            return
        if header.strip() == "*":
            return
        if self.object_etag(obj) not in _tags(header):
            raise ApplicationError(
                _("The resource was changed meanwhile; its ETag is no longer %(tag)s. Reload and try again.")
                % {"tag": header.strip()},
                code="precondition_failed",
                status=412,
            )

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if (
            getattr(self, "detail", False)
            and isinstance(response, Response)
            and response.status_code == 200
            and self.action in ("retrieve", "update", "partial_update")
            and response.data is not None
        ):
            if not response.has_header("ETag"):
                response["ETag"] = self.data_etag(response.data)
            if_none_match = request.headers.get("If-None-Match")
            if (
                request.method in SAFE_METHODS
                and if_none_match
                and (if_none_match.strip() == "*" or response["ETag"] in _tags(if_none_match))
            ):
                response.status_code = 304
                response.data = None
        return response


class _Visible:
    """What both base ViewSets share: permissions by action and the queryset narrowed to what the user sees."""

    permission_classes: Sequence[Any] = [ObjectActionPermission]
    http_method_names: Sequence[str] = ["get", "post", "put", "patch", "delete", "head", "options"]
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

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        if self.request is not None and self.request.method not in SAFE_METHODS:
            self._write_serializer = serializer  # the one whose instance a create/update wrote
        return serializer

    def dispatch(self, request, *args, **kwargs):
        if request.method in SAFE_METHODS:
            return super().dispatch(request, *args, **kwargs)
        with transaction.atomic():
            response = super().dispatch(request, *args, **kwargs)
            if response.status_code < 300 and getattr(self, "action", None) in WRITE_ACTIONS:
                written = getattr(getattr(self, "_write_serializer", None), "instance", None)
                if (
                    written is not None
                    and getattr(written, "pk", None) is not None
                    and not self.get_queryset().filter(pk=written.pk).exists()
                ):
                    transaction.set_rollback(True)
                    response = self.finalize_response(self.request, self.handle_exception(NotFound()))
        return response


# The actions after which the written object must still be one the user sees.
WRITE_ACTIONS = ("create", "update", "partial_update")


class BaseViewSet(ConcurrencyMixin, _Visible, viewsets.ModelViewSet):
    """The full model API: list, create, fetch, update, delete, plus the ViewSet's own actions."""


class ReadOnlyBaseViewSet(ConcurrencyMixin, _Visible, viewsets.ReadOnlyModelViewSet):
    """For resources created elsewhere (lots with their tender, awards by proposing one): list and fetch, plus
    the ViewSet's own actions; no POST on the collection, so the schema offers no create that always fails."""

    http_method_names = ["get", "post", "head", "options"]  # POST only for the actions


class VisibleViewSet(ConcurrencyMixin, _Visible, viewsets.GenericViewSet):
    """The base rules without routes: mix in DRF's list/retrieve/create/update mixins for the ones offered."""


class ActionViewSet(viewsets.ViewSet):
    """Routes that compute an answer rather than expose objects (validation, planning, reports).

    Authenticated by default; a public one says so with `permission_classes = [AllowAny]`. Each action decides
    what the user may see through a selector, as every list does.
    """

    permission_classes = [permissions.IsAuthenticated]
