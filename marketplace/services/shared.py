"""What every tender service needs: the audited tender move, the locked reload, the officer check, the link.

The sibling service modules (tenders, bids, evaluation, cancellation, ...) import these from here and import
each other only one way, so no service needs a function-body import to dodge a cycle."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from organizations.lifecycle import transition
from organizations.models import Organization, PlatformRoleKind, User
from organizations.permissions import is_member

from ..models import TENDER_TRANSITIONS, Tender, TenderState


def tender_transition(
    tender: Tender,
    *,
    to: str,
    by: User | None,
    action: str,
    reason: str = "",
    fields: tuple[str, ...] = (),
    changes: dict | None = None,
) -> Tender:
    """Move a locked tender along TENDER_TRANSITIONS, saving `fields` too, and audit it (409 if not allowed)."""
    return transition(
        tender,
        table=TENDER_TRANSITIONS,
        states=TenderState,
        to=to,
        by=by,
        action=action,
        organization=tender.buyer,
        reason=reason,
        fields=(*fields, "updated_at"),
        changes=changes,
        refusal=_("A tender that is %(state)s cannot become %(to)s."),
    )


def tender_link(tender: Tender) -> str:
    return reverse("marketplace:tender-detail", args=[tender.pk])


def ensure_officer_of(*, user: User, buyer: Organization) -> None:
    if not user.has_platform_role(PlatformRoleKind.PROCUREMENT_OFFICER) or not is_member(user, buyer.pk):
        raise ApplicationError(
            _("Only procurement officers of the buying organization may do this."), code="permission_denied"
        )


def tender_locked(tender: Tender, expected_version: int | None) -> Tender:
    """The tender's row, locked; 412 when the caller edited an older version than the stored one."""
    locked = Tender.objects.select_for_update().get(pk=tender.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ApplicationError(
            _("The tender was changed by someone else (version %(v)d). Reload and try again.") % {"v": locked.version},
            code="precondition_failed",
        )
    return locked
