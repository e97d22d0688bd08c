"""Capacity listings: search what others offer, and list, create, publish or pause the organization's own."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.errors import ApplicationError
from core.forms import add_application_error

from .. import selectors, services
from ..forms import ListingForm, ListingSearchForm
from ..models import CapacityListing
from .common import my_organization_ids, organization_required, page_of

TRANSITION_MESSAGES = {
    "publish": gettext_lazy("The listing is published; buyers and partners can find it now."),
    "pause": gettext_lazy("The listing is paused and hidden from searches."),
}


@login_required
def listing_search(request):
    form = ListingSearchForm(request.GET or None)
    listings = CapacityListing.objects.none()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        listings = selectors.listing_search(
            user=request.user,
            query=data["q"],
            cpv=data["cpv"],
            kinds=[data["kind"]] if data["kind"] else None,
            country=data["country"],
            available_from=data["available_from"],
            available_until=data["available_until"],
            sme_only=data["sme_only"],
        )
    elif not form.is_bound:
        listings = selectors.listing_search(user=request.user)
    return render(request, "marketplace/listing_search.html", {"form": form, "page": page_of(request, listings)})


@login_required
@organization_required
def listing_mine(request):
    listings = (
        selectors.listing_list_visible_to(user=request.user)
        .filter(provider_id=request.organization.pk)
        .order_by("-updated_at", "-id")
    )
    return render(request, "marketplace/listing_mine.html", {"page": page_of(request, listings)})


@login_required
@organization_required
def listing_create(request):
    form = ListingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            listing = services.listing_create(provider=request.organization, by=request.user, **form.service_data())
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("The listing is saved as a draft. Publish it when it is ready."))
            return redirect("marketplace:listing-detail", pk=listing.pk)
    return render(request, "marketplace/listing_form.html", {"form": form})


@login_required
def listing_detail(request, pk: int):
    listing = get_object_or_404(
        selectors.listing_list_visible_to(user=request.user).prefetch_related("cpv_codes"), pk=pk
    )
    own = my_organization_ids(request.user).filter(organization_id=listing.provider_id).exists()
    return render(request, "marketplace/listing_detail.html", {"listing": listing, "own": own})


@login_required
@require_POST
def listing_transition(request, pk: int, action: str):
    listing = get_object_or_404(
        selectors.listing_list_visible_to(user=request.user).filter(provider_id__in=my_organization_ids(request.user)),
        pk=pk,
    )
    if action not in TRANSITION_MESSAGES:
        messages.error(request, _("Unknown action."))
        return redirect("marketplace:listing-detail", pk=listing.pk)
    try:
        services.listing_transition(listing=listing, action=action, by=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, TRANSITION_MESSAGES[action])
    return redirect("marketplace:listing-detail", pk=listing.pk)
