"""The members-only workspace: message threads, shared documents with versions, and the task list."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import ApplicationError
from core.files import private_download
from core.forms import add_application_error
from organizations.models import Organization

from .. import services
from ..forms import DocumentForm, MessageForm, TaskForm, ThreadForm
from ..models import SharedDocument, TaskState
from .common import current_members, member_alliance

TABS = ("threads", "documents", "tasks")


def _tab_url(alliance, tab: str) -> str:
    return reverse("alliances:workspace", args=[alliance.pk]) + f"?tab={tab}"


def _render(request, alliance, tab: str, **forms):
    members = current_members(alliance)
    documents = alliance.documents.select_related("uploaded_by").order_by("title", "-version")
    latest_ids = set(alliance.documents.filter(superseded_by__isnull=True).values_list("pk", flat=True))
    context = {
        "alliance": alliance,
        "tab": "workspace",
        "workspace_tab": tab,
        "members": members,
        "threads": alliance.threads.prefetch_related("messages__author", "messages__organization"),
        "documents": documents,
        "latest_ids": latest_ids,
        "tasks": alliance.tasks.select_related("assignee").order_by("state", "due_on", "id"),
        "thread_form": forms.get("thread_form") or ThreadForm(),
        "message_form": MessageForm(),
        "failed_message": forms.get("failed_message"),
        "document_form": forms.get("document_form") or DocumentForm(),
        "task_form": forms.get("task_form") or TaskForm(members=members),
    }
    status = 400 if any(form is not None and getattr(form, "errors", None) for form in forms.values()) else 200
    return render(request, "alliances/workspace.html", context, status=status)


@login_required
def workspace(request, pk: int):
    alliance = member_alliance(request.user, pk)
    tab = request.GET.get("tab") if request.GET.get("tab") in TABS else "threads"
    return _render(request, alliance, tab)


@login_required
@require_POST
def thread_start(request, pk: int):
    alliance = member_alliance(request.user, pk)
    form = ThreadForm(request.POST)
    if form.is_valid():
        try:
            services.thread_start(alliance=alliance, by=request.user, **form.cleaned_data)
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("The thread is started."))
            return redirect(_tab_url(alliance, "threads"))
    return _render(request, alliance, "threads", thread_form=form)


@login_required
@require_POST
def message_post(request, pk: int, thread_pk: int):
    alliance = member_alliance(request.user, pk)
    thread = alliance.threads.filter(pk=thread_pk).first()
    if thread is None:
        raise Http404
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            services.message_post(thread=thread, text=form.cleaned_data["text"], by=request.user)
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("Your message is posted."))
            return redirect(_tab_url(alliance, "threads") + f"#thread-{thread.pk}")
    form.thread_pk = thread.pk
    form.auto_id = f"reply-{thread.pk}-%s"  # the thread form on the same page has its own `text`
    return _render(request, alliance, "threads", failed_message=form)


@login_required
@require_POST
def document_upload(request, pk: int):
    alliance = member_alliance(request.user, pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        replaces = None
        if form.cleaned_data["replaces"]:
            replaces = alliance.documents.filter(pk=form.cleaned_data["replaces"]).first()
            if replaces is None:
                raise Http404
        try:
            document = services.document_upload(
                alliance=alliance,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
                replaces=replaces,
                by=request.user,
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(
                request,
                _("%(title)s version %(version)s is shared.") % {"title": document.title, "version": document.version},
            )
            return redirect(_tab_url(alliance, "documents"))
    return _render(request, alliance, "documents", document_form=form)


@login_required
def document_download(request, pk: int, document_pk: int):
    alliance = member_alliance(request.user, pk)
    document = SharedDocument.objects.filter(alliance=alliance, pk=document_pk).first()
    if document is None:
        raise Http404
    return private_download(document.file, filename=document.original_name, content_type=document.content_type)


@login_required
@require_POST
def task_add(request, pk: int):
    alliance = member_alliance(request.user, pk)
    members = current_members(alliance)
    form = TaskForm(request.POST, members=members)
    if form.is_valid():
        data = form.cleaned_data
        assignee = Organization.objects.filter(pk=data["assignee"]).first() if data["assignee"] else None
        try:
            services.task_add(
                alliance=alliance, title=data["title"], assignee=assignee, due_on=data["due_on"], by=request.user
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("The task is added."))
            return redirect(_tab_url(alliance, "tasks"))
    return _render(request, alliance, "tasks", task_form=form)


@login_required
@require_POST
def task_toggle(request, pk: int, task_pk: int):
    alliance = member_alliance(request.user, pk)
    task = alliance.tasks.filter(pk=task_pk).first()
    if task is None:
        raise Http404
    state = TaskState.OPEN if task.state == TaskState.DONE else TaskState.DONE
    try:
        services.task_set_state(task=task, state=state, by=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect(_tab_url(alliance, "tasks"))
