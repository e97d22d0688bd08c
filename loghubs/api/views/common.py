"""Helpers of the loghubs ViewSets: the nation in the path, role-only access, periods from query parameters."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.fields import DateTimeField

from core.api.permissions import RoleRequired
from organizations.models import Organization, OrganizationKind

from ... import roles
from ...selectors import may_see_nation

MAX_PERIOD = timedelta(days=185)
NATION_PARAMETER = OpenApiParameter(
    "nation_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="the nation (an organization of kind nation)"
)
PERIOD_PARAMETERS = [
    OpenApiParameter("start", OpenApiTypes.DATETIME, description="default: now"),
    OpenApiParameter("end", OpenApiTypes.DATETIME, description="default: start + 14 days; at most 185 days later"),
]


class IsJccCoordinator(RoleRequired):
    message = "Only JCC coordinators may use the JCC endpoints."
    has_role = staticmethod(roles.is_jcc)


class IsHubOperator(RoleRequired):
    message = "Only hub operators may use the operator endpoints."
    has_role = staticmethod(roles.is_hub_operator)


class NationScopedMixin:
    """For `nap/<nation_id>/…`: the nation's nAP operators and the JCC see it; for everyone else it does not exist."""

    def check_permissions(self, request):
        if request.user and request.user.is_authenticated and not getattr(self, "swagger_fake_view", False):
            self.nation  # noqa: B018  resolves the nation or answers 404
        super().check_permissions(request)

    @property
    def nation(self) -> Organization:
        cached = getattr(self, "_nation", None)
        if cached is None:
            nation_id = int(self.kwargs["nation_id"])
            if not may_see_nation(user=self.request.user, nation_id=nation_id):
                raise NotFound()
            cached = Organization.objects.filter(pk=nation_id, kind=OrganizationKind.NATION).first()
            if cached is None:
                raise NotFound()
            self._nation = cached
        return cached

    @property
    def nation_id(self) -> int:
        return int(self.kwargs["nation_id"])


def _datetime(params, name: str) -> datetime | None:
    value = params.get(name)
    if not value:
        return None
    try:
        return DateTimeField().to_internal_value(value)
    except ValidationError as error:
        raise ValidationError({name: error.detail}) from error


def period_from(params, *, default_days: int = 14) -> tuple[datetime, datetime]:
    start = _datetime(params, "start") or timezone.now()
    end = _datetime(params, "end") or start + timedelta(days=default_days)
    if end <= start:
        raise ValidationError({"end": ["The period ends before it starts."]})
    if end - start > MAX_PERIOD:
        raise ValidationError({"end": ["Ask for at most 185 days at a time."]})
    return start, end


def int_param(params, name: str) -> int | None:
    value = params.get(name)
    if value in (None, ""):
        return None
    if not str(value).isdigit():
        raise ValidationError({name: ["A whole number is required."]})
    return int(value)
