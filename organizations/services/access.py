"""Writes of access beyond membership: platform roles (platform administrator, nAP operator, ...) and personal
API tokens, shown once and kept only as their hash."""

from __future__ import annotations

import secrets
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ApplicationError

from ..audit import audit_record
from ..models import (
    ApiToken,
    Organization,
    OrganizationKind,
    PlatformRole,
    PlatformRoleKind,
    User,
)
from .common import (
    TOKEN_PREFIX,
    hash_secret,
    validate_model,
)


@transaction.atomic
def platform_role_grant(*, user: User, role: str, by: User, nation: Organization | None = None) -> PlatformRole:
    if not by.is_platform_admin:
        raise ApplicationError(_("Only platform administrators grant platform roles."), code="permission_denied")
    if nation is not None and nation.kind != OrganizationKind.NATION:
        raise ApplicationError(_("Choose a nation."), errors={"nation": [_("This organization is not a nation.")]})
    if role != PlatformRoleKind.NAP_OPERATOR:
        nation = None
    grant = PlatformRole(user=user, role=role, nation=nation)
    validate_model(grant)
    grant.save()
    if role == PlatformRoleKind.PLATFORM_ADMIN and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    audit_record(
        actor=by,
        action="platform_role.granted",
        target=grant,
        organization=None,
        changes={"role": [None, role], "nation": [None, nation.pk if nation else None]},
    )
    return grant


@transaction.atomic
def api_token_create(*, user: User, name: str, expires_at: datetime | None = None) -> tuple[ApiToken, str]:
    """Create a token for an integrator; the raw key is returned once and only its hash is kept."""
    name = (name or "").strip()
    if not name:
        raise ApplicationError(
            _("Give the token a name, e.g. the system that will use it."),
            errors={"name": [_("This field is required.")]},
        )
    if expires_at is not None and expires_at <= timezone.now():
        raise ApplicationError(
            _("The expiry date must be in the future."),
            errors={"expires_at": [_("The expiry date must be in the future.")]},
        )
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name[:100], prefix=raw[:12], key_hash=hash_secret(raw), expires_at=expires_at
    )
    audit_record(
        actor=user, action="api_token.created", target=token, organization=None, changes={"name": [None, token.name]}
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: User) -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=by, action="api_token.revoked", target=token, organization=None)
    return token
