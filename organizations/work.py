"""What waits for a user, in one shape every app answers with; the dashboard composes the apps' answers.

Each app has a `work.py` whose `work_waiting_for(*, user, organization)` returns WorkItems: reads only,
narrowed in SQL to what the user may act on, a fixed number of queries whatever the rows, and capped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Notification, Organization, User
from .selectors import invitations_open_for, notification_list_of

# How far ahead "the deadlines of the next days" look, and how many rows one app lists at most.
HORIZON = timedelta(days=7)
CAP = 8


@dataclass(frozen=True)
class WorkItem:
    """One step waiting for the user: what to do, the page where it is done, and by when (if it has a date).

    `deadline` marks a date to keep in view rather than a step to take (a tender's submission deadline)."""

    text: str
    url: str
    due: datetime | date | None = None
    app: str = ""
    deadline: bool = False


def horizon_end() -> datetime:
    return timezone.now() + HORIZON


def work_waiting_for(*, user: User, organization: Organization | None) -> list[WorkItem]:
    """Invitations to join an organization, addressed to the user's e-mail address."""
    return [
        WorkItem(
            _("%(org)s invites you to join as %(role)s: open the link in the invitation e-mail.")
            % {"org": invitation.organization.legal_name, "role": invitation.get_role_display()},
            reverse("dashboard"),
            invitation.expires_at,
            "organizations",
        )
        for invitation in invitations_open_for(user=user).select_related("organization")[:CAP]
    ]


def profile_complete(organization: Organization) -> bool:
    """The profile others judge a company by: address, description, size figures and capabilities."""
    return bool(
        organization.city
        and organization.description
        and organization.headcount
        and organization.capability_codes.exists()
    )


def unread_notifications(*, user: User, limit: int = 5) -> tuple[int, list[Notification]]:
    """How many of the user's notifications are unread, and the newest few of them (the dashboard's list)."""
    unread = notification_list_of(user=user).filter(read_at__isnull=True)
    return unread.count(), list(unread[:limit])
