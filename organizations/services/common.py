"""What the organizations app's writes share, and other apps' services use: turning full_clean() and named
constraints into the domain error, hashing secrets, and normalising registration ids."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import router

from core.constraints import CONSTRAINT_FIELDS
from core.errors import ApplicationError

from ..models import (
    OrganizationKind,
)

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
