"""The alliance page: members with roles and shares, and the forms that change them (shares and lead, invite,
leave, dissolve). Members see everything; an invitee sees a summary with accept and decline."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import ApplicationError
from core.forms import add_application_error
from organizations.models import Organization, OrganizationKind

from .. import selectors, services
from ..edf import alliance_edf_check
from ..forms import DissolveForm, InviteForm, LeaveForm, SharesForm
from .common import (
    acting_member,
    admin_organization_ids,
    current_members,
    member_alliance,
    my_open_invitation,
    visible_alliance,
)


def _render_detail(request, alliance, **forms):
    members = current_members(alliance)
    lead = next((m for m in members if m.role == "lead"), None)
    admin_ids = admin_organization_ids(request.user)
    is_admin = any(m.organization_id in admin_ids for m in members)
    context = {
        "alliance": alliance,
        "members": members,
        "lead": lead,
        "is_admin": is_admin,
        "is_lead_admin": lead is not None and lead.organization_id in admin_ids,
        "acting": acting_member(request, members),
        "shares_form": forms.get("shares_form") or SharesForm(members=members),
        "invite_form": forms.get("invite_form") or InviteForm(prefix="invite"),
        "leave_form": forms.get("leave_form") or LeaveForm(prefix="leave"),
        "dissolve_form": forms.get("dissolve_form") or DissolveForm(prefix="dissolve"),
        "invitations": alliance.invitations.filter(state="open").select_related("organization"),
        "closed": alliance.is_closed,
        "edf": alliance_edf_check(alliance=alliance) if alliance.aims_at_edf else None,
        "tab": "overview",
    }
    status = 400 if any(form.errors or getattr(form, "column_errors", None) for form in forms.values()) else 200
    return render(request, "alliances/alliance_detail.html", context, status=status)


@login_required
def alliance_detail(request, pk: int):
    alliance = visible_alliance(request.user, pk)
    if not selectors.alliance_workspace_visible_to(user=request.user).filter(pk=pk).exists():
        invitation = my_open_invitation(request.user, alliance)
        return render(
            request,
            "alliances/alliance_summary.html",
            {"alliance": alliance, "invitation": invitation, "members": current_members(alliance)},
        )
    return _render_detail(request, member_alliance(request.user, pk))


@login_required
@require_POST
def members_set(request, pk: int):
    alliance = member_alliance(request.user, pk)
    form = SharesForm(request.POST, members=current_members(alliance))
    if form.is_valid():
        lead_id = form.cleaned_data["lead"]
        lead = Organization.objects.filter(pk=lead_id).first() if lead_id else None
        try:
            services.members_set(alliance=alliance, by=request.user, rows=form.service_rows(), lead=lead)
        except ApplicationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The shares and the lead are saved."))
            return redirect("alliances:detail", pk=alliance.pk)
    return _render_detail(request, alliance, shares_form=form)


@login_required
@require_POST
def invite(request, pk: int):
    alliance = member_alliance(request.user, pk)
    form = InviteForm(request.POST, prefix="invite")
    if form.is_valid():
        matches = list(
            Organization.objects.filter(
                pk=form.cleaned_data["organization"], kind__in=[OrganizationKind.COMPANY, OrganizationKind.AUTHORITY]
            )
        )
        if not matches:
            form.add_error("organization", _("Pick a company or authority from the list."))
        else:
            try:
                services.alliance_invite(
                    alliance=alliance, organization=matches[0], by=request.user, message=form.cleaned_data["message"]
                )
            except ApplicationError as error:
                add_application_error(form, error)
            else:
                messages.success(request, _("%(org)s is invited.") % {"org": matches[0].legal_name})
                return redirect("alliances:detail", pk=alliance.pk)
    return _render_detail(request, alliance, invite_form=form)


@login_required
@require_POST
def leave(request, pk: int):
    alliance = member_alliance(request.user, pk)
    form = LeaveForm(request.POST, prefix="leave")
    member = acting_member(request, current_members(alliance))
    if form.is_valid() and member is not None:
        try:
            services.alliance_leave(
                alliance=alliance,
                organization=member.organization,
                by=request.user,
                exit_steps_done=form.cleaned_data["exit_steps_done"],
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(
                request, _("%(org)s left %(name)s.") % {"org": member.organization.legal_name, "name": alliance.name}
            )
            return redirect("alliances:index")
    return _render_detail(request, alliance, leave_form=form)


@login_required
@require_POST
def dissolve(request, pk: int):
    alliance = member_alliance(request.user, pk)
    form = DissolveForm(request.POST, prefix="dissolve")
    if form.is_valid():
        try:
            alliance = services.alliance_dissolve(
                alliance=alliance, by=request.user, reason=form.cleaned_data["reason"], final=form.cleaned_data["final"]
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is now %(state)s.") % {"name": alliance.name, "state": alliance.get_state_display()},
            )
            return redirect("alliances:detail", pk=alliance.pk)
    return _render_detail(request, alliance, dissolve_form=form)
