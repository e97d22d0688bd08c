"""The members-only workspace: threads and messages, shared documents with versions, a task list."""

from __future__ import annotations

from datetime import date

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from core.files import check_upload, sha256_of
from organizations.audit import audit_record
from organizations.models import Organization, User
from organizations.permissions import is_member

from ..models import Alliance, Message, SharedDocument, Task, TaskState, Thread

DOCUMENT_MAX_BYTES = 25 * 1024 * 1024


def _acting_member(alliance: Alliance, by: User) -> Organization:
    """The member organization the user acts for in this alliance; outsiders are refused."""
    for member in alliance.members.filter(left_at__isnull=True).select_related("organization"):
        if is_member(by, member.organization_id):
            return member.organization
    raise ApplicationError(_("Only members of the alliance use its workspace."), code="permission_denied")


@transaction.atomic
def thread_start(*, alliance: Alliance, subject: str, text: str, by: User) -> Thread:
    organization = _acting_member(alliance, by)
    if not subject.strip() or not text.strip():
        raise ApplicationError(
            _("Give a subject and a first message."), errors={"subject": [_("This field is required.")]}
        )
    thread = Thread.objects.create(alliance=alliance, subject=subject.strip()[:200], created_by=by)
    Message.objects.create(thread=thread, author=by, organization=organization, text=text.strip())
    return thread


@transaction.atomic
def message_post(*, thread: Thread, text: str, by: User) -> Message:
    organization = _acting_member(thread.alliance, by)
    if not text.strip():
        raise ApplicationError(_("Write a message."), errors={"text": [_("This field is required.")]})
    return Message.objects.create(thread=thread, author=by, organization=organization, text=text.strip())


@transaction.atomic
def document_upload(
    *, alliance: Alliance, title: str, upload: UploadedFile, by: User, replaces: SharedDocument | None = None
) -> SharedDocument:
    """Share a document; a new version of an existing one keeps the old versions."""
    organization = _acting_member(alliance, by)
    name, content_type = check_upload(upload, max_bytes=DOCUMENT_MAX_BYTES)
    if replaces is not None and (replaces.alliance_id != alliance.pk or hasattr(replaces, "superseded_by")):
        message = _("Only the latest version of a document of this alliance can be replaced.")
        raise ApplicationError(message, errors={"replaces": [message]})
    digest = sha256_of(upload)
    document_title = replaces.title if replaces else (title or name).strip()[:200]
    document = SharedDocument(
        alliance=alliance,
        title=document_title,
        original_name=name,
        content_type=content_type,
        size=upload.size,
        sha256=digest,
        version=replaces.version + 1 if replaces else 1,
        supersedes=replaces,
        uploaded_by=by,
    )
    document.file.save(f"{digest[:16]}-{name}", upload, save=False)
    document.save()
    audit_record(
        actor=by,
        action="alliance.document_uploaded",
        target=alliance,
        organization=organization,
        changes={"document": [None, f"{document.title} v{document.version}"], "sha256": [None, digest]},
    )
    return document


@transaction.atomic
def task_add(
    *, alliance: Alliance, title: str, by: User, assignee: Organization | None = None, due_on: date | None = None
) -> Task:
    _acting_member(alliance, by)
    if not title.strip():
        raise ApplicationError(_("Name the task."), errors={"title": [_("This field is required.")]})
    if assignee is not None and not alliance.members.filter(organization=assignee, left_at__isnull=True).exists():
        message = _("Assign tasks to members of the alliance.")
        raise ApplicationError(message, errors={"assignee": [message]})
    return Task.objects.create(alliance=alliance, title=title.strip(), assignee=assignee, due_on=due_on, created_by=by)


@transaction.atomic
def task_set_state(*, task: Task, state: str, by: User) -> Task:
    _acting_member(task.alliance, by)
    if state not in TaskState.values:
        raise ApplicationError(_("Unknown state."), errors={"state": [_("Choose open or done.")]})
    task.state = state
    task.save(update_fields=["state"])
    return task
