"""The dashboard page: what waits for the user today, composed by dashboard.home."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from organizations.selectors import memberships_of

from .home import home_for


@login_required
def dashboard(request):
    organization = request.organization or None
    return render(
        request,
        "dashboard/index.html",
        {
            "home": home_for(user=request.user, organization=organization),
            "memberships": memberships_of(user=request.user),
            "organization": organization,
        },
    )
