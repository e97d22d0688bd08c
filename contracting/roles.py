"""Who acts for which side of a contract: the buyer's procurement officers and members, the supplier's admins
and members, and the members of a consortium supplier. Shared by permissions, selectors and services."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from alliances.models import AllianceMember
from organizations.models import Membership, PlatformRoleKind, User
from organizations.permissions import is_member, is_org_admin, membership_roles


def party_organization_ids(user: User | None) -> QuerySet:
    """A subquery of the organizations whose contracts the user may see: the user's own organizations and every
    consortium (an Organization of kind consortium, linked to its alliance) one of them is a current member of."""
    if user is None or not user.is_authenticated:
        return Membership.objects.none().values("organization_id")
    own = Membership.objects.filter(user=user).values("organization_id")
    consortia = AllianceMember.objects.filter(
        organization_id__in=own, left_at__isnull=True, alliance__organization__isnull=False
    ).values("alliance__organization_id")
    return Membership.objects.filter(Q(user=user) | Q(organization_id__in=consortia)).values("organization_id")


def visible_organization_ids(user: User | None) -> frozenset[int]:
    """The same set as `party_organization_ids`, read once per user object, for checks in Python."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_contracting_party_ids", None)
    if cached is None:
        own = set(membership_roles(user))
        consortia = set(
            AllianceMember.objects.filter(
                organization_id__in=own, left_at__isnull=True, alliance__organization__isnull=False
            ).values_list("alliance__organization_id", flat=True)
        )
        cached = frozenset(own | consortia)
        user._contracting_party_ids = cached
    return cached


def is_party(user: User, contract) -> bool:
    ids = visible_organization_ids(user)
    return contract.buyer_id in ids or contract.supplier_id in ids


def is_officer_of(user: User, buyer_id: int) -> bool:
    return user.has_platform_role(PlatformRoleKind.PROCUREMENT_OFFICER) and is_member(user, buyer_id)


def is_buyer_officer(user: User, contract) -> bool:
    return is_officer_of(user, contract.buyer_id)


def is_buyer_member(user: User, contract) -> bool:
    return is_member(user, contract.buyer_id)


def is_supplier_signatory(user: User, contract) -> bool:
    """An administrator of the supplier (for a consortium, its Organization carries the lead's admins)."""
    return is_org_admin(user, contract.supplier_id)


def is_supplier_side(user: User, contract) -> bool:
    """The supplier's members and, for a consortium, the members of its member organizations."""
    return contract.supplier_id in visible_organization_ids(user)
