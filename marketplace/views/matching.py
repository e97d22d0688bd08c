"""Matching pages: suppliers that fit a buyer's tender (with an invitation to bid), tenders that fit the
user's organization, saved searches, and the platform admin's full re-match with its progress.

The fit lists are loaded into the buyer's tender page and the hub by htmx (`hx-trigger="load"`), so those
pages stay as fast as before; without JavaScript the same lists open as pages of their own. Every list reads
through the matching selectors, which keep out what the viewer may not see (a listing whose visibility
changed since matching, another organization's matches)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Prefetch, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from compliance.models import BadgeKind
from compliance.selectors import badges_valid_on
from core.errors import ApplicationError
from core.formatting import format_datetime
from core.forms import add_application_error
from core.queueing import enqueue_on_commit
from organizations.models import Organization, User
from organizations.notifications import notify_organizations

from .. import selectors, tasks
from ..forms_matching import SavedSearchForm
from ..matching.engine import PART_LABELS, explain
from ..matching.rematch import rematch_start, run_state
from ..matching.saved_searches import saved_search_create
from ..matching.saved_searches import saved_search_delete as saved_search_delete_service
from ..matching.selectors import matches_for_organization, matches_for_tender
from ..models import (
    OPEN_FOR_BIDS,
    ListingKind,
    Lot,
    LotState,
    Match,
    MatchRun,
    RunStop,
    SavedSearch,
    SavedSearchHit,
    Tender,
)
from .common import buyer_tender, is_officer, organization_required, page_of

FITS_PER_LOT = 10
HUB_ROWS = 5
HITS_SHOWN = 10
POLL_SECONDS = 2


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


# --- the score breakdown --------------------------------------------------------------------


@dataclass(frozen=True)
class PartLine:
    """One part of a score in plain words, with how much of its weight it earned (for a small bar)."""

    text: str
    percent: int


def explanation(parts: dict[str, float]) -> list[PartLine]:
    """engine.explain's lines, each beside its share: explain names the CPV fit first (when it has a level),
    then the other parts in PART_LABELS order."""
    lines = explain(parts)
    names = list(PART_LABELS)
    if len(lines) > len(names):
        names.insert(0, "cpv")
    return [
        PartLine(str(text), round(100 * float(parts.get(name, 0)))) for text, name in zip(lines, names, strict=True)
    ]


# --- suppliers that fit a buyer's tender ----------------------------------------------------


@dataclass
class SupplierFit:
    match: Match
    lines: list[PartLine]
    badges: list[str]


@dataclass
class LotFits:
    lot: Lot
    fits: list[SupplierFit] = field(default_factory=list)
    total: int = 0


def _badges_by_organization(organization_ids: set[int]) -> dict[int, list[str]]:
    """Valid badges of all shown organizations in one query."""
    labels = dict(BadgeKind.choices)
    kinds: dict[int, set[str]] = defaultdict(set)
    for organization_id, kind in (
        badges_valid_on().filter(organization_id__in=organization_ids).values_list("organization_id", "kind")
    ):
        kinds[organization_id].add(kind)
    return {org: sorted(str(labels.get(kind, kind)) for kind in found) for org, found in kinds.items()}


def _lot_fits(user: User, tender: Tender) -> list[LotFits]:
    """The best FITS_PER_LOT matches of each active lot, cut in SQL, with each lot's full count."""
    ranked = (
        matches_for_tender(user=user, tender=tender)
        .annotate(
            rank=Window(RowNumber(), partition_by=[F("lot_id")], order_by=[F("score").desc(), F("id").asc()]),
            of=Window(Count("id"), partition_by=[F("lot_id")]),
        )
        .filter(rank__lte=FITS_PER_LOT)
    )
    matches = list(ranked)
    badges = _badges_by_organization({match.organization_id for match in matches})
    lots = {lot.pk: LotFits(lot) for lot in tender.lots.filter(state=LotState.ACTIVE).order_by("number")}
    for match in matches:
        if match.lot_id in lots:
            lots[match.lot_id].fits.append(
                SupplierFit(match, explanation(match.parts), badges.get(match.organization_id, []))
            )
            lots[match.lot_id].total = match.of
    return list(lots.values())


@login_required
def tender_fits(request, pk: int):
    """For the buyer's members only: another organization's tender answers 404."""
    tender = buyer_tender(request.user, pk)
    context = {
        "tender": tender,
        "lot_fits": _lot_fits(request.user, tender),
        "can_invite": is_officer(request.user) and tender.state in OPEN_FOR_BIDS,
    }
    template = "_tender_fits.html" if is_htmx(request) else "tender_fits.html"
    return render(request, f"marketplace/matching/{template}", context)


@login_required
@require_POST
def tender_invite(request, pk: int, organization_pk: int):
    """Invite a fitting supplier to bid: a notification with the tender's link to its members. Only an
    organization that fits this tender can be invited, so the button cannot be used to message anybody."""
    tender = buyer_tender(request.user, pk)
    if not is_officer(request.user):
        raise PermissionDenied
    if not matches_for_tender(user=request.user, tender=tender).filter(organization_id=organization_pk).exists():
        raise Http404
    organization = get_object_or_404(Organization, pk=organization_pk)
    if tender.state not in OPEN_FOR_BIDS:
        messages.error(request, _("Only a tender open for bids can be shared with suppliers."))
        return redirect(reverse("marketplace:tender-detail", args=[tender.pk]) + "#fits")
    notify_organizations(
        organizations=[organization],
        link=reverse("marketplace:tender-detail", args=[tender.pk]),
        subject=lambda: _("Invitation to bid: %(title)s") % {"title": tender.title},
        body=lambda: (
            _("%(buyer)s thinks your organization fits this tender and invites you to bid. Bids are due %(deadline)s.")
            % {"buyer": tender.buyer.legal_name, "deadline": format_datetime(tender.submission_deadline)}
        ),
    )
    messages.success(
        request,
        _("%(organization)s was invited to bid: its members received a notification with the link to this tender.")
        % {"organization": organization.legal_name},
    )
    return redirect(reverse("marketplace:tender-detail", args=[tender.pk]) + "#fits")


# --- tenders that fit the user's organization -----------------------------------------------


def _best_per_tender(user: User, organization: Organization) -> QuerySet[Match]:
    """One row per tender (its best lot and listing), ranked by score: DISTINCT ON in a subquery."""
    matches = matches_for_organization(user=user, organization_id=organization.pk)
    best = matches.order_by("tender_id", "-score", "id").distinct("tender_id").values("pk")
    return matches.filter(pk__in=best).select_related("tender__buyer")


@login_required
@organization_required
def fits_mine(request):
    """Ranked tenders that fit the current organization: the hub's first rows (htmx), or every one paged."""
    fits = _best_per_tender(request.user, request.organization)
    if is_htmx(request):
        page, shown = None, list(fits[: HUB_ROWS + 1])
        more, shown = len(shown) > HUB_ROWS, shown[:HUB_ROWS]
    else:
        page = page_of(request, fits)
        more, shown = False, list(page)
    context = {
        "rows": [(match, explanation(match.parts)) for match in shown],
        "page": page,
        "more": more,
        "organization": request.organization,
        "now": timezone.now(),
    }
    template = "_fits_mine.html" if is_htmx(request) else "fits_mine.html"
    return render(request, f"marketplace/matching/{template}", context)


# --- saved searches -------------------------------------------------------------------------


def _saved_searches(user: User) -> QuerySet[SavedSearch]:
    hits = (
        SavedSearchHit.objects.filter(tender__in=selectors.tender_list_visible_to(user=user))
        .select_related("tender")
        .order_by("-created_at", "-id")[:HITS_SHOWN]
    )
    return (
        SavedSearch.objects.filter(user=user)
        .select_related("organization")
        .annotate(hit_count=Count("hits"))
        .prefetch_related(Prefetch("hits", queryset=hits, to_attr="recent"))
        .order_by("name", "id")
    )


@login_required
@organization_required
def saved_search_list(request):
    """The user's saved searches with their latest hits, and the form to add one (for the current
    organization)."""
    form = SavedSearchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            search = saved_search_create(user=request.user, organization=request.organization, **form.service_data())
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(
                request,
                _("The search “%(name)s” is saved. New tenders that fit it are notified once each.")
                % {"name": search.name},
            )
            return redirect("marketplace:saved-searches")
    searches = list(_saved_searches(request.user))
    kinds = dict(ListingKind.choices)
    for search in searches:
        search.kind_labels = [str(kinds.get(kind, kind)) for kind in search.kinds]
    return render(
        request,
        "marketplace/matching/saved_searches.html",
        {"form": form, "searches": searches, "organization": request.organization},
    )


@login_required
@require_POST
def saved_search_delete(request, pk: int):
    search = get_object_or_404(SavedSearch.objects.filter(user=request.user), pk=pk)
    name = search.name
    saved_search_delete_service(search=search, by=request.user)
    messages.success(request, _("The search “%(name)s” was deleted.") % {"name": name})
    return redirect("marketplace:saved-searches")


# --- the full re-match (platform admins) ----------------------------------------------------


def platform_admin_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_platform_admin:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


@dataclass(frozen=True)
class Progress:
    run: MatchRun
    percent: int
    rate: float  # tenders per second since the run started
    seconds_left: int | None
    running: bool
    stalled: bool  # its worker stopped beating: killed, lost or out of time (rematch.run_state)
    retried: bool  # another worker took it up after one was lost
    stale_seconds: int


def _progress(run: MatchRun | None, now: datetime) -> Progress | None:
    if run is None:
        return None
    state = run_state(run, now)
    running = state == "running"
    stalled = state == "failed" and run.stop_reason in ("", RunStop.WORKER_LOST)
    elapsed = max(((run.finished_at or now) - run.started_at).total_seconds(), 0.001)
    rate = run.done / elapsed
    left = round((run.total - run.done) / rate) if running and rate else None
    percent = round(100 * run.done / run.total) if run.total else (0 if running else 100)
    return Progress(
        run, min(percent, 100), rate, left, running, stalled, run.attempts > 1, settings.JOB_STALE_AFTER_SECONDS
    )


def _duration(seconds: int | None) -> str:
    if seconds is None:
        return ""
    minutes, seconds = divmod(seconds, 60)
    return _("%(m)d min %(s)d s") % {"m": minutes, "s": seconds} if minutes else _("%(s)d s") % {"s": seconds}


def _progress_context() -> dict:
    progress = _progress(MatchRun.objects.first(), timezone.now())
    return {"progress": progress, "left": _duration(progress.seconds_left if progress else None), "poll": POLL_SECONDS}


@login_required
@platform_admin_required
def rematch(request):
    """GET shows the latest run; POST starts a full re-match in Celery unless one is running."""
    if request.method == "POST":
        try:
            run = rematch_start()
        except ApplicationError as error:
            messages.info(request, error.message)
        else:
            enqueue_on_commit(tasks.rematch_all, run.pk)
            messages.success(
                request,
                ngettext(
                    "The re-match of %(n)d open tender has started.",
                    "The re-match of %(n)d open tenders has started.",
                    run.total,
                )
                % {"n": run.total},
            )
        return redirect("marketplace:rematch")
    return render(request, "marketplace/matching/rematch.html", _progress_context())


@login_required
@platform_admin_required
def rematch_progress(request):
    """The progress bar alone, polled by htmx every POLL_SECONDS while the run goes on."""
    return render(request, "marketplace/matching/_rematch_progress.html", _progress_context())
