"""The buyer's tender page section that names the evaluation committee (who alone opens and scores the bids)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import ApplicationError
from organizations.models import User

from .. import selectors, services
from ..models import Tender
from ..services.committee import COMMITTEE_SETTLED_STATES, ensure_may_name_committee
from .common import buyer_tender


def committee_context(user: User, tender: Tender) -> dict:
    """What the section shows: the members, and for those who may change it, the officers to choose from."""
    try:
        ensure_may_name_committee(user=user, tender=tender)
        may_name = tender.state not in COMMITTEE_SETTLED_STATES
    except ApplicationError:
        may_name = False
    members = list(selectors.evaluation_committee_of(tender=tender))
    return {
        "committee": members,
        "committee_ids": {member.pk for member in members},
        "committee_candidates": list(selectors.evaluation_committee_candidates(tender=tender)) if may_name else [],
        "may_name_committee": may_name,
    }


@login_required
@require_POST
def tender_committee(request, pk: int):
    tender = buyer_tender(request.user, pk)
    member_ids = [int(value) for value in request.POST.getlist("members") if value.isdigit()]
    try:
        members = services.evaluation_committee_set(tender=tender, member_ids=member_ids, by=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The evaluation committee was saved.")
            if members
            else _("No committee is named: every procurement officer of the buyer evaluates."),
        )
    return redirect(reverse("marketplace:tender-detail", args=[tender.pk]) + "#committee")
