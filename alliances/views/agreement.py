"""The agreement tab: draw it up, read the latest version clause by clause, propose a change to one clause,
compare versions, read it as HTML or download the PDF, and sign for a member organization."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import ApplicationError
from core.forms import add_application_error

from ..agreements import (
    agreement_diff,
    agreement_generate,
    agreement_render_html,
    agreement_render_pdf,
    agreement_sign,
    clause_propose,
)
from ..forms import AgreementForm, ClauseForm, SignForm
from ..models import Agreement, AgreementVersion
from .common import admin_organization_ids, current_members, member_alliance


def _agreement(alliance) -> Agreement | None:
    return Agreement.objects.filter(alliance=alliance).first()


def _version(alliance, number: int) -> AgreementVersion:
    version = (
        AgreementVersion.objects.filter(agreement__alliance=alliance, number=number)
        .select_related("agreement__alliance")
        .first()
    )
    if version is None:
        raise Http404
    return version


def _render(request, alliance, *, generate_form=None, clause_form=None, status=200):
    agreement = _agreement(alliance)
    versions = (
        list(
            agreement.versions.select_related("created_by", "created_by_organization")
            .prefetch_related("signatures__organization", "signatures__signed_by")
            .order_by("-number")
        )
        if agreement
        else []
    )
    latest = versions[0] if versions else None
    members = current_members(alliance)
    admin_ids = admin_organization_ids(request.user)
    signed_ids = {s.organization_id for s in latest.signatures.all()} if latest else set()
    clauses = []
    for clause in latest.clauses if latest else []:
        failed = clause_form is not None and clause_form.data.get("clause_key") == clause["key"]
        form = clause_form if failed else ClauseForm(initial={"clause_key": clause["key"], "text": clause["text"]})
        form.auto_id = f"clause-{clause['key']}-%s"  # one form per clause on the page, each with its own ids
        clauses.append({**clause, "form": form, "failed": failed})
    context = {
        "alliance": alliance,
        "tab": "agreement",
        "agreement": agreement,
        "versions": versions,
        "latest": latest,
        "clauses": clauses,
        "generate_form": generate_form or AgreementForm(initial={"language": "en"}),
        "can_generate": any(m.organization_id in admin_ids for m in members),
        "to_sign": [m for m in members if m.organization_id in admin_ids and m.organization_id not in signed_ids],
        "unsigned": [m for m in members if m.organization_id not in signed_ids],
    }
    return render(request, "alliances/agreement.html", context, status=status)


@login_required
def agreement_page(request, pk: int):
    alliance = member_alliance(request.user, pk)
    if request.method != "POST":
        return _render(request, alliance)
    form = AgreementForm(request.POST)
    if form.is_valid():
        try:
            agreement_generate(
                alliance=alliance, by=request.user, language=form.cleaned_data["language"], settings=form.settings()
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("The agreement is drawn up as version 1."))
            return redirect("alliances:agreement", pk=alliance.pk)
    return _render(request, alliance, generate_form=form, status=400)


@login_required
@require_POST
def clause_change(request, pk: int):
    alliance = member_alliance(request.user, pk)
    form = ClauseForm(request.POST)
    if form.is_valid():
        try:
            version = clause_propose(
                alliance=alliance,
                clause_key=form.cleaned_data["clause_key"],
                text=form.cleaned_data["text"],
                note=form.cleaned_data["note"],
                by=request.user,
                organization=_acting_admin_org(request, alliance),
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(
                request,
                _("Your change is version %(number)d; every member signs it again.") % {"number": version.number},
            )
            return redirect("alliances:agreement", pk=alliance.pk)
    return _render(request, alliance, clause_form=form, status=400)


def _acting_admin_org(request, alliance):
    """The member organization the user proposes for: the current one if it is an administered member."""
    admin_ids = admin_organization_ids(request.user)
    members = [m for m in current_members(alliance) if m.organization_id in admin_ids]
    current = getattr(request.organization, "pk", None)
    chosen = next((m for m in members if m.organization_id == current), members[0] if members else None)
    return chosen.organization if chosen else None


@login_required
@require_POST
def sign(request, pk: int):
    alliance = member_alliance(request.user, pk)
    form = SignForm(request.POST)
    if not form.is_valid():
        raise Http404
    version = _version(alliance, form.cleaned_data["version"])
    member = next(
        (
            m
            for m in current_members(alliance)
            if m.organization_id == form.cleaned_data["organization"]
            and m.organization_id in admin_organization_ids(request.user)
        ),
        None,
    )
    if member is None:
        raise Http404
    try:
        agreement_sign(version=version, organization=member.organization, by=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        alliance.refresh_from_db()
        messages.success(
            request,
            _("%(org)s signed version %(number)d.") % {"org": member.organization.legal_name, "number": version.number},
        )
        if alliance.is_active:
            messages.success(request, _("Every member has signed: %(name)s is active.") % {"name": alliance.name})
    return redirect("alliances:agreement", pk=alliance.pk)


@login_required
def version_html(request, pk: int, number: int):
    alliance = member_alliance(request.user, pk)
    version = _version(alliance, number)
    return render(
        request,
        "alliances/agreement_version.html",
        {
            "alliance": alliance,
            "tab": "agreement",
            "version": version,
            "article": mark_safe(agreement_render_html(version=version)),  # noqa: S308 - the renderer escapes values
        },
    )


@login_required
def version_pdf(request, pk: int, number: int):
    alliance = member_alliance(request.user, pk)
    version = _version(alliance, number)
    response = HttpResponse(agreement_render_pdf(version=version), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="agreement-{alliance.pk}-v{version.number}.pdf"'
    return response


@login_required
def version_diff(request, pk: int):
    alliance = member_alliance(request.user, pk)
    try:
        number_a, number_b = int(request.GET.get("a", "")), int(request.GET.get("b", ""))
    except ValueError:
        messages.error(request, _("Choose two versions to compare."))
        return redirect(reverse("alliances:agreement", args=[alliance.pk]) + "#versions")
    version_a, version_b = _version(alliance, number_a), _version(alliance, number_b)
    level = request.GET.get("level") if request.GET.get("level") in ("word", "line") else "word"
    changes = agreement_diff(version_a=version_a, version_b=version_b, level=level)
    return render(
        request,
        "alliances/agreement_diff.html",
        {
            "alliance": alliance,
            "tab": "agreement",
            "version_a": version_a,
            "version_b": version_b,
            "changes": changes,
            "level": level,
            "numbers": list(
                AgreementVersion.objects.filter(agreement__alliance=alliance)
                .values_list("number", flat=True)
                .order_by("number")
            ),
        },
    )
