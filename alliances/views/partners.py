"""Finding partners: search with due diligence side by side, first contact through the platform, inviting a
partner into one of your alliances, "looking for partners" announcements and the contacts page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from compliance.selectors import badges_strongest
from core.errors import ApplicationError
from core.forms import add_application_error
from marketplace import selectors as marketplace_selectors
from organizations.models import Organization

from .. import selectors, services
from ..forms import AnnouncementForm, ContactForm, InviteToAllianceForm, PartnerSearchForm, name_tenders_for
from ..models import CLOSED_ALLIANCE_STATES
from .common import admin_organization_ids, organization_required, page_of


def _with_badges(queryset):
    return queryset.prefetch_related(Prefetch("badges", queryset=badges_strongest(), to_attr="valid_badges"))


@login_required
def partner_search(request):
    form = PartnerSearchForm(request.GET or None)
    searched = form.is_bound and form.is_valid()
    results = Organization.objects.none()
    if searched:
        data = form.cleaned_data
        results = _with_badges(
            selectors.partner_search(
                query=data["q"],
                cpv=data["cpv"],
                country=data["country"],
                region=data["region"],
                sme_class=data["sme_class"],
                dual_use_intensity=data["dual_use_intensity"],
                tier_role=data["tier_role"],
                cluster=data["cluster"],
                badges=data["badge"],
            )
        )
        own = getattr(request.organization, "pk", None)
        if own:
            results = results.exclude(pk=own)
    return render(
        request,
        "alliances/partner_search.html",
        {"form": form, "searched": searched, "page": page_of(request, results)},
    )


def _partner(pk: int) -> Organization:
    partner = (
        Organization.objects.filter(pk=pk, kind="company").prefetch_related("capability_codes", "clusters").first()
    )
    if partner is None:
        raise Http404
    return partner


def _inviting_alliances(user):
    """Alliances the user may invite into: a member organization the user administers, not closing."""
    return (
        selectors.alliance_workspace_visible_to(user=user)
        .filter(members__organization_id__in=admin_organization_ids(user), members__left_at__isnull=True)
        .exclude(state__in=CLOSED_ALLIANCE_STATES)
        .distinct()
        .order_by("name")
    )


def _render_partner(request, partner, *, contact_form=None, invite_form=None, status=200):
    viewer = request.organization or None
    alliances = list(_inviting_alliances(request.user))
    return render(
        request,
        "alliances/partner_detail.html",
        {
            "partner": partner,
            "theirs": selectors.due_diligence(viewer=viewer, partner=partner) if viewer else None,
            "ours": selectors.due_diligence(viewer=viewer, partner=viewer) if viewer else None,
            "contact_form": contact_form or ContactForm(),
            "invite_form": invite_form or InviteToAllianceForm(alliances=alliances, prefix="invite"),
            "alliances": alliances,
            "is_self": viewer is not None and viewer.pk == partner.pk,
        },
        status=status,
    )


@login_required
@organization_required
def partner_detail(request, pk: int):
    return _render_partner(request, _partner(pk))


@login_required
@organization_required
@require_POST
def partner_contact(request, pk: int):
    partner = _partner(pk)
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            services.contact_request_send(
                sender=request.organization, recipient=partner, by=request.user, **form.cleaned_data
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("Your message was sent to %(org)s.") % {"org": partner.legal_name})
            return redirect("alliances:partner", pk=partner.pk)
    return _render_partner(request, partner, contact_form=form, status=400)


@login_required
@organization_required
@require_POST
def partner_invite(request, pk: int):
    partner = _partner(pk)
    alliances = list(_inviting_alliances(request.user))
    form = InviteToAllianceForm(request.POST, alliances=alliances, prefix="invite")
    if form.is_valid():
        alliance = next(a for a in alliances if a.pk == form.cleaned_data["alliance"])
        try:
            services.alliance_invite(
                alliance=alliance, organization=partner, by=request.user, message=form.cleaned_data["message"]
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(
                request, _("%(org)s is invited to %(name)s.") % {"org": partner.legal_name, "name": alliance.name}
            )
            return redirect("alliances:detail", pk=alliance.pk)
    return _render_partner(request, partner, invite_form=form, status=400)


@login_required
def announcements(request):
    form = AnnouncementForm(request.POST or None)
    name_tenders_for(form, request.user, "tender")
    if request.method == "POST":
        if not request.organization:
            return redirect("organization-create")
        if form.is_valid():
            data = form.cleaned_data
            tender = None
            if data["tender"]:
                tender = (
                    marketplace_selectors.tender_list_visible_to(user=request.user).filter(pk=data["tender"]).first()
                )
                if tender is None:
                    form.add_error("tender", _("No such tender."))
            if not form.errors:
                try:
                    services.announcement_create(
                        organization=request.organization,
                        by=request.user,
                        tender=tender,
                        topic=data["topic"],
                        text=data["text"],
                        cpv_codes=data["cpv_codes"],
                    )
                except ApplicationError as error:
                    add_application_error(form, error)
                else:
                    messages.success(request, _("Your announcement is published."))
                    return redirect("alliances:announcements")
    return render(
        request,
        "alliances/announcements.html",
        {"form": form, "page": page_of(request, selectors.announcements_open())},
        status=400 if form.errors else 200,
    )


@login_required
def contacts(request):
    mine = set(request.user.memberships.values_list("organization_id", flat=True))
    admin_ids = admin_organization_ids(request.user)
    rows = selectors.contacts_for(user=request.user).select_related("revealed_by", "sent_by")
    received = [c for c in rows if c.recipient_id in mine]
    sent = [c for c in rows if c.sender_id in mine and c.recipient_id not in mine]
    return render(request, "alliances/contacts.html", {"received": received, "sent": sent, "admin_ids": admin_ids})


@login_required
@require_POST
def contact_reveal(request, pk: int):
    contact = selectors.contacts_for(user=request.user).filter(pk=pk).first()
    if contact is None:
        raise Http404
    try:
        services.contact_details_reveal(contact=contact, by=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(org)s can now see your name and e-mail address.") % {"org": contact.sender})
    return redirect("alliances:contacts")
