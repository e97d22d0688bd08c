"""What the alliance pages share: the alliances a user may see, the member organizations a user administers.

Someone else's alliance, thread, document or task answers 404: its id reveals nothing."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from organizations.models import Membership, MembershipRole

from .. import selectors
from ..models import Alliance, AllianceInvitation, AllianceMember

PAGE_SIZE = 25


def page_of(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def organization_required(view):
    """Pages that act for an organization send users without one to register it first."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.organization:
            messages.info(request, _("Register your organization or join one to form alliances."))
            return redirect("organization-create")
        return view(request, *args, **kwargs)

    return wrapped


def admin_organization_ids(user) -> set[int]:
    return set(
        Membership.objects.filter(user=user, role=MembershipRole.ADMIN).values_list("organization_id", flat=True)
    )


def visible_alliance(user, pk: int) -> Alliance:
    """Members and invitees see the alliance; anybody else gets 404."""
    alliance = selectors.alliance_list_visible_to(user=user).filter(pk=pk).first()
    if alliance is None:
        raise Http404
    return alliance


def member_alliance(user, pk: int) -> Alliance:
    """Only current members open the workspace and the agreement (invitees and platform staff get 404)."""
    alliance = (
        selectors.alliance_workspace_visible_to(user=user)
        .filter(pk=pk)
        .select_related("organization", "target_tender")
        .first()
    )
    if alliance is None:
        raise Http404
    return alliance


def current_members(alliance: Alliance) -> list[AllianceMember]:
    return list(
        alliance.members.filter(left_at__isnull=True).select_related("organization").order_by("joined_at", "id")
    )


def my_open_invitation(user, alliance: Alliance) -> AllianceInvitation | None:
    return selectors.invitations_for(user=user).filter(alliance=alliance).first()


def acting_member(request, members: list[AllianceMember]) -> AllianceMember | None:
    """The member the user acts for: the current organization if it is a member, else the first one the user
    administers."""
    admin_ids = admin_organization_ids(request.user)
    current = getattr(request.organization, "pk", None)
    for member in members:
        if member.organization_id == current:
            return member
    return next((m for m in members if m.organization_id in admin_ids), None)
