"""Writes of the organizations app: sign-up, organizations, members, invitations, roles and API tokens.

Every function runs in one transaction, validates, writes, records the audit entry and queues
follow-up work on commit; a refused request raises ApplicationError and leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, router, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.constraints import CONSTRAINT_FIELDS
from core.errors import ApplicationError
from core.queueing import enqueue_on_commit

from .audit import audit_record, diff, snapshot
from .cpv import parse_cpv_codes
from .models import (
    ApiToken,
    ClusterMembership,
    Invitation,
    Membership,
    MembershipRole,
    Organization,
    OrganizationKind,
    PlatformRole,
    PlatformRoleKind,
    User,
)
from .permissions import forget_memberships

INVITATION_VALIDITY = timedelta(days=14)
TOKEN_PREFIX = "alx_"
ORGANIZATION_FIELDS = [
    "kind",
    "legal_name",
    "country",
    "registration_id",
    "street",
    "postal_code",
    "city",
    "website",
    "description",
    "headcount",
    "annual_turnover_eur",
    "balance_sheet_total_eur",
    "dual_use_intensity",
    "tier_role",
]
SELF_SERVICE_KINDS = {OrganizationKind.COMPANY, OrganizationKind.AUTHORITY}


def normalize_registration_id(raw: str) -> str:
    """'hrb 4711 b' → 'HRB4711B': registers differ in spacing and case, the id does not."""
    return "".join(str(raw).split()).upper()


def hash_secret(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def validate_model(instance, *, exclude: list[str] | None = None) -> None:
    """full_clean() with the errors turned into the domain error, field by field. A named constraint's
    violation lands on the field core/constraints.py gives it (the one table the API handler reads too)."""
    errors: dict[str, list[str]] = {}
    try:
        instance.full_clean(exclude=exclude, validate_constraints=False)
    except ValidationError as error:
        errors.update(error.message_dict)
    skip = set(exclude or ()) | set(errors)
    using = router.db_for_write(type(instance), instance=instance)
    for constraint in instance._meta.constraints:
        try:
            constraint.validate(type(instance), instance, exclude=skip, using=using)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, messages in error.message_dict.items():
                    errors.setdefault(field, []).extend(messages)
            else:
                field = CONSTRAINT_FIELDS.get(constraint.name, ("__all__",))[0]
                errors.setdefault(field, []).extend(error.messages)
    if errors:
        errors = {("non_field_errors" if field == "__all__" else field): messages for field, messages in errors.items()}
        raise ApplicationError(next(iter(errors.values()))[0], errors=errors)


# --- users -----------------------------------------------------------------------------------


@transaction.atomic
def user_sign_up(*, email: str, full_name: str, password: str, language: str = "") -> User:
    """Create an account; the password must pass the configured strength validators. `language` is the one the
    sign-up page was read in (the browser's or the language menu's), kept as the user's setting."""
    email = User.objects.normalize_email(email).strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ApplicationError(
            _("An account with this e-mail address already exists. Log in or reset your password."),
            errors={"email": [_("An account with this e-mail address already exists.")]},
        )
    user = User(email=email, full_name=full_name.strip(), language=_known_language(language))
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ApplicationError(error.messages[0], errors={"password": error.messages}) from error
    user.set_password(password)
    validate_model(user, exclude=["password"])
    user.save()
    audit_record(actor=user, action="user.signed_up", target=user, organization=None)
    return user


def _known_language(language: str | None) -> str:
    code = (language or "")[:2]
    return code if code in {c for c, _name in settings.LANGUAGES} else ""


def user_settings_update(*, user: User, full_name: str, time_zone: str, language: str | None = None) -> User:
    """Change the user's own name, time zone and language (every page, notification and mail ALX writes for them
    is in that language, every moment in that zone)."""
    before = {"full_name": user.full_name, "time_zone": user.time_zone, "language": user.language}
    user.full_name, user.time_zone = full_name.strip(), time_zone
    if language is not None:
        if not _known_language(language):
            raise ApplicationError(
                _("Choose a language from the list."), errors={"language": [_("Choose a language from the list.")]}
            )
        user.language = _known_language(language)
    validate_model(user, exclude=["password"])
    user.save(update_fields=["full_name", "time_zone", "language"])
    changes = {name: [old, getattr(user, name)] for name, old in before.items() if old != getattr(user, name)}
    if changes:
        audit_record(actor=user, action="user.settings_changed", target=user, organization=None, changes=changes)
    return user


def user_language_set(*, user: User, language: str) -> User:
    """The language menu: a signed-in user's choice there becomes their setting (unknown codes are ignored)."""
    code = _known_language(language)
    if code and code != user.language:
        before, user.language = user.language, code
        user.save(update_fields=["language"])
        audit_record(
            actor=user,
            action="user.settings_changed",
            target=user,
            organization=None,
            changes={"language": [before or None, code]},
        )
    return user


# --- organizations ---------------------------------------------------------------------------


def _apply_profile(organization: Organization, data: dict[str, Any]) -> tuple[list[str] | None, list[dict] | None]:
    codes = data.pop("capability_codes", None)
    clusters = data.pop("clusters", None)
    unknown = set(data) - set(ORGANIZATION_FIELDS)
    if unknown:
        raise ApplicationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    for name, value in data.items():
        if name == "registration_id" and value:
            value = normalize_registration_id(value)
        setattr(organization, name, value)
    if codes is not None:
        codes = parse_cpv_codes(codes)
    return codes, clusters


def _duplicate_registration_error() -> ApplicationError:
    message = _("An organization with this registration id is already registered.")
    return ApplicationError(message, errors={"registration_id": [message]}, code="duplicate_registration_id")


def _save_organization(organization: Organization, codes, clusters) -> None:
    if (
        organization.registration_id
        and Organization.objects.filter(registration_id=organization.registration_id)
        .exclude(pk=organization.pk)
        .exists()
    ):
        raise _duplicate_registration_error()
    validate_model(organization)
    try:
        with transaction.atomic():
            organization.save()
    except IntegrityError as error:  # a concurrent registration won the race
        raise _duplicate_registration_error() from error
    if codes is not None:
        organization.capability_codes.set(codes)
    if clusters is not None:
        organization.clusters.all().delete()
        ClusterMembership.objects.bulk_create(
            ClusterMembership(organization=organization, name=c["name"].strip(), region=c.get("region", "").strip())
            for c in {c["name"].strip(): c for c in clusters if c.get("name", "").strip()}.values()
        )


@transaction.atomic
def organization_create(*, by: User, allow_any_kind: bool = False, **data: Any) -> Organization:
    """Register an organization; its creator becomes its first admin.

    Companies and authorities register themselves; nations, the JCC and consortia are created
    by platform admins (or, for consortia, by the alliances app acting for the lead).
    """
    kind = data.get("kind", OrganizationKind.COMPANY)
    if kind not in SELF_SERVICE_KINDS and not (allow_any_kind or by.is_platform_admin):
        raise ApplicationError(
            _("Only platform administrators can register organizations of this kind."),
            errors={"kind": [_("Choose company or authority.")]},
            code="permission_denied",
        )
    organization = Organization(kind=kind)
    codes, clusters = _apply_profile(organization, data)
    _save_organization(organization, codes, clusters)
    Membership.objects.create(user=by, organization=organization, role=MembershipRole.ADMIN)
    forget_memberships(by)
    audit_record(
        actor=by,
        action="organization.created",
        target=organization,
        organization=organization,
        changes=diff({}, snapshot(organization, [*ORGANIZATION_FIELDS, "capability_codes"])),
    )
    return organization


@transaction.atomic
def organization_update(*, organization: Organization, by: User, **data: Any) -> Organization:
    """Change an organization's profile; the audit entry records each changed field."""
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if "kind" in data and data["kind"] != organization.kind and not by.is_platform_admin:
        raise ApplicationError(
            _("Only platform administrators can change an organization's kind."),
            errors={"kind": [_("The kind cannot be changed.")]},
        )
    fields = [*ORGANIZATION_FIELDS, "capability_codes"]
    before = snapshot(organization, fields)
    codes, clusters = _apply_profile(organization, data)
    _save_organization(organization, codes, clusters)
    organization.refresh_from_db()
    changes = diff(before, snapshot(organization, fields))
    if changes or clusters is not None:
        audit_record(
            actor=by, action="organization.updated", target=organization, organization=organization, changes=changes
        )
    return organization


@transaction.atomic
def organization_delete(*, organization: Organization, by: User) -> None:
    audit_record(
        actor=by,
        action="organization.deleted",
        target=organization,
        organization=None,
        changes={"legal_name": [organization.legal_name, None]},
    )
    organization.delete()


# --- memberships and invitations -------------------------------------------------------------


def _ensure_another_admin(membership: Membership) -> None:
    if membership.role != MembershipRole.ADMIN:
        return
    others = (
        Membership.objects.select_for_update()
        .filter(organization_id=membership.organization_id, role=MembershipRole.ADMIN)
        .exclude(pk=membership.pk)
    )
    if not others.exists():
        raise ApplicationError(
            _("An organization needs at least one administrator. Make someone else an administrator first."),
            errors={"role": [_("This is the last administrator.")]},
            code="last_admin",
        )


@transaction.atomic
def membership_set_role(*, membership: Membership, role: str, by: User) -> Membership:
    if role not in MembershipRole.values:
        raise ApplicationError(_("Unknown role."), errors={"role": [_("Choose admin or member.")]})
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if role == membership.role:
        return membership
    if role != MembershipRole.ADMIN:
        _ensure_another_admin(membership)
    before = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    audit_record(
        actor=by,
        action="membership.role_changed",
        target=membership,
        organization=membership.organization,
        changes={"role": [before, role]},
    )
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, by: User) -> None:
    """Remove a colleague (admins) or leave (anyone); the last admin cannot go."""
    membership = Membership.objects.select_for_update().select_related("user", "organization").get(pk=membership.pk)
    _ensure_another_admin(membership)
    audit_record(
        actor=by,
        action="membership.removed",
        target=membership,
        organization=membership.organization,
        changes={"user": [membership.user.email, None], "role": [membership.role, None]},
    )
    membership.delete()


@transaction.atomic
def membership_invite(*, organization: Organization, email: str, role: str, by: User) -> tuple[Invitation, str]:
    """Invite someone by e-mail; returns the invitation and the secret link token (sent, never stored)."""
    email = User.objects.normalize_email(email).strip().lower()
    if role not in MembershipRole.values:
        raise ApplicationError(_("Unknown role."), errors={"role": [_("Choose admin or member.")]})
    if Membership.objects.filter(organization=organization, user__email__iexact=email).exists():
        message = _("%(email)s is already a member of %(org)s.") % {"email": email, "org": organization}
        raise ApplicationError(message, errors={"email": [message]}, code="already_member")
    now = timezone.now()
    # An earlier invitation to the same address is replaced, so only the newest link works.
    Invitation.objects.filter(
        organization=organization, email=email, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    raw_token = secrets.token_urlsafe(32)
    invitation = Invitation(
        organization=organization,
        email=email,
        role=role,
        invited_by=by,
        token_hash=hash_secret(raw_token),
        expires_at=now + INVITATION_VALIDITY,
    )
    validate_model(invitation, exclude=["token_hash"])
    invitation.save()
    audit_record(
        actor=by,
        action="invitation.created",
        target=invitation,
        organization=organization,
        changes={"email": [None, email], "role": [None, role]},
    )
    from .tasks import send_invitation_email

    # The invitee has no account, so no language of their own yet: the mail speaks the inviter's page language.
    language = get_language()
    enqueue_on_commit(send_invitation_email, invitation.pk, raw_token, language)
    return invitation, raw_token


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by: User) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at or invitation.revoked_at:
        raise ApplicationError(_("This invitation is no longer open."), code="invitation_closed")
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit_record(actor=by, action="invitation.revoked", target=invitation, organization=invitation.organization)
    return invitation


@transaction.atomic
def invitation_accept(*, raw_token: str, user: User) -> Membership:
    """Join the organization of an open invitation addressed to the user's e-mail address."""
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("organization")
        .filter(token_hash=hash_secret(raw_token))
        .first()
    )
    if invitation is None or not invitation.is_open:
        raise ApplicationError(
            _("This invitation link is invalid, expired or already used."), code="invitation_invalid"
        )
    if invitation.email.lower() != user.email.lower():
        raise ApplicationError(
            _("This invitation was sent to %(email)s. Log in with that address to accept it.")
            % {"email": invitation.email},
            code="invitation_other_user",
        )
    if Membership.objects.filter(organization=invitation.organization, user=user).exists():
        raise ApplicationError(
            _("You are already a member of %(org)s.") % {"org": invitation.organization},
            code="already_member",
        )
    membership = Membership.objects.create(user=user, organization=invitation.organization, role=invitation.role)
    forget_memberships(user)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit_record(
        actor=user,
        action="invitation.accepted",
        target=membership,
        organization=invitation.organization,
        changes={"user": [None, user.email]},
    )
    return membership


# --- platform roles --------------------------------------------------------------------------


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


# --- API tokens ------------------------------------------------------------------------------


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
