"""Writes of user accounts: sign-up (with the password validators) and the user's own settings: name, time zone
and language."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import ApplicationError

from ..audit import audit_record
from ..models import (
    User,
)
from .common import (
    validate_model,
)


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
