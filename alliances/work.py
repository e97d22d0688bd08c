"""What waits for a user in the alliances: invitations to answer, agreements to sign, first contacts to
answer, tasks of the workspace due soon. One query per kind, capped, for the user's organization only."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import Organization, User
from organizations.work import CAP, HORIZON, WorkItem

from .models import (
    AgreementVersion,
    Alliance,
    AllianceInvitation,
    AllianceState,
    ContactRequest,
    InvitationState,
    Signature,
    Task,
    TaskState,
)


def work_waiting_for(*, user: User, organization: Organization | None) -> list[WorkItem]:
    if organization is None:
        return []
    items = []
    for invitation in (
        AllianceInvitation.objects.filter(organization=organization, state=InvitationState.OPEN)
        .select_related("alliance")
        .order_by("created_at")[:CAP]
    ):
        items.append(
            WorkItem(
                _("You are invited into “%(alliance)s”: accept or decline.") % {"alliance": invitation.alliance.name},
                reverse("alliances:index"),
                None,
                "alliances",
            )
        )
    latest = AgreementVersion.objects.filter(agreement__alliance=OuterRef("pk")).order_by("-number")
    signed = Signature.objects.filter(version_id=OuterRef("latest_version"), organization=organization)
    unsigned = (
        Alliance.objects.filter(members__organization=organization, members__left_at__isnull=True)
        .exclude(state__in=[AllianceState.DISSOLVING, AllianceState.DISSOLVED])
        .annotate(latest_version=Subquery(latest.values("pk")[:1]))
        .filter(latest_version__isnull=False)
        .exclude(Exists(signed))
        .order_by("name")[:CAP]
    )
    for alliance in unsigned:
        items.append(
            WorkItem(
                _("The agreement of “%(alliance)s” waits for your signature.") % {"alliance": alliance.name},
                reverse("alliances:agreement", args=[alliance.pk]),
                None,
                "alliances",
            )
        )
    contacts = (
        ContactRequest.objects.filter(recipient=organization, details_revealed_at__isnull=True)
        .select_related("sender")
        .order_by("-created_at")
    )
    for contact in contacts[:CAP]:
        items.append(
            WorkItem(
                _("%(org)s wrote to you: “%(subject)s”.")
                % {"org": contact.sender.legal_name, "subject": contact.subject},
                reverse("alliances:contacts"),
                None,
                "alliances",
            )
        )
    soon = timezone.localdate() + HORIZON
    for task in (
        Task.objects.filter(assignee=organization, state=TaskState.OPEN, due_on__lte=soon)
        .select_related("alliance")
        .order_by("due_on", "id")[:CAP]
    ):
        items.append(
            WorkItem(
                _("Task in “%(alliance)s”: %(task)s") % {"alliance": task.alliance.name, "task": task.title},
                reverse("alliances:workspace", args=[task.alliance_id]),
                task.due_on,
                "alliances",
            )
        )
    return items
