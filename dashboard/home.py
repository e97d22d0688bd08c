"""What the dashboard shows one user: work waiting across the apps, the next deadlines, fitting tenders,
readiness, notifications, a buyer's tenders by state, and a new organization's first steps.

Each app answers for itself (`<app>.work`); this module only composes. The number of queries is fixed by
the sections shown, never by the number of rows (tests/dashboard pins it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliances import work as alliance_work
from compliance import work as compliance_work
from loghubs import work as loghub_work
from marketplace import work as marketplace_work
from organizations import work as organization_work
from organizations.models import Membership, MembershipRole, Organization, OrganizationKind, PlatformRoleKind, User
from organizations.work import WorkItem

APPS = (organization_work, compliance_work, marketplace_work, alliance_work, loghub_work)
SUPPLIERS = {OrganizationKind.COMPANY, OrganizationKind.CONSORTIUM}


@dataclass
class Step:
    """One first step of a new organization; `done` ticks itself off from what the organization did."""

    text: str
    url: str
    done: bool


@dataclass
class Home:
    work: list[WorkItem] = field(default_factory=list)
    deadlines: list[WorkItem] = field(default_factory=list)
    checklist: list[Step] = field(default_factory=list)
    fits: list = field(default_factory=list)
    readiness: dict | None = None
    unread: int = 0
    notifications: list = field(default_factory=list)
    tenders_by_state: list = field(default_factory=list)
    supplier: bool = False
    buyer: bool = False

    @property
    def checklist_open(self) -> bool:
        return any(not step.done for step in self.checklist)


def _sort_key(item: WorkItem):
    """Dated items first, soonest first; dates and times compared in the current time zone."""
    due = item.due
    if due is None:
        return (1, datetime.max.replace(tzinfo=timezone.get_current_timezone()))
    if not isinstance(due, datetime) and isinstance(due, date):
        due = timezone.make_aware(datetime.combine(due, time.max))
    return (0, due)


def checklist_for(*, user: User, organization: Organization) -> list[Step]:
    # Only an admin may edit the profile; a member is sent to the profile page, not to a form that answers 403.
    if Membership.objects.filter(user=user, organization_id=organization.pk, role=MembershipRole.ADMIN).exists():
        profile = Step(
            _("Complete your organization's profile (address, description, size, capabilities)"),
            reverse("organization-edit", args=[organization.pk]),
            organization_work.profile_complete(organization),
        )
    else:
        profile = Step(
            _("Ask an admin of your organization to complete its profile"),
            reverse("organization-detail", args=[organization.pk]),
            organization_work.profile_complete(organization),
        )
    return [
        profile,
        Step(
            _("List your free capacity"),
            reverse("marketplace:listing-create"),
            marketplace_work.has_listing(organization=organization),
        ),
        Step(
            _("Start the Defence Ready self-assessment"),
            reverse("compliance:index"),
            compliance_work.defence_ready_started(organization=organization),
        ),
        Step(
            _("Save a search, to hear of new tenders that fit you"),
            reverse("marketplace:saved-searches"),
            marketplace_work.has_saved_search(user=user, organization=organization),
        ),
    ]


def home_for(*, user: User, organization: Organization | None) -> Home:
    home = Home()
    for app in APPS:
        home.work += app.work_waiting_for(user=user, organization=organization)
    home.work.sort(key=_sort_key)
    home.unread, home.notifications = organization_work.unread_notifications(user=user)
    if organization is None:
        return home
    home.supplier = organization.kind in SUPPLIERS
    home.buyer = organization.kind == OrganizationKind.AUTHORITY or user.has_platform_role(
        PlatformRoleKind.PROCUREMENT_OFFICER
    )
    home.deadlines = sorted(marketplace_work.deadlines_ahead(organization=organization), key=_sort_key)
    if home.supplier:
        home.checklist = checklist_for(user=user, organization=organization)
        home.fits = marketplace_work.tenders_that_fit(user=user, organization=organization)
        home.readiness = compliance_work.readiness_at_a_glance(organization=organization)
    if home.buyer:
        home.tenders_by_state = marketplace_work.tenders_by_state(organization=organization)
    return home
