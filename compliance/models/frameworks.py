"""Readiness frameworks loaded from the versioned data files: requirement trees with weights and questions."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Localized:
    """Framework text in the active language: the German lives beside the English as `<field>_de`."""

    def local(self, field: str):
        """The German `field` where the request speaks German and the framework file has it, else English."""
        german = getattr(self, f"{field}_de")
        return german if german and (get_language() or "").startswith("de") else getattr(self, field)


class Framework(Localized, models.Model):
    """One version of a readiness framework (ISO 27001 outline, ISO 9001 outline, export ICP, Defence Ready)."""

    key = models.SlugField(_("key"), max_length=32)
    version = models.CharField(_("version"), max_length=16)
    title = models.CharField(_("title"), max_length=200)
    title_de = models.CharField(_("title (German)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_de = models.TextField(_("description (German)"), blank=True)
    badge_kind = models.CharField(_("badge kind"), max_length=24)
    is_current = models.BooleanField(_("current version"), default=True)
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["key", "-version"]
        verbose_name = _("framework")
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="framework_key_version_unique"),
            models.UniqueConstraint(
                fields=["key"], condition=models.Q(is_current=True), name="framework_one_current_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"

    @property
    def local_title(self) -> str:
        return self.local("title")

    @property
    def local_description(self) -> str:
        return self.local("description")


class Requirement(Localized, models.Model):
    """A node of a framework's tree: a section (group) or an answerable requirement with its weight."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="requirements")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    code = models.CharField(_("id"), max_length=32)
    title = models.CharField(_("title"), max_length=300)
    title_de = models.CharField(_("title (German)"), max_length=300, blank=True)
    guidance = models.TextField(_("guidance"), blank=True)
    guidance_de = models.TextField(_("guidance (German)"), blank=True)
    is_section = models.BooleanField(default=False)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    not_applicable_allowed = models.BooleanField(_("may be not applicable"), default=False)
    typical_evidence = models.JSONField(_("typical evidence"), default=list, blank=True)
    typical_evidence_de = models.JSONField(_("typical evidence (German)"), default=list, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["framework_id", "position"]
        verbose_name = _("requirement")
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="requirement_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def local_title(self) -> str:
        return self.local("title")

    @property
    def local_guidance(self) -> str:
        return self.local("guidance")

    @property
    def local_typical_evidence(self) -> list[str]:
        return self.local("typical_evidence")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")


class Question(Localized, models.Model):
    """An optional question on a requirement; it may only apply when an earlier question has given answers."""

    requirement = models.ForeignKey(Requirement, on_delete=models.CASCADE, related_name="questions")
    code = models.CharField(max_length=48)
    text = models.CharField(max_length=400)
    text_de = models.CharField(max_length=400, blank=True)
    kind = models.CharField(max_length=8, choices=QuestionKind.choices, default=QuestionKind.SINGLE)
    depends_on = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    depends_on_answers = models.JSONField(default=list, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["requirement_id", "position"]
        constraints = [models.UniqueConstraint(fields=["requirement", "code"], name="question_code_unique")]

    def __str__(self) -> str:
        return self.text

    @property
    def local_text(self) -> str:
        return self.local("text")


class Choice(Localized, models.Model):
    """One allowed answer to a multiple-choice question, with the points it scores."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    value = models.CharField(max_length=48)
    label = models.CharField(max_length=200)
    label_de = models.CharField(max_length=200, blank=True)
    points = models.PositiveSmallIntegerField(default=0)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["question_id", "position"]
        constraints = [models.UniqueConstraint(fields=["question", "value"], name="choice_value_unique")]

    def __str__(self) -> str:
        return self.label

    @property
    def local_label(self) -> str:
        return self.local("label")
