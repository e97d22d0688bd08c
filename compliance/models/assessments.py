"""An organization's self-assessment of a framework: answers per requirement and the evidence behind them."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStamped


class AssessmentState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    NEEDS_MORE = "needs_more", _("Needs more (returned by the reviewer)")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


OPEN_STATES = [AssessmentState.DRAFT, AssessmentState.SUBMITTED, AssessmentState.NEEDS_MORE]


class Assessment(TimeStamped):
    """A self-assessment run by one organization against one framework version. Private to the organization."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="assessments")
    framework = models.ForeignKey("compliance.Framework", on_delete=models.PROTECT, related_name="assessments")
    state = models.CharField(_("state"), max_length=12, choices=AssessmentState.choices, default=AssessmentState.DRAFT)
    created_by = models.ForeignKey("organizations.User", on_delete=models.SET_NULL, null=True, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("assessment")
        permissions = [("review_assessment", _("Review this assessment (the reviewer who took it)"))]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "framework"],
                condition=Q(state__in=OPEN_STATES),
                name="assessment_one_open_per_framework",
                violation_error_message=_("This organization already has an open assessment of this framework."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.framework} · {self.organization}"


class AnswerStatus(models.TextChoices):
    COMPLIANT = "compliant", _("Compliant")
    PARTIAL = "partial", _("Partially compliant")
    NOT_COMPLIANT = "not_compliant", _("Not compliant")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class Answer(models.Model):
    """An assessment's answer to one requirement: compliant, partially, not, or not applicable (with a reason)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    requirement = models.ForeignKey("compliance.Requirement", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=16, choices=AnswerStatus.choices)
    not_applicable_reason = models.TextField(_("why not applicable"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    answered_by = models.ForeignKey("organizations.User", on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["assessment_id", "requirement__position"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "requirement"], name="answer_one_per_requirement"),
            models.CheckConstraint(
                condition=~Q(status="not_applicable") | ~Q(not_applicable_reason=""),
                name="answer_not_applicable_needs_reason",
                violation_error_message=_("Say why the requirement does not apply."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requirement.code}: {self.get_status_display()}"


class QuestionAnswer(models.Model):
    """The choices an assessment picked for one framework question."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="question_answers")
    question = models.ForeignKey("compliance.Question", on_delete=models.PROTECT, related_name="+")
    values = models.JSONField(default=list)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "question"], name="question_answer_unique")]

    def __str__(self) -> str:
        return f"{self.question.code}: {', '.join(self.values)}"


class Evidence(models.Model):
    """A private file supporting a requirement. New versions keep the old ones (`supersedes`)."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="evidence")
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="evidence")
    requirement = models.ForeignKey("compliance.Requirement", on_delete=models.PROTECT, related_name="+")
    file = models.FileField(upload_to="evidence/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    effective_date = models.DateField(_("effective from"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    version = models.PositiveSmallIntegerField(default=1)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    uploaded_by = models.ForeignKey("organizations.User", on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requirement_id", "-version"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return f"{self.original_name} v{self.version}"
