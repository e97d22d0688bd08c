"""Forming and running alliances: create, invite, accept, set shares and lead, activate, leave, dissolve."""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from marketplace.bidders import bar_problems
from organizations.audit import audit_record
from organizations.models import Organization, OrganizationKind, User
from organizations.notifications import notify_organizations
from organizations.permissions import is_member, is_org_admin

from ..agreements.services import agreement_schedules_refresh
from ..membership import (
    BIDDING_KINDS,
    active_members,
    agreement_needs_new_signatures,
    alliance_link,
    alliance_transition,
    ensure_lead_admin,
    ensure_member_admin,
)
from ..models import (
    Alliance,
    AllianceInvitation,
    AllianceKind,
    AllianceMember,
    AllianceState,
    InvitationState,
    MemberRole,
)


def alliance_create(
    *,
    founder: Organization,
    by: User,
    kind: str,
    name: str,
    purpose: str,
    target_tender=None,
    aims_at_edf: bool = False,
) -> Alliance:
    """Start an alliance as a draft; the founding organization is its first member and, for consortia and
    ARGEs, its lead."""
    if not is_org_admin(by, founder.pk):
        raise ApplicationError(
            _("You can found an alliance only for an organization you administer."),
            errors={"founder": [_("You are not an administrator of this organization.")]},
        )
    if kind not in AllianceKind.values:
        raise ApplicationError(_("Unknown kind."), errors={"kind": [_("Choose a kind of alliance.")]})
    if not name.strip() or not purpose.strip():
        raise ApplicationError(
            _("Name the alliance and say what it is for."),
            errors={
                f: [_("This field is required.")] for f, v in (("name", name), ("purpose", purpose)) if not v.strip()
            },
        )
    alliance = Alliance.objects.create(
        kind=kind,
        name=name.strip(),
        purpose=purpose.strip(),
        target_tender=target_tender,
        aims_at_edf=aims_at_edf,
        created_by=by,
    )
    AllianceMember.objects.create(
        alliance=alliance,
        organization=founder,
        role=MemberRole.LEAD if kind != AllianceKind.JOINT_VENTURE else MemberRole.PARENT,
    )
    audit_record(
        actor=by,
        action="alliance.created",
        target=alliance,
        organization=founder,
        changes={"kind": [None, kind], "name": [None, alliance.name]},
    )
    return alliance


@transaction.atomic
def alliance_invite(
    *, alliance: Alliance, organization: Organization, by: User, message: str = "", role: str = MemberRole.PARTNER
) -> AllianceInvitation:
    alliance = Alliance.objects.select_for_update().get(pk=alliance.pk)
    ensure_member_admin(alliance=alliance, by=by)
    if not alliance.can_take_members:
        raise ApplicationError(_("This alliance is closing; it takes no new members."), code="invalid_state")
    if organization.kind not in (OrganizationKind.COMPANY, OrganizationKind.AUTHORITY):
        raise ApplicationError(
            _("Only companies and authorities can be invited."), errors={"organization": [_("Choose a company.")]}
        )
    barred = bar_problems(organization) if alliance.kind in BIDDING_KINDS else []
    if barred:
        # A consortium or ARGE exists to bid for public contracts, which the ban forbids its members.
        raise ApplicationError(barred[0], errors={"organization": barred}, code="not_eligible")
    if active_members(alliance).filter(organization=organization).exists():
        message_text = _("%(org)s is already a member.") % {"org": organization}
        raise ApplicationError(message_text, errors={"organization": [message_text]}, code="already_member")
    if role == MemberRole.LEAD:
        raise ApplicationError(
            _("Invite as a partner; the lead is chosen among the members."),
            errors={"role": [_("Invite as a partner.")]},
        )
    try:
        with transaction.atomic():
            invitation = AllianceInvitation.objects.create(
                alliance=alliance, organization=organization, role=role, message=message.strip(), invited_by=by
            )
    except IntegrityError as error:
        message_text = _("%(org)s is already invited.") % {"org": organization}
        raise ApplicationError(message_text, errors={"organization": [message_text]}, code="already_invited") from error
    if alliance.state == AllianceState.DRAFT:
        alliance_transition(alliance, to=AllianceState.INVITING, by=by, action=None)  # audited as alliance.invited
    audit_record(
        actor=by,
        action="alliance.invited",
        target=alliance,
        organization=None,
        changes={"invited": [None, organization.legal_name]},
    )
    notify_organizations(
        organizations=[organization],
        link=alliance_link(alliance),
        subject=lambda: _("Invitation to join %(alliance)s") % {"alliance": alliance.name},
        body=message.strip(),
    )
    return invitation


@transaction.atomic
def invitation_answer(*, invitation: AllianceInvitation, accept: bool, by: User) -> AllianceInvitation:
    invitation = (
        AllianceInvitation.objects.select_for_update().select_related("alliance", "organization").get(pk=invitation.pk)
    )
    if not is_org_admin(by, invitation.organization_id):
        raise ApplicationError(_("Only administrators of the invited organization answer."), code="permission_denied")
    if invitation.state != InvitationState.OPEN:
        raise ApplicationError(_("This invitation was already answered."), code="invalid_state")
    alliance = Alliance.objects.select_for_update().get(pk=invitation.alliance_id)
    if not alliance.can_take_members:
        raise ApplicationError(_("This alliance is closing."), code="invalid_state")
    invitation.state = InvitationState.ACCEPTED if accept else InvitationState.DECLINED
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["state", "answered_at"])
    if accept:
        AllianceMember.objects.create(alliance=alliance, organization=invitation.organization, role=invitation.role)
        if alliance.state == AllianceState.INVITING:  # audited as alliance.invitation_accepted
            alliance_transition(alliance, to=AllianceState.NEGOTIATING, by=by, action=None)
        _membership_changed(alliance, by, invitation.organization)
    audit_record(
        actor=by,
        action="alliance.invitation_" + ("accepted" if accept else "declined"),
        target=alliance,
        organization=invitation.organization,
        changes={"member": [None, invitation.organization.legal_name]},
    )
    return invitation


def _check_shares(rows: list[dict]) -> None:
    for field in ("work_share", "cost_share"):
        total = sum(Decimal(str(row.get(field, 0))) for row in rows)
        if total != Decimal(100):
            message = _("The shares add up to %(total)s%%; they must add up to 100%%.") % {"total": total}
            raise ApplicationError(message, errors={field: [message]})


@transaction.atomic
def members_set(*, alliance: Alliance, by: User, rows: list[dict], lead: Organization | None = None) -> Alliance:
    """Set every member's shares (work and money, each adding up to 100%), contributions and lots, and the
    lead. Changing them after signing needs new signatures."""
    alliance = Alliance.objects.select_for_update().get(pk=alliance.pk)
    acting = ensure_member_admin(alliance=alliance, by=by)
    members = {m.organization_id: m for m in active_members(alliance)}
    unknown = [row["organization"] for row in rows if row["organization"] not in members]
    if unknown or len(rows) != len(members):
        message = _("Give shares for every member and only for members.")
        raise ApplicationError(message, errors={"members": [message]})
    _check_shares(rows)
    if lead is not None and lead.pk not in members:
        message = _("The lead must be a member of the alliance.")
        raise ApplicationError(message, errors={"lead": [message]})
    for row in rows:
        member = members[row["organization"]]
        member.work_share, member.cost_share = Decimal(str(row["work_share"])), Decimal(str(row["cost_share"]))
        member.contribution = row.get("contribution", member.contribution)
        member.third_country_controlled = bool(row.get("third_country_controlled", member.third_country_controlled))
        if lead is not None and member.role == MemberRole.LEAD and member.organization_id != lead.pk:
            member.role = MemberRole.PARTNER
        member.save()
        if "lots" in row:
            member.lots.set(row["lots"])
    if lead is not None:
        AllianceMember.objects.filter(pk=members[lead.pk].pk).update(role=MemberRole.LEAD)
    audit_record(
        actor=by,
        action="alliance.members_set",
        target=alliance,
        organization=None,
        changes={
            "shares": [None, {str(r["organization"]): [str(r["work_share"]), str(r["cost_share"])] for r in rows}],
            "lead": [None, lead.pk if lead else None],
        },
    )
    _membership_changed(alliance, by, acting.organization)
    return alliance


def _membership_changed(alliance: Alliance, by: User, organization: Organization) -> None:
    """Members or shares changed: the agreement's schedules follow (a new version to sign), and a signed
    alliance goes back to negotiating."""
    agreement_schedules_refresh(alliance=alliance, by=by, organization=organization)
    agreement_needs_new_signatures(alliance)


@transaction.atomic
def alliance_leave(
    *, alliance: Alliance, organization: Organization, by: User, exit_steps_done: bool, reason: str
) -> AllianceMember:
    """Leave by the exit clause: the member confirms the exit steps (notice given, IP and open obligations
    handled). The lead cannot leave before handing over the lead."""
    alliance = Alliance.objects.select_for_update().get(pk=alliance.pk)
    member = ensure_member_admin(alliance=alliance, by=by, organization=organization)
    if not exit_steps_done:
        message = _("Confirm the exit steps of the agreement (notice, IP handover, open obligations) first.")
        raise ApplicationError(message, errors={"exit_steps_done": [message]}, code="exit_steps_missing")
    if not reason.strip():
        raise ApplicationError(_("Give the reason for leaving."), errors={"reason": [_("Required.")]})
    if member.role == MemberRole.LEAD and active_members(alliance).count() > 1:
        message = _("Hand the lead to another member before leaving.")
        raise ApplicationError(message, errors={"lead": [message]}, code="lead_cannot_leave")
    member.left_at = timezone.now()
    member.save(update_fields=["left_at"])
    audit_record(
        actor=by,
        action="alliance.member_left",
        target=alliance,
        organization=organization,
        changes={"member": [organization.legal_name, None], "reason": [None, reason.strip()]},
    )
    _membership_changed(alliance, by, organization)
    return member


@transaction.atomic
def alliance_dissolve(*, alliance: Alliance, by: User, reason: str, final: bool = False) -> Alliance:
    """The lead starts the dissolution (dissolving), and completes it (dissolved) when obligations are settled."""
    alliance = Alliance.objects.select_for_update().get(pk=alliance.pk)
    ensure_lead_admin(alliance=alliance, by=by)
    if not reason.strip():
        raise ApplicationError(_("Give the reason."), errors={"reason": [_("Required.")]})
    if final and not alliance.can_complete_dissolution:
        raise ApplicationError(_("Start the dissolution first."), code="invalid_state")
    if final:
        return alliance_transition(
            alliance, to=AllianceState.DISSOLVED, by=by, action="alliance.dissolved", reason=reason.strip()
        )
    return alliance_transition(
        alliance, to=AllianceState.DISSOLVING, by=by, action="alliance.dissolving", reason=reason.strip()
    )


def alliance_is_member(*, alliance: Alliance, user: User) -> bool:
    return any(is_member(user, org_id) for org_id in active_members(alliance).values_list("organization_id", flat=True))
