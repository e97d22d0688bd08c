"""The marketplace hub and the user's notifications."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from organizations.models import OrganizationKind
from organizations.notifications import notifications_mark_read

from .. import selectors
from .common import is_officer, notifications_of, own_bids, page_of, safe_next

SUPPLIER_KINDS = {OrganizationKind.COMPANY, OrganizationKind.CONSORTIUM}
HUB_ROWS = 5


@login_required
def index(request):
    user, organization = request.user, request.organization
    officer = is_officer(user)
    supplier = bool(organization) and organization.kind in SUPPLIER_KINDS
    context = {
        "is_officer": officer,
        "is_supplier": supplier,
        "organization": organization,
        "unread": notifications_of(user).filter(read_at__isnull=True).count(),
        "now": timezone.now(),
    }
    if supplier:
        context["open_tenders"] = selectors.tender_search(user=user, open_only=True)[:HUB_ROWS]
        context["my_bids"] = own_bids(user).filter(bidder_id=organization.pk).order_by("-updated_at", "-id")[:HUB_ROWS]
    if officer and organization:
        context["my_tenders"] = (
            selectors.tender_list_visible_to(user=user)
            .filter(buyer_id=organization.pk)
            .order_by("-updated_at", "-id")[:HUB_ROWS]
        )
    return render(request, "marketplace/index.html", context)


@login_required
def notification_list(request):
    notifications = notifications_of(request.user)
    return render(
        request,
        "marketplace/notifications.html",
        {
            "page": page_of(request, notifications),
            "unread": notifications.filter(read_at__isnull=True).count(),
        },
    )


@login_required
@require_POST
def notification_read(request, pk: int):
    notification = get_object_or_404(notifications_of(request.user), pk=pk)
    notifications_mark_read(user=request.user, notification_ids=[notification.pk])
    if request.POST.get("open") and notification.link:
        return redirect(safe_next(notification.link, "marketplace:notifications"))
    return redirect("marketplace:notifications")


@login_required
@require_POST
def notification_read_all(request):
    count = notifications_mark_read(user=request.user)
    messages.success(
        request,
        ngettext("%(n)d notification marked as read.", "%(n)d notifications marked as read.", count) % {"n": count},
    )
    return redirect("marketplace:notifications")
