"""Helpers shared by the compliance pages: the user's own assessments, requirement items and sections."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from .. import selectors
from ..forms import AnswerForm, CommentForm, EvidenceForm
from ..models import (
    Answer,
    Assessment,
    AssessmentState,
    Evidence,
    QuestionAnswer,
    ReadinessShare,
    Requirement,
    ReviewComment,
)

PAGE_SIZE = 25
CAME_BACK = {AssessmentState.NEEDS_MORE, AssessmentState.ACCEPTED, AssessmentState.REJECTED}
CHARTED = [AssessmentState.SUBMITTED, AssessmentState.ACCEPTED]


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _title(obj) -> str:
    """The framework's or requirement's title in the page's language (German where the file has it)."""
    return obj.local_title


def _anchor(url_name: str, pk: int, requirement_pk: int) -> str:
    return f"{reverse(url_name, args=[pk])}#req-{requirement_pk}"


# --- private reads, narrowed by the selectors --------------------------------------------------


def _badges_with_history(user, organization_id: int) -> dict:
    """The strongest valid badge per kind, and the others the user may see (weaker, expired, suspended)."""
    visible = selectors.badge_list_visible_to(user=user).filter(organization_id=organization_id)
    strongest = selectors.badges_strongest().filter(organization_id=organization_id).values("pk")
    history = list(visible.exclude(pk__in=strongest))
    today = timezone.localdate()
    for badge in history:
        badge.is_past = badge.valid_until < today
        badge.outranked = True  # valid but not the strongest: a checked badge of the same kind stands above it
    return {"badges": list(visible.filter(pk__in=strongest).order_by("kind")), "history": history}


def _own_assessment(request, pk: int) -> Assessment:
    """An assessment of the organization the user acts for; anyone else's is not found."""
    if not request.organization:
        raise Http404
    visible = selectors.assessment_list_visible_to(user=request.user)
    return get_object_or_404(visible.filter(organization_id=request.organization.pk), pk=pk)


def _requirements(assessment: Assessment):
    return (
        Requirement.objects.filter(framework_id=assessment.framework_id)
        .prefetch_related("questions__choices")
        .order_by("position")
    )


def _requirement(assessment: Assessment, requirement_pk: int) -> Requirement:
    return get_object_or_404(_requirements(assessment).filter(is_section=False), pk=requirement_pk)


def _shares_given(organization):
    return (
        ReadinessShare.objects.filter(owner_id=organization.pk, revoked_at__isnull=True)
        .select_related("grantee")
        .order_by("grantee__legal_name", "id")
    )


@dataclass
class Item:
    """One requirement on a page, with what was answered, filed and commented on it."""

    requirement: Requirement
    title: str
    answer: Answer | None = None
    selected: dict[int, list[str]] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)
    comments: list[ReviewComment] = field(default_factory=list)
    answer_form: AnswerForm | None = None
    evidence_form: EvidenceForm | None = None
    comment_form: CommentForm | None = None

    @property
    def latest_evidence(self) -> list[Evidence]:
        replaced = {item.supersedes_id for item in self.evidence}
        return [item for item in self.evidence if item.pk not in replaced]

    @property
    def question_answers(self) -> list[tuple[str, list[str]]]:
        """(question, chosen labels) for the read-only views."""
        rows = []
        for question in self.requirement.questions.all():
            if question.pk in self.selected:
                labels = {choice.value: choice.local_label for choice in question.choices.all()}
                rows.append((question.local_text, [labels.get(v, v) for v in self.selected[question.pk]]))
        return rows


@dataclass
class Section:
    requirement: Requirement
    title: str
    score: selectors.SectionScore | None
    items: list[Item]


def _sections(request, assessment: Assessment, *, comments: bool):
    """The framework's sections with their items, the items by requirement id, and the score report."""
    answers = {answer.requirement_id: answer for answer in Answer.objects.filter(assessment=assessment)}
    chosen = dict(QuestionAnswer.objects.filter(assessment=assessment).values_list("question_id", "values"))
    evidence: dict[int, list[Evidence]] = {}
    for item in selectors.evidence_list_visible_to(user=request.user).filter(assessment=assessment):
        evidence.setdefault(item.requirement_id, []).append(item)
    remarks: dict[int, list[ReviewComment]] = {}
    if comments:
        for comment in ReviewComment.objects.filter(assessment=assessment).order_by("created_at", "id"):
            remarks.setdefault(comment.requirement_id, []).append(comment)
    report = selectors.assessment_score(assessment=assessment)
    scores = {score.code: score for score in report.sections}
    sections: list[Section] = []
    items: dict[int, Item] = {}
    for requirement in _requirements(assessment):
        if requirement.is_section:
            sections.append(Section(requirement, _title(requirement), scores.get(requirement.code), []))
            continue
        selected = {q.pk: chosen[q.pk] for q in requirement.questions.all() if q.pk in chosen}
        item = Item(
            requirement,
            _title(requirement),
            answers.get(requirement.pk),
            selected,
            evidence.get(requirement.pk, []),
            remarks.get(requirement.pk, []),
        )
        sections[-1].items.append(item)
        items[requirement.pk] = item
    return sections, items, report


# --- SME: overview, starting, sharing ----------------------------------------------------------
