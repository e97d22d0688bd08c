"""Helpers the LogHubs services share: refusals in the one error format, role checks, audited state changes."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ApplicationError, refuse
from core.formatting import format_datetime
from organizations import lifecycle
from organizations.models import Organization, User

from .. import roles
from ..models import REQUEST_TRANSITIONS, Hub, RequestState, ServiceRequest


def forbidden(message: str) -> ApplicationError:
    return ApplicationError(message, code="permission_denied")


def ensure_nap(user: User, nation: Organization | int, *, doing: str) -> None:
    nation_id = nation if isinstance(nation, int) else nation.pk
    if not roles.is_nap_of(user, nation_id):
        name = nation if isinstance(nation, Organization) else Organization.objects.filter(pk=nation_id).first()
        raise forbidden(_("Only an nAP operator of %(nation)s may %(doing)s.") % {"nation": name, "doing": doing})


def ensure_jcc(user: User, *, doing: str) -> None:
    if not roles.is_jcc(user):
        raise forbidden(_("Only JCC coordinators may %(doing)s.") % {"doing": doing})


def ensure_hub_side(user: User, hub: Hub, *, doing: str) -> None:
    if not roles.acts_for_hub(user, hub):
        raise forbidden(
            _("Only the nAP of %(nation)s or an operator of %(hub)s may %(doing)s.")
            % {"nation": hub.nation, "hub": hub.name, "doing": doing}
        )


def ensure_hub_operator(user: User, hub: Hub, *, doing: str) -> None:
    if not roles.operates_hub(user, hub.pk):
        raise forbidden(_("Only operators of %(hub)s may %(doing)s.") % {"hub": hub.name, "doing": doing})


def ensure_future_period(
    start: datetime, end: datetime, *, now: datetime | None = None, prefix: str = "period"
) -> None:
    now = now or timezone.now()
    if start < now:
        raise refuse(
            _("The period starts in the past (%(start)s); it is now %(now)s.")
            % {"start": format_datetime(start), "now": format_datetime(now)},
            field=f"{prefix}_start",
        )
    if end <= start:
        raise refuse(_("The period ends before it starts."), field=f"{prefix}_end")


def locked_request(request: ServiceRequest) -> ServiceRequest:
    return ServiceRequest.objects.select_for_update().get(pk=request.pk)


def transition(
    request: ServiceRequest,
    *,
    to: str,
    by: User | None,
    action: str,
    reason: str = "",
    fields: tuple[str, ...] = (),
    changes: dict | None = None,
) -> ServiceRequest:
    """Move a (locked) request to `to`, save the state and `fields`, and audit who did it and why."""
    return lifecycle.transition(
        request,
        table=REQUEST_TRANSITIONS,
        states=RequestState,
        to=to,
        by=by,
        action=f"service_request.{action}",
        organization=request.nation,
        reason=reason,
        fields=("updated_at", *fields),
        changes=changes,
        refusal=_("This request is %(state)s; it cannot become %(to)s."),
    )


def required_reason(reason: str, *, what: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise refuse(_("Give a reason for %(what)s; it is recorded.") % {"what": what}, field="reason")
    return reason
