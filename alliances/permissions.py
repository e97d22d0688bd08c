"""Object-permission rules of alliances, and what the marketplace asks of consortia: active, and who is in it."""

from __future__ import annotations

from django.db.models import F
from django.utils.translation import gettext as _

from marketplace.bidders import register_consortium_members
from marketplace.eligibility import register_eligibility_check
from organizations.models import User
from organizations.permissions import is_member, register_rule

from .models import Alliance, AllianceMember, InvitationState


@register_rule(Alliance)
def alliance_rule(user: User, action: str, obj: Alliance) -> bool:
    member_orgs = obj.members.filter(left_at__isnull=True).values_list("organization_id", flat=True)
    if any(is_member(user, org_id) for org_id in member_orgs):
        return True
    # An invited organization may look at the alliance it is invited to (the workspace stays closed).
    invited = obj.invitations.filter(state=InvitationState.OPEN).values_list("organization_id", flat=True)
    return action == "view" and any(is_member(user, org_id) for org_id in invited)


@register_eligibility_check
def consortium_must_be_active(organization, tender) -> list[str]:
    alliance = Alliance.objects.filter(organization=organization).first()
    if organization.kind == "consortium" and (alliance is None or not alliance.is_active):
        return [_("The consortium can bid only while its alliance is active (agreement signed by every member).")]
    return []


@register_consortium_members
def consortium_member_rows():
    """Who a consortium (the organization a consortium or ARGE bids as) consists of now: the marketplace judges
    a consortium by its members (barred countries, SME reservation)."""
    return AllianceMember.objects.filter(left_at__isnull=True, alliance__organization__isnull=False).annotate(
        consortium_id=F("alliance__organization_id"), member_id=F("organization_id")
    )
