"""Pages where an SME runs assessments, uploads evidence, exports results and shares readiness."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import ApplicationError
from core.files import private_download
from core.forms import add_application_error
from organizations import selectors as organization_selectors
from organizations.models import PlatformRoleKind

from .. import exports, selectors, services
from ..forms import AnswerForm, EvidenceForm, ShareForm, StartAssessmentForm
from ..models import (
    OPEN_STATES,
    Assessment,
    QuestionAnswer,
    ReadinessShare,
)
from ..services.assessments import EDITABLE_STATES
from ..services.sharing import SHAREABLE_KINDS
from .common import (
    CAME_BACK,
    _anchor,
    _badges_with_history,
    _is_htmx,
    _own_assessment,
    _requirement,
    _sections,
    _shares_given,
    _title,
)


def _share_candidates(organization):
    """The organizations one may share readiness with: companies, consortia, authorities, not oneself."""
    return (
        organization_selectors.organization_directory(kinds=SHAREABLE_KINDS)
        .prefetch_related(None)
        .exclude(pk=organization.pk)
    )


@login_required
def index(request):
    organization = request.organization
    assessments = (
        list(selectors.assessment_list_visible_to(user=request.user).filter(organization_id=organization.pk))
        if organization
        else []
    )
    open_by_framework = {a.framework_id: a for a in assessments if a.state in OPEN_STATES}
    context = {
        "frameworks": [
            (framework, _title(framework), open_by_framework.get(framework.pk))
            for framework in selectors.framework_list()
        ],
        "is_reviewer": request.user.has_platform_role(PlatformRoleKind.COMPLIANCE_REVIEWER),
        "organization": organization or None,
    }
    if organization:
        may_share = request.user.has_perm("compliance.add_readinessshare", ReadinessShare(owner_id=organization.pk))
        shares = list(_shares_given(organization))
        candidates = _share_candidates(organization)
        context.update(
            {
                "assessments": [
                    (assessment, _title(assessment.framework), selectors.assessment_score(assessment=assessment))
                    for assessment in assessments
                ],
                **_badges_with_history(request.user, organization.pk),
                "shares": shares,
                "may_share": may_share,
                "share_form": ShareForm(organizations=candidates.only("id", "legal_name")) if may_share else None,
            }
        )
    return render(request, "compliance/index.html", context)


@login_required
@require_POST
def assessment_start(request):
    organization = request.organization
    if not organization:
        messages.error(request, _("Register or join an organization before you start an assessment."))
        return redirect("compliance:index")
    form = StartAssessmentForm(request.POST, frameworks=selectors.framework_list())
    if not form.is_valid():
        raise Http404
    framework = form.cleaned_data["framework"]
    try:
        assessment = services.assessment_start(organization=organization, framework=framework, by=request.user)
    except ApplicationError as error:
        existing = (
            selectors.assessment_list_visible_to(user=request.user)
            .filter(organization_id=organization.pk, framework=framework, state__in=OPEN_STATES)
            .first()
        )
        if existing is None:
            messages.error(request, error.message)
        else:
            messages.error(
                request,
                format_html(
                    '{} <a href="{}" class="alert-link">{}</a>',
                    error.message,
                    reverse("compliance:assessment", args=[existing.pk]),
                    _("Open the assessment"),
                ),
            )
        return redirect("compliance:index")
    messages.success(
        request,
        _("The assessment of %(framework)s has started. Each answer is saved on its own.")
        % {"framework": _title(framework)},
    )
    return redirect("compliance:assessment", pk=assessment.pk)


@login_required
@require_POST
def share_grant(request):
    organization = request.organization
    if not organization or not request.user.has_perm(
        "compliance.add_readinessshare", ReadinessShare(owner_id=organization.pk)
    ):
        raise PermissionDenied
    form = ShareForm(request.POST, organizations=_share_candidates(organization).only("id", "legal_name"))
    if not form.is_valid():
        messages.error(request, form.errors["grantee"][0])
        return redirect(f"{reverse('compliance:index')}#sharing")
    try:
        share = services.share_grant(owner=organization, grantee_id=int(form.cleaned_data["grantee"]), by=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("%(org)s now sees your readiness scores and evidence.") % {"org": share.grantee.legal_name}
        )
    return redirect(f"{reverse('compliance:index')}#sharing")


@login_required
@require_POST
def share_revoke(request, pk: int):
    if not request.organization:
        raise Http404
    share = get_object_or_404(_shares_given(request.organization), pk=pk)
    if not request.user.has_perm("compliance.change_readinessshare", share):
        raise PermissionDenied
    services.share_revoke(share=share, by=request.user)
    messages.success(request, _("%(org)s no longer sees your readiness details.") % {"org": share.grantee.legal_name})
    return redirect(f"{reverse('compliance:index')}#sharing")


# --- SME: one assessment -----------------------------------------------------------------------


def _render_assessment(request, assessment: Assessment, *, bound: dict | None = None):
    """The assessment page; `bound` maps a requirement id to a re-rendered form with its errors."""
    editable = assessment.state in EDITABLE_STATES
    sections, items, report = _sections(request, assessment, comments=assessment.state in CAME_BACK)
    if editable:
        for item in items.values():
            item.answer_form = AnswerForm(requirement=item.requirement, answer=item.answer, selected=item.selected)
            item.evidence_form = EvidenceForm(requirement=item.requirement, latest=item.latest_evidence)
    for requirement_pk, form in (bound or {}).items():
        setattr(items[requirement_pk], "answer_form" if isinstance(form, AnswerForm) else "evidence_form", form)
    return render(
        request,
        "compliance/assessment.html",
        {
            "assessment": assessment,
            "framework_title": _title(assessment.framework),
            "sections": sections,
            "report": report,
            "editable": editable,
            "show_comments": assessment.state in CAME_BACK,
            "last_review": assessment.reviews.first() if assessment.state in CAME_BACK else None,
        },
    )


@login_required
def assessment_detail(request, pk: int):
    return _render_assessment(request, _own_assessment(request, pk))


@login_required
@require_POST
def requirement_answer(request, pk: int, requirement_pk: int):
    """Save one requirement; htmx gets the block back (with the new scores out of band), others a redirect."""
    assessment = _own_assessment(request, pk)
    requirement = _requirement(assessment, requirement_pk)
    selected = dict(
        QuestionAnswer.objects.filter(assessment=assessment, question__requirement=requirement).values_list(
            "question_id", "values"
        )
    )
    form = AnswerForm(request.POST, requirement=requirement, selected=selected)
    saved = False
    if form.is_valid():
        try:
            services.assessment_answer(
                assessment=assessment, requirement=requirement, by=request.user, **form.service_data()
            )
            saved = True
        except ApplicationError as error:
            if error.code == "assessment_locked" and not _is_htmx(request):
                messages.error(request, error.message)
                return redirect("compliance:assessment", pk=assessment.pk)
            add_application_error(form, error)
    if not _is_htmx(request):
        if saved:
            messages.success(request, _("%(code)s is saved.") % {"code": requirement.code})
            return redirect(_anchor("compliance:assessment", assessment.pk, requirement.pk))
        return _render_assessment(request, assessment, bound={requirement.pk: form})
    # The block comes back as stored (or with the errors), with the new section and overall scores.
    sections, items, report = _sections(request, assessment, comments=assessment.state in CAME_BACK)
    item = items[requirement.pk]
    if saved:
        form = AnswerForm(requirement=requirement, answer=item.answer, selected=item.selected)
    item.answer_form = form
    item.evidence_form = EvidenceForm(requirement=requirement, latest=item.latest_evidence)
    section = next(section for section in sections if section.requirement.pk == requirement.parent_id)
    return render(
        request,
        "compliance/_answer_response.html",
        {
            "assessment": assessment,
            "item": item,
            "saved": saved,
            "report": report,
            "section": section,
            "show_comments": assessment.state in CAME_BACK,
        },
    )


@login_required
@require_POST
def evidence_upload(request, pk: int, requirement_pk: int):
    assessment = _own_assessment(request, pk)
    requirement = _requirement(assessment, requirement_pk)
    latest = list(
        selectors.evidence_list_visible_to(user=request.user).filter(
            assessment=assessment, requirement=requirement, superseded_by__isnull=True
        )
    )
    form = EvidenceForm(request.POST, request.FILES, requirement=requirement, latest=latest)
    if form.is_valid():
        try:
            evidence = services.evidence_upload(
                assessment=assessment, requirement=requirement, by=request.user, **form.service_data()
            )
        except ApplicationError as error:
            if error.code == "assessment_locked":
                messages.error(request, error.message)
                return redirect("compliance:assessment", pk=assessment.pk)
            add_application_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s (version %(version)d) is filed under %(code)s.")
                % {"name": evidence.original_name, "version": evidence.version, "code": requirement.code},
            )
            return redirect(_anchor("compliance:assessment", assessment.pk, requirement.pk))
    return _render_assessment(request, assessment, bound={requirement.pk: form})


@login_required
@require_POST
def assessment_submit(request, pk: int):
    assessment = _own_assessment(request, pk)
    try:
        services.assessment_submit(assessment=assessment, by=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _(
                "Submitted for review. Your self-assessed badge is issued; a reviewer "
                "will check the answers and evidence."
            ),
        )
    return redirect("compliance:assessment", pk=assessment.pk)


@login_required
def assessment_export(request, pk: int, kind: str):
    """The answers as CSV, or the ISO 27001 Statement of Applicability, as a download."""
    assessment = _own_assessment(request, pk)
    if kind == "soa":
        if assessment.framework.key != "iso27001":
            raise Http404
        content, name = exports.statement_of_applicability(assessment=assessment), "statement-of-applicability"
    else:
        content, name = exports.assessment_csv(assessment=assessment), assessment.framework.key
    filename = f"{slugify(assessment.organization.legal_name)}-{name}-{assessment.pk}.csv"
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def evidence_download(request, pk: int):
    """Stream a private evidence file to whoever may see it; for everyone else it does not exist."""
    evidence = get_object_or_404(
        selectors.evidence_list_visible_to(user=request.user).select_related("assessment"), pk=pk
    )
    if not request.user.has_perm("compliance.view_evidence", evidence):
        raise Http404
    return private_download(evidence.file, filename=evidence.original_name, content_type=evidence.content_type)


# --- readiness of an organization --------------------------------------------------------------
