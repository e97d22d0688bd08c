"""Who may see integrity flags and handle abnormally-low cases: the buyer's procurement officers, platform
admins and auditors (read only). Never the bidders: a flag speaks of their competitors' offers."""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.errors import ApplicationError
from organizations.models import PlatformRoleKind, User
from organizations.permissions import is_member


def sees_all_flags(user: User) -> bool:
    """Platform admins and auditors read the flags of every buyer."""
    return user.is_authenticated and (user.is_platform_admin or user.has_platform_role(PlatformRoleKind.AUDITOR))


def is_officer_of(user: User, buyer_id: int) -> bool:
    return (
        user.is_authenticated
        and user.has_platform_role(PlatformRoleKind.PROCUREMENT_OFFICER)
        and is_member(user, buyer_id)
    )


def ensure_officer(user: User, buyer_id: int) -> None:
    if not is_officer_of(user, buyer_id):
        raise ApplicationError(
            _("Only procurement officers of the buying organization may do this."), code="permission_denied"
        )
