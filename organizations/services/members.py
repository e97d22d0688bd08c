"""Writes of memberships and invitations: roles (an organization always keeps one administrator), removal, and
invitations by e-mail with a one-time token that the invitee accepts."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from core.queueing import enqueue_on_commit

from ..audit import audit_record
from ..models import (
    Invitation,
    Membership,
    MembershipRole,
    Organization,
    User,
)
from ..permissions import forget_memberships
from ..tasks import send_invitation_email
from .common import (
    INVITATION_VALIDITY,
    hash_secret,
    validate_model,
)


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
