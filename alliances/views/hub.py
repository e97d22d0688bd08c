"""The alliances hub: my alliances and invitations, the kinds compared, founding an alliance, answering."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.errors import ApplicationError
from core.forms import add_application_error
from marketplace import selectors as marketplace_selectors

from .. import selectors, services
from ..forms import KIND_GUIDANCE, AllianceForm, name_tenders_for
from ..models import AllianceKind
from .common import organization_required

# What sets the kinds apart, in the order of the comparison table's rows.
ASPECTS = [
    (
        gettext_lazy("Legal independence"),
        {
            AllianceKind.STRATEGIC_ALLIANCE: gettext_lazy("Fully independent; a contract ties you, no new entity."),
            AllianceKind.CONSORTIUM: gettext_lazy("Independent; the lead represents the others towards the buyer."),
            AllianceKind.JOINT_VENTURE: gettext_lazy("A new legal entity; the parents own it."),
            AllianceKind.ARGE: gettext_lazy("Independent, but acting together as one bidder for one contract."),
            AllianceKind.PLATFORM_MEMBERSHIP: gettext_lazy("Fully independent; no binding contract."),
        },
    ),
    (
        gettext_lazy("Capital"),
        {
            AllianceKind.STRATEGIC_ALLIANCE: gettext_lazy("None required."),
            AllianceKind.CONSORTIUM: gettext_lazy("None; each member funds its own share of the work."),
            AllianceKind.JOINT_VENTURE: gettext_lazy("Share capital paid in by the parents."),
            AllianceKind.ARGE: gettext_lazy("Usually none; sometimes a small common budget."),
            AllianceKind.PLATFORM_MEMBERSHIP: gettext_lazy("None."),
        },
    ),
    (
        gettext_lazy("Risk and liability"),
        {
            AllianceKind.STRATEGIC_ALLIANCE: gettext_lazy("Each for itself."),
            AllianceKind.CONSORTIUM: gettext_lazy("Usually several: each answers for its own share, with a cap."),
            AllianceKind.JOINT_VENTURE: gettext_lazy("Limited to the capital put into the new entity."),
            AllianceKind.ARGE: gettext_lazy("Usually joint: every member answers to the client for the whole."),
            AllianceKind.PLATFORM_MEMBERSHIP: gettext_lazy("None beyond the platform's terms."),
        },
    ),
    (
        gettext_lazy("Governance"),
        {
            AllianceKind.STRATEGIC_ALLIANCE: gettext_lazy("Regular meetings; decisions by consent."),
            AllianceKind.CONSORTIUM: gettext_lazy("A steering committee; the lead manages day to day."),
            AllianceKind.JOINT_VENTURE: gettext_lazy("The entity's own managers, supervised by the parents."),
            AllianceKind.ARGE: gettext_lazy("A managing member and a members' meeting."),
            AllianceKind.PLATFORM_MEMBERSHIP: gettext_lazy("None."),
        },
    ),
    (
        gettext_lazy("Duration"),
        {
            AllianceKind.STRATEGIC_ALLIANCE: gettext_lazy("Open-ended, with notice."),
            AllianceKind.CONSORTIUM: gettext_lazy("Until the project ends."),
            AllianceKind.JOINT_VENTURE: gettext_lazy("Long-term, until the parents wind it up."),
            AllianceKind.ARGE: gettext_lazy("Until the one contract is performed."),
            AllianceKind.PLATFORM_MEMBERSHIP: gettext_lazy("As long as you like."),
        },
    ),
    (
        gettext_lazy("Typical use"),
        {
            AllianceKind.STRATEGIC_ALLIANCE: gettext_lazy("Complementary products, shared market development."),
            AllianceKind.CONSORTIUM: gettext_lazy("A joint bid on a large tender or an EDF call."),
            AllianceKind.JOINT_VENTURE: gettext_lazy("A lasting joint business, e.g. production for a programme."),
            AllianceKind.ARGE: gettext_lazy("Construction or services for one client contract."),
            AllianceKind.PLATFORM_MEMBERSHIP: gettext_lazy("Finding partners and sharing leads."),
        },
    ),
]


@login_required
def index(request):
    user = request.user
    alliances = selectors.alliance_list_visible_to(user=user).prefetch_related("members__organization")
    return render(
        request,
        "alliances/index.html",
        {
            "alliances": alliances,
            "invitations": selectors.invitations_for(user=user).order_by("-created_at", "-id"),
        },
    )


@login_required
def kinds(request):
    rows = [(label, [texts[kind] for kind in AllianceKind.values]) for label, texts in ASPECTS]
    return render(
        request,
        "alliances/kinds.html",
        {"kinds": AllianceKind.choices, "rows": rows, "guidance": [KIND_GUIDANCE[k] for k in AllianceKind.values]},
    )


@login_required
@organization_required
def alliance_create(request):
    form = AllianceForm(
        request.POST or None,
        initial={"kind": request.GET.get("kind", AllianceKind.CONSORTIUM), "target_tender": request.GET.get("tender")},
    )
    name_tenders_for(form, request.user, "target_tender")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        tender = None
        if data["target_tender"]:
            tender = (
                marketplace_selectors.tender_list_visible_to(user=request.user).filter(pk=data["target_tender"]).first()
            )
            if tender is None:
                form.add_error("target_tender", _("No such tender."))
        if not form.errors:
            try:
                alliance = services.alliance_create(
                    founder=request.organization,
                    by=request.user,
                    kind=data["kind"],
                    name=data["name"],
                    purpose=data["purpose"],
                    target_tender=tender,
                    aims_at_edf=data["aims_at_edf"],
                )
            except ApplicationError as error:
                add_application_error(form, error)
            else:
                messages.success(request, _("%(name)s is founded. Invite your partners.") % {"name": alliance.name})
                return redirect("alliances:detail", pk=alliance.pk)
    return render(request, "alliances/alliance_form.html", {"form": form, "guidance": KIND_GUIDANCE})


@login_required
@require_POST
def invitation_answer(request, pk: int, answer: str):
    invitation = selectors.invitations_for(user=request.user).filter(pk=pk).first()
    if invitation is None or answer not in ("accept", "decline"):
        raise Http404
    try:
        services.invitation_answer(invitation=invitation, accept=answer == "accept", by=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("alliances:index")
    if answer == "accept":
        messages.success(request, _("You joined %(name)s.") % {"name": invitation.alliance.name})
        return redirect("alliances:detail", pk=invitation.alliance_id)
    messages.info(request, _("You declined the invitation to %(name)s.") % {"name": invitation.alliance.name})
    return redirect("alliances:index")
