"""What the LogHubs pages share: who the user acts for, visible objects (others' → 404), role checks (→ 403),
and turning a domain error into a message."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from core.api.errors import status_for
from core.errors import ApplicationError
from core.forms import add_application_error
from organizations.models import Organization, User

from .. import roles, selectors
from ..models import Booking, Hub, Offer, ServiceRequest


def nap_nations(user: User) -> QuerySet[Organization]:
    return Organization.objects.filter(pk__in=roles.nap_nation_ids(user)).order_by("legal_name")


def hub_side_hubs(user: User) -> QuerySet[Hub]:
    """Hubs the user answers for: the hubs of the nations they are nAP of, and the hubs they operate."""
    return (
        Hub.objects.filter(Q(nation_id__in=roles.nap_nation_ids(user)) | Q(pk__in=roles.operated_hub_ids(user)))
        .select_related("nation")
        .order_by("name", "id")
    )


def require_jcc(user: User) -> None:
    if not roles.is_jcc(user):
        raise PermissionDenied


def require_loghubs_role(user: User) -> None:
    if not (roles.nap_nation_ids(user) or roles.is_jcc(user) or roles.is_hub_operator(user) or user.is_superuser):
        raise PermissionDenied


def visible_request(user: User, pk: int) -> ServiceRequest:
    """A request the user may look at (the one rule: `selectors.request_visibility`); anyone else's → 404."""
    return _or_404(selectors.visible_request(user=user, pk=pk))


def visible_offer(user: User, pk: int) -> Offer:
    """An offer the user may look at; whether they may accept or decline it the service decides (→ 403)."""
    return _or_404(selectors.visible_offer(user=user, pk=pk))


def visible_booking(user: User, pk: int) -> Booking:
    """A booking the user may look at; whether they may check it in or complete it the service decides (→ 403)."""
    return _or_404(selectors.visible_booking(user=user, pk=pk))


def _or_404(obj):
    if obj is None:
        raise Http404
    return obj


def report(request, error: ApplicationError) -> None:
    """A refusal as an error message; a 403 from a service is a 403 page."""
    if status_for(error.code) == 403:
        raise PermissionDenied(error.message)
    messages.error(request, error.message)


def report_on_form(form, error: ApplicationError) -> None:
    """A refusal on the form that caused it (on its fields where it names them); a 403 is a 403 page."""
    if status_for(error.code) == 403:
        raise PermissionDenied(error.message) from error
    add_application_error(form, error)
