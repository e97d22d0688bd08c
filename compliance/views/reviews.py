"""Pages of the plausibility review, and the readiness page others see."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import ApplicationError
from core.forms import add_application_error
from organizations import selectors as organization_selectors
from organizations.models import PlatformRoleKind

from .. import selectors, services
from ..forms import CommentForm, DecisionForm
from ..models import (
    Assessment,
    AssessmentState,
)
from .common import (
    CHARTED,
    PAGE_SIZE,
    _anchor,
    _badges_with_history,
    _requirement,
    _sections,
    _title,
)


@login_required
def readiness(request, pk: int):
    """Public badges; the section scores only for the organization itself and those it shares with."""
    organization = get_object_or_404(organization_selectors.organization_directory().prefetch_related(None), pk=pk)
    viewer = request.organization
    shared = bool(viewer) and selectors.readiness_shared(owner=organization, viewer=viewer)
    charts = []
    if shared:
        latest = (
            selectors.assessment_list_visible_to(user=request.user)
            .filter(organization_id=pk, state__in=CHARTED)
            .order_by("framework_id", "-submitted_at", "-id")
            .distinct("framework_id")
        )
        charts = sorted(
            (
                (assessment, _title(assessment.framework), selectors.assessment_score(assessment=assessment))
                for assessment in latest
            ),
            key=lambda chart: chart[1],
        )
    return render(
        request,
        "compliance/readiness.html",
        {
            "organization": organization,
            **_badges_with_history(request.user, pk),
            "shared": shared,
            "charts": charts,
            "own": bool(viewer) and viewer.pk == organization.pk,
        },
    )


# --- reviewers ---------------------------------------------------------------------------------


def _ensure_reviewer(request) -> None:
    if not request.user.has_platform_role(PlatformRoleKind.COMPLIANCE_REVIEWER):
        raise PermissionDenied


def _reviewed_assessment(request, pk: int) -> Assessment:
    _ensure_reviewer(request)
    return get_object_or_404(selectors.assessment_list_visible_to(user=request.user), pk=pk)


@login_required
def review_queue(request):
    _ensure_reviewer(request)
    page = Paginator(selectors.review_queue(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "compliance/review_queue.html", {"page": page})


def _render_review(
    request,
    assessment: Assessment,
    *,
    comment_form: CommentForm | None = None,
    decision_form: DecisionForm | None = None,
):
    holder = selectors.assessment_reviewer(assessment=assessment)
    taken_by_colleague = holder is not None and holder.pk != request.user.pk
    reviewable = assessment.state == AssessmentState.SUBMITTED and not taken_by_colleague
    sections, items, report = _sections(request, assessment, comments=True)
    if reviewable:
        for item in items.values():
            item.comment_form = CommentForm(requirement=item.requirement)
    if comment_form is not None:  # shown with its errors even if the assessment left review meanwhile
        items[comment_form.requirement.pk].comment_form = comment_form
    return render(
        request,
        "compliance/review.html",
        {
            "assessment": assessment,
            "framework_title": _title(assessment.framework),
            "sections": sections,
            "report": report,
            "reviewable": reviewable,
            "holder": holder,
            "taken_by_colleague": taken_by_colleague,
            "may_release": holder is not None
            and (not taken_by_colleague or request.user.has_platform_role(PlatformRoleKind.PLATFORM_ADMIN)),
            "own_organization": selectors.assessment_is_own(user=request.user, assessment=assessment),
            "decision_form": decision_form or (DecisionForm() if reviewable else None),
            "reviews": assessment.reviews.select_related("reviewer"),
        },
    )


@login_required
def review_detail(request, pk: int):
    return _render_review(request, _reviewed_assessment(request, pk))


@login_required
@require_POST
def review_comment(request, pk: int, requirement_pk: int):
    assessment = _reviewed_assessment(request, pk)
    requirement = _requirement(assessment, requirement_pk)
    form = CommentForm(request.POST, requirement=requirement)
    if form.is_valid():
        try:
            services.review_comment_add(
                assessment=assessment, requirement=requirement, text=form.cleaned_data["text"], reviewer=request.user
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("Your comment on %(code)s is recorded.") % {"code": requirement.code})
            return redirect(_anchor("compliance:review", assessment.pk, requirement.pk))
    return _render_review(request, assessment, comment_form=form)


@login_required
@require_POST
def review_decide(request, pk: int):
    assessment = _reviewed_assessment(request, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            review = services.review_decide(assessment=assessment, reviewer=request.user, **form.cleaned_data)
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(
                request,
                _("%(assessment)s: %(decision)s.")
                % {"assessment": assessment, "decision": review.get_decision_display()},
            )
            return redirect("compliance:review-queue")
    return _render_review(request, assessment, decision_form=form)


@login_required
@require_POST
def review_take(request, pk: int):
    assessment = _reviewed_assessment(request, pk)
    try:
        services.review_take(assessment=assessment, reviewer=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("You took this review; colleagues see it as yours until you release it."))
    return redirect("compliance:review", assessment.pk)


@login_required
@require_POST
def review_release(request, pk: int):
    assessment = _reviewed_assessment(request, pk)
    try:
        services.review_release(assessment=assessment, reviewer=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("compliance:review", assessment.pk)
    messages.success(request, _("The review is back in the queue for any reviewer."))
    return redirect("compliance:review-queue")
