"""The plausibility check of a submitted assessment by a compliance reviewer."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase

# The django-guardian permission a reviewer holds on the one assessment they took.
REVIEW_ASSESSMENT = "review_assessment"


class ReviewDecision(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    NEEDS_MORE = "needs_more", _("Needs more")
    REJECTED = "rejected", _("Rejected")


class Review(models.Model):
    """A reviewer's decision on a submitted assessment (accepted, needs more, rejected), with remarks."""

    assessment = models.ForeignKey("compliance.Assessment", on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey("organizations.User", on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=12, choices=ReviewDecision.choices)
    remarks = models.TextField(blank=True)
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} · {self.assessment}"


class ReviewComment(models.Model):
    """A reviewer's remark on one requirement; the SME sees it when the assessment comes back."""

    assessment = models.ForeignKey("compliance.Assessment", on_delete=models.CASCADE, related_name="comments")
    requirement = models.ForeignKey("compliance.Requirement", on_delete=models.PROTECT, related_name="+")
    reviewer = models.ForeignKey("organizations.User", on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["requirement_id", "created_at"]

    def __str__(self) -> str:
        return f"{self.requirement.code}: {self.text[:50]}"


class AssessmentUserObjectPermission(UserObjectPermissionBase):
    """Per-person grants on one assessment (today: the reviewer who took it); indexed, dies with it."""

    content_object = models.ForeignKey("compliance.Assessment", on_delete=models.CASCADE, related_name="user_grants")

    class Meta(UserObjectPermissionBase.Meta):
        abstract = False
        verbose_name = _("assessment grant")
