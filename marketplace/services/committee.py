"""A tender's evaluation committee: the officers named per tender who alone open and score its bids.

Without a committee every procurement officer of the buyer evaluates (the default, as before). Naming one is
a per-person, per-tender grant, so it is kept as django-guardian object permissions (`evaluate_tender`)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from core.errors import ApplicationError
from organizations.audit import audit_record
from organizations.models import User
from organizations.permissions import is_org_admin

from ..models import EVALUATE_TENDER, Tender, TenderState
from ..selectors import evaluation_committee_candidates, evaluation_committee_of, may_evaluate
from .shared import ensure_officer_of

# Once a tender is settled its evaluation is history; the committee that did it stays as recorded.
COMMITTEE_SETTLED_STATES = {TenderState.AWARDED, TenderState.COMPLETED, TenderState.CANCELLED, TenderState.UNSUCCESSFUL}


def ensure_evaluator(*, user: User, tender: Tender) -> None:
    """Scores and award decisions on the buyer's side: a procurement officer of the buyer, and a committee
    member once the tender has a committee."""
    ensure_officer_of(user=user, buyer=tender.buyer)
    if not may_evaluate(user=user, tender=tender):
        raise ApplicationError(_("Only the evaluation committee of this tender may do this."), code="permission_denied")


def ensure_may_name_committee(*, user: User, tender: Tender) -> None:
    """The tender's author or an administrator of the buyer, being a procurement officer of it, names the
    committee; once one is named, its members may change it too."""
    ensure_officer_of(user=user, buyer=tender.buyer)
    if (
        tender.created_by_id == user.pk
        or is_org_admin(user, tender.buyer_id)
        or evaluation_committee_of(tender=tender).filter(pk=user.pk).exists()
    ):
        return
    raise ApplicationError(
        _(
            "Only the tender's author, an administrator of the buyer or a committee member may "
            "name the evaluation committee."
        ),
        code="permission_denied",
    )


@transaction.atomic
def evaluation_committee_set(*, tender: Tender, member_ids: list[int], by: User) -> list[User]:
    """Make exactly `member_ids` the tender's committee (an empty list: every officer of the buyer evaluates)."""
    tender = Tender.objects.select_for_update().select_related("buyer").get(pk=tender.pk)
    ensure_may_name_committee(user=by, tender=tender)
    if tender.state in COMMITTEE_SETTLED_STATES:
        raise ApplicationError(
            _("The evaluation of this tender is settled; its committee can no longer change."),
            code="invalid_state",
        )
    wanted = set(member_ids)
    allowed = {user.pk: user for user in evaluation_committee_candidates(tender=tender).filter(pk__in=wanted)}
    unknown = sorted(wanted - set(allowed))
    if unknown:
        message = _("Committee members must be procurement officers of %(buyer)s.") % {"buyer": tender.buyer.legal_name}
        raise ApplicationError(message, errors={"members": [message]})
    if wanted and by.pk not in wanted and not is_org_admin(by, tender.buyer_id):
        # An officer who is not an administrator cannot leave the committee that lets them act on it.
        message = _("Name yourself as well, or ask an administrator of %(buyer)s.") % {"buyer": tender.buyer.legal_name}
        raise ApplicationError(message, errors={"members": [message]})
    current = {user.pk: user for user in evaluation_committee_of(tender=tender)}
    for user_id in sorted(wanted - set(current)):
        assign_perm(EVALUATE_TENDER, allowed[user_id], tender)
    for user_id in sorted(set(current) - wanted):
        remove_perm(EVALUATE_TENDER, current[user_id], tender)
    if wanted != set(current):
        audit_record(
            actor=by,
            action="tender.committee_set",
            target=tender,
            organization=tender.buyer,
            changes={
                "committee": [sorted(u.email for u in current.values()), sorted(allowed[pk].email for pk in wanted)]
            },
        )
    return list(evaluation_committee_of(tender=tender))
