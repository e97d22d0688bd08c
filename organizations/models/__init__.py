"""Data of the organizations app: users, organizations and their people, CPV codes, tokens, audit, notifications."""

from .audit import AuditEntry
from .cpv import CpvCode
from .cpv_suggest import CpvSuggesterModel
from .notifications import Notification
from .organizations import (
    SME_CLASSES,
    ClusterMembership,
    DualUseIntensity,
    Organization,
    OrganizationGroupObjectPermission,
    OrganizationKind,
    OrganizationUserObjectPermission,
    SmeClass,
    TierRole,
)
from .tokens import ApiToken
from .users import Invitation, Membership, MembershipRole, PlatformRole, PlatformRoleKind, User

__all__ = [
    "SME_CLASSES",
    "ApiToken",
    "AuditEntry",
    "ClusterMembership",
    "CpvCode",
    "CpvSuggesterModel",
    "DualUseIntensity",
    "Invitation",
    "Membership",
    "MembershipRole",
    "Notification",
    "Organization",
    "OrganizationGroupObjectPermission",
    "OrganizationKind",
    "OrganizationUserObjectPermission",
    "PlatformRole",
    "PlatformRoleKind",
    "SmeClass",
    "TierRole",
    "User",
]
