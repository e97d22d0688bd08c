"""Writes of the organizations app: sign-up, organizations, members, invitations, roles and API tokens.

Every function runs in one transaction, validates, writes, records the audit entry and queues follow-up work on
commit; a refused request raises ApplicationError and leaves nothing behind. One module per concept; this package
re-exports them, so `organizations.services` stays the one import.
"""

from .access import api_token_create, api_token_revoke, platform_role_grant
from .common import (
    INVITATION_VALIDITY,
    ORGANIZATION_FIELDS,
    SELF_SERVICE_KINDS,
    TOKEN_PREFIX,
    hash_secret,
    normalize_registration_id,
    validate_model,
)
from .members import invitation_accept, invitation_revoke, membership_invite, membership_remove, membership_set_role
from .organizations import organization_create, organization_delete, organization_update
from .users import user_language_set, user_settings_update, user_sign_up

__all__ = [
    "INVITATION_VALIDITY",
    "ORGANIZATION_FIELDS",
    "SELF_SERVICE_KINDS",
    "TOKEN_PREFIX",
    "api_token_create",
    "api_token_revoke",
    "hash_secret",
    "invitation_accept",
    "invitation_revoke",
    "membership_invite",
    "membership_remove",
    "membership_set_role",
    "normalize_registration_id",
    "organization_create",
    "organization_delete",
    "organization_update",
    "platform_role_grant",
    "user_language_set",
    "user_settings_update",
    "user_sign_up",
    "validate_model",
]
