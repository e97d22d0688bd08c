"""Who acts for an alliance and the moves every alliance service shares: member and lead administrators,
the audited state change, activation once all have signed. Below both the alliance services and the
agreements service (which calls activation), so neither imports the other's internals."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from organizations import lifecycle
from organizations.models import Membership, Organization, OrganizationKind, User
from organizations.notifications import notify_organizations
from organizations.permissions import is_org_admin
from organizations.services import organization_create

from .models import ALLIANCE_TRANSITIONS, Alliance, AllianceKind, AllianceMember, AllianceState, MemberRole

BIDDING_KINDS = {AllianceKind.CONSORTIUM, AllianceKind.ARGE}


def alliance_link(alliance: Alliance) -> str:
    return reverse("alliances:detail", args=[alliance.pk])


def alliance_transition(
    alliance: Alliance,
    *,
    to: str,
    by: User | None,
    action: str | None,
    organization: Organization | None = None,
    reason: str = "",
    fields: tuple[str, ...] = (),
) -> Alliance:
    """Move a (locked) alliance along ALLIANCE_TRANSITIONS; `action=None` when the caller's own entry audits why."""
    return lifecycle.transition(
        alliance,
        table=ALLIANCE_TRANSITIONS,
        states=AllianceState,
        to=to,
        by=by,
        action=action,
        organization=organization,
        reason=reason,
        fields=(*fields, "updated_at"),
        refusal=_("This alliance is %(state)s; it cannot become %(to)s."),
    )


def active_members(alliance: Alliance):
    return alliance.members.filter(left_at__isnull=True)


def ensure_member_admin(*, alliance: Alliance, by: User, organization: Organization | None = None) -> AllianceMember:
    """The acting user must administer a member organization (the given one, or any)."""
    members = active_members(alliance).select_related("organization")
    for member in members:
        if (organization is None or member.organization_id == organization.pk) and is_org_admin(
            by, member.organization_id
        ):
            return member
    raise ApplicationError(_("Only administrators of a member organization may do this."), code="permission_denied")


def ensure_lead_admin(*, alliance: Alliance, by: User) -> AllianceMember:
    lead = active_members(alliance).filter(role=MemberRole.LEAD).first()
    if lead is None or not is_org_admin(by, lead.organization_id):
        raise ApplicationError(_("Only the lead's administrators may do this."), code="permission_denied")
    return lead


def agreement_needs_new_signatures(alliance: Alliance) -> None:
    """Membership or shares changed: a signed alliance goes back to negotiating until everyone signs again."""
    if alliance.is_active:  # the change that caused it is audited by the caller
        alliance_transition(alliance, to=AllianceState.NEGOTIATING, by=None, action=None)


@transaction.atomic
def alliance_activate(*, alliance: Alliance, by: User | None) -> Alliance:
    """Called when every member signed the current agreement version: the alliance becomes active, and a
    consortium or ARGE gets its bidder Organization (kind consortium) with the lead's admins on it."""
    alliance = Alliance.objects.select_for_update().get(pk=alliance.pk)
    members = list(active_members(alliance).select_related("organization"))
    if len(members) < 2:
        raise ApplicationError(_("An alliance needs at least two members."), code="too_few_members")
    lead = next((m for m in members if m.role == MemberRole.LEAD), None)
    if alliance.kind in BIDDING_KINDS and lead is None:
        raise ApplicationError(_("Choose a lead among the members first."), errors={"lead": [_("Required.")]})
    if alliance.kind in BIDDING_KINDS and alliance.organization_id is None and lead is not None:
        # The lead acts for the consortium: its administrators (and only they) administer the bidder.
        lead_admins = [
            m.user for m in lead.organization.memberships.filter(role="admin").select_related("user").order_by("id")
        ]
        if not lead_admins:
            raise ApplicationError(
                _("The lead has no administrator who could act for the consortium."),
                code="lead_without_admin",
            )
        alliance.organization = organization_create(
            by=lead_admins[0],
            allow_any_kind=True,
            kind=OrganizationKind.CONSORTIUM,
            legal_name=alliance.name,
            country=str(lead.organization.country),
            description=alliance.purpose,
        )
        Membership.objects.bulk_create(
            [Membership(user=admin, organization=alliance.organization, role="admin") for admin in lead_admins[1:]]
        )
    alliance_transition(
        alliance,
        to=AllianceState.ACTIVE,
        by=by,
        action="alliance.activated",
        organization=alliance.organization,
        fields=("organization",),
    )
    notify_organizations(
        organizations=[m.organization for m in members],
        link=alliance_link(alliance),
        subject=lambda: _("%(alliance)s is active") % {"alliance": alliance.name},
    )
    return alliance
