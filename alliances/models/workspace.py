"""The members-only workspace of an alliance: message threads, shared documents with versions, tasks."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Thread(models.Model):
    """A discussion in an alliance's workspace, seen by its current members."""

    alliance = models.ForeignKey("alliances.Alliance", on_delete=models.CASCADE, related_name="threads")
    subject = models.CharField(max_length=200)
    created_by = models.ForeignKey("organizations.User", on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject


class Message(models.Model):
    """One message in a workspace thread, signed by its author and the organization they wrote for."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey("organizations.User", on_delete=models.SET_NULL, null=True, related_name="+")
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:50]


class SharedDocument(models.Model):
    """A document version in the workspace; `supersedes` chains the versions."""

    alliance = models.ForeignKey("alliances.Alliance", on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to="alliances/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    version = models.PositiveSmallIntegerField(default=1)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    uploaded_by = models.ForeignKey("organizations.User", on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "-version"]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"


class TaskState(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")


class Task(models.Model):
    """A to-do in an alliance workspace, optionally assigned to a member organization with a due date."""

    alliance = models.ForeignKey("alliances.Alliance", on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(max_length=200)
    assignee = models.ForeignKey(
        "organizations.Organization", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    due_on = models.DateField(null=True, blank=True)
    state = models.CharField(max_length=6, choices=TaskState.choices, default=TaskState.OPEN)
    created_by = models.ForeignKey("organizations.User", on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["state", "due_on", "id"]

    def __str__(self) -> str:
        return self.title
