"""Reads of the compliance app, and the questions other apps ask: badges held, readiness visible, screening.

Assessments, scores and evidence are private to the organization. Others see them only through
a share the organization granted; compliance reviewers see what was submitted for review.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, Exists, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import timezone

from organizations.models import Membership, Organization, PlatformRoleKind, User
from organizations.selectors import organization_ids_of

from .models import (
    REVIEW_ASSESSMENT,
    Answer,
    AnswerStatus,
    Assessment,
    AssessmentState,
    AssessmentUserObjectPermission,
    Badge,
    BadgeLevel,
    BarredCountry,
    Evidence,
    Framework,
    Licence,
    QuestionAnswer,
    QuestionKind,
    ReadinessShare,
    Requirement,
)
from .screening import ScreeningResult, screen  # noqa: F401  re-exported for the other apps

STATUS_FACTOR = {
    AnswerStatus.COMPLIANT: Decimal(1),
    AnswerStatus.PARTIAL: Decimal("0.5"),
    AnswerStatus.NOT_COMPLIANT: Decimal(0),
}


# --- public-contract bans: who may not be a party to a public contract at all ------------------


def barred_countries() -> dict[str, BarredCountry]:
    """The countries under an EU public-contract ban ({ISO code: row with its legal basis}); a handful of rows,
    read fresh on every call so an admin's change applies at once."""
    return {str(row.country): row for row in BarredCountry.objects.all()}


# --- badges: what the marketplace, alliances and loghubs ask ---------------------------------


def badges_valid_on(at: date | None = None, *, checked_only: bool = True) -> QuerySet[Badge]:
    """Badges that count on `at`: issued, not expired, not suspended, not revoked."""
    at = at or timezone.localdate()
    queryset = Badge.objects.filter(
        issued_on__lte=at,
        valid_until__gte=at,
        suspended_at__isnull=True,
        revoked_at__isnull=True,
        replaced_at__isnull=True,
    )
    return queryset.filter(level=BadgeLevel.CHECKED) if checked_only else queryset


def badges_strongest(at: date | None = None) -> QuerySet[Badge]:
    """Per organization and kind, the one valid badge that says most: plausibility-checked before
    self-assessed, then the newest. Pages list these; the other badges are the history behind them."""
    rank = Case(When(level=BadgeLevel.CHECKED, then=Value(0)), default=Value(1))
    strongest = (
        badges_valid_on(at, checked_only=False)
        .annotate(rank=rank)
        .order_by("organization_id", "kind", "rank", "-issued_on", "-id")
        .distinct("organization_id", "kind")
        .values("pk")
    )
    return Badge.objects.filter(pk__in=strongest).order_by("kind", "id")


def organization_has_badge(
    *, organization: Organization, kind: str, at: date | None = None, checked_only: bool = True
) -> bool:
    return badges_valid_on(at, checked_only=checked_only).filter(organization=organization, kind=kind).exists()


def organizations_with_badges(
    *, kinds: list[str], at: date | None = None, checked_only: bool = True
) -> QuerySet[Organization]:
    """Organizations holding every one of `kinds` on `at`, as a queryset to combine in SQL."""
    queryset = Organization.objects.all()
    valid = badges_valid_on(at, checked_only=checked_only)
    for kind in dict.fromkeys(kinds):
        queryset = queryset.filter(Exists(valid.filter(organization=OuterRef("pk"), kind=kind)))
    return queryset


def badge_list_visible_to(*, user: User) -> QuerySet[Badge]:
    """Valid badges are public; an organization also sees its own suspended, revoked and expired ones."""
    today = timezone.localdate()
    public = Q(suspended_at__isnull=True, revoked_at__isnull=True, valid_until__gte=today)
    own = Q(organization_id__in=Membership.objects.filter(user=user).values("organization_id"))
    queryset = Badge.objects.filter(replaced_at__isnull=True).select_related("organization")
    if not (user.is_platform_admin or user.has_platform_role(PlatformRoleKind.COMPLIANCE_REVIEWER)):
        queryset = queryset.filter(public | own)
    return queryset.order_by("organization__legal_name", "kind", "-issued_on", "-id")


# --- who may see readiness details -----------------------------------------------------------


def _shared_with(user: User):
    return ReadinessShare.objects.filter(revoked_at__isnull=True, grantee_id__in=organization_ids_of(user=user)).values(
        "owner_id"
    )


def assessment_list_visible_to(*, user: User) -> QuerySet[Assessment]:
    """Own assessments; submitted and decided ones of organizations that shared with the user's organization;
    for compliance reviewers, everything submitted for review or decided."""
    visible = Q(organization_id__in=organization_ids_of(user=user))
    not_draft = ~Q(state=AssessmentState.DRAFT)
    visible |= Q(organization_id__in=_shared_with(user)) & not_draft
    if user.is_platform_admin or user.has_platform_role(PlatformRoleKind.COMPLIANCE_REVIEWER):
        visible |= not_draft
    return Assessment.objects.filter(visible).select_related("organization", "framework").order_by("-updated_at", "-id")


def assessment_is_own(*, user: User, assessment: Assessment) -> bool:
    return Membership.objects.filter(user=user, organization_id=assessment.organization_id).exists()


def evidence_list_visible_to(*, user: User) -> QuerySet[Evidence]:
    return (
        Evidence.objects.filter(assessment__in=assessment_list_visible_to(user=user))
        .select_related("requirement")
        .order_by("requirement__position", "-version", "-id")
    )


def _review_grants() -> QuerySet[AssessmentUserObjectPermission]:
    return AssessmentUserObjectPermission.objects.filter(permission__codename=REVIEW_ASSESSMENT)


def assessment_reviewer(*, assessment: Assessment) -> User | None:
    """The reviewer who took the assessment (a django-guardian grant), or None while nobody has."""
    grant = _review_grants().filter(content_object=assessment).select_related("user").order_by("id").first()
    return grant.user if grant else None


def review_queue(*, user: User) -> QuerySet[Assessment]:
    """Submitted assessments waiting for a plausibility check, never the reviewer's own: the ones this reviewer
    took first, then those nobody took, then the ones colleagues took; oldest first within each. Each row
    carries `reviewer_email` (who took it, or None)."""
    taken_by = _review_grants().filter(content_object=OuterRef("pk")).order_by("id")
    return (
        Assessment.objects.filter(state=AssessmentState.SUBMITTED)
        .exclude(organization_id__in=organization_ids_of(user=user))
        .annotate(
            reviewer_id=Subquery(taken_by.values("user_id")[:1]),
            reviewer_email=Subquery(taken_by.values("user__email")[:1]),
        )
        .annotate(
            queue_rank=Case(When(reviewer_id=user.pk, then=Value(0)), When(reviewer_id=None, then=Value(1)), default=2)
        )
        .select_related("organization", "framework")
        .order_by("queue_rank", "submitted_at", "id")
    )


def readiness_detail_owner_ids(*, user: User) -> set[int]:
    """The organizations whose scores the user may read: the user's own, and those that shared with them."""
    own = set(Membership.objects.filter(user=user).values_list("organization_id", flat=True))
    shared = set(
        ReadinessShare.objects.filter(grantee_id__in=own, revoked_at__isnull=True).values_list("owner_id", flat=True)
    )
    return own | shared


def share_list_of(*, user: User) -> QuerySet[ReadinessShare]:
    """The shares the user's organizations granted (the grantees learn of them through what they may see)."""
    return ReadinessShare.objects.filter(owner_id__in=organization_ids_of(user=user)).order_by("-created_at", "-id")


def licence_list_of(*, user: User) -> QuerySet[Licence]:
    """The export licences the user's organizations hold."""
    return Licence.objects.filter(organization_id__in=organization_ids_of(user=user)).order_by("-valid_until", "-id")


def readiness_shared(*, owner: Organization, viewer: Organization) -> bool:
    return (
        owner.pk == viewer.pk
        or ReadinessShare.objects.filter(owner=owner, grantee=viewer, revoked_at__isnull=True).exists()
    )


def framework_list() -> QuerySet[Framework]:
    return Framework.objects.filter(is_current=True).order_by("key")


# --- scores ----------------------------------------------------------------------------------


@dataclass
class SectionScore:
    code: str
    title: str
    answered: int = 0
    total: int = 0
    weight: Decimal = Decimal(0)
    earned: Decimal = Decimal(0)

    @property
    def score(self) -> Decimal | None:
        if not self.weight:
            return None
        return (self.earned / self.weight * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass
class ScoreReport:
    answered: int
    total: int
    score: Decimal | None
    sections: list[SectionScore] = field(default_factory=list)

    @property
    def progress(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 0

    @property
    def unanswered(self) -> int:
        return self.total - self.answered


def _question_ratio(requirement: Requirement, selected: dict[int, list[str]]) -> Decimal | None:
    """Points earned over points possible on the requirement's applicable, answered questions."""
    earned = possible = 0
    for question in requirement.questions.all():
        values = selected.get(question.pk)
        if question.depends_on_id is not None:
            parent_values = selected.get(question.depends_on_id) or []
            if not set(parent_values) & set(question.depends_on_answers):
                continue  # the question does not apply
        if values is None:
            continue
        points = {choice.value: choice.points for choice in question.choices.all()}
        if question.kind == QuestionKind.MULTIPLE:
            earned += sum(points.get(value, 0) for value in values)
            possible += sum(points.values())
        else:
            earned += points.get(values[0], 0) if values else 0
            possible += max(points.values(), default=0)
    return Decimal(earned) / Decimal(possible) if possible else None


def assessment_score(*, assessment: Assessment) -> ScoreReport:
    """Progress and weighted score (0-100). Not-applicable requirements leave the score entirely; where a
    requirement's questions are answered, its factor is the mean of the status factor and the question points."""
    requirements = list(
        Requirement.objects.filter(framework_id=assessment.framework_id)
        .prefetch_related("questions__choices")
        .order_by("position")
    )
    answers = {a.requirement_id: a for a in Answer.objects.filter(assessment=assessment)}
    selected = dict(QuestionAnswer.objects.filter(assessment=assessment).values_list("question_id", "values"))
    sections: dict[int, SectionScore] = {}
    report = ScoreReport(answered=0, total=0, score=None)
    for requirement in requirements:
        if requirement.is_section:
            sections[requirement.pk] = SectionScore(requirement.code, requirement.local_title)
            continue
        section = sections[requirement.parent_id]
        section.total += 1
        report.total += 1
        answer = answers.get(requirement.pk)
        if answer is None:
            continue
        section.answered += 1
        report.answered += 1
        if answer.status == AnswerStatus.NOT_APPLICABLE:
            continue
        factor = STATUS_FACTOR[answer.status]
        ratio = _question_ratio(requirement, selected)
        if ratio is not None:
            factor = (factor + ratio) / 2
        section.weight += requirement.weight
        section.earned += requirement.weight * factor
    report.sections = list(sections.values())
    weight = sum((s.weight for s in report.sections), Decimal(0))
    if weight:
        earned = sum((s.earned for s in report.sections), Decimal(0))
        report.score = (earned / weight * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return report
