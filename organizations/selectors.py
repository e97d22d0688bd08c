"""Reads of the organizations app: querysets already narrowed, in SQL, to what the user may see."""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from .audit_seals import sealed_entries
from .models import (
    ApiToken,
    AuditEntry,
    CpvCode,
    Invitation,
    Membership,
    MembershipRole,
    Notification,
    Organization,
    User,
)
from .models.cpv import significant_prefix
from .pickers import fold, folded


def organization_ids_of(*, user: User):
    """The ids of the user's organizations, as a subquery for filtering in SQL (every app uses it)."""
    return Membership.objects.filter(user=user).values("organization_id")


def organization_id_list_of(*, user: User) -> list[int]:
    """The same ids read now, as a list: for hot queries, a literal list (`IN (…)`, or one array for
    `= ANY(…)`) plans and runs faster than repeating the subquery, at the price of one small query (and of
    reading memberships now, not later)."""
    return list(Membership.objects.filter(user=user).order_by().values_list("organization_id", flat=True))


def _admin_org_ids(user: User):
    return Membership.objects.filter(user=user, role=MembershipRole.ADMIN).values("organization_id")


def organizations_of(*, user: User) -> QuerySet[Organization]:
    """The organizations the user is a member of (no widening for platform admins)."""
    return Organization.objects.filter(pk__in=organization_ids_of(user=user))


def organizations_where_admin(*, user: User) -> QuerySet[Organization]:
    """The organizations the user administers (no widening for platform admins)."""
    return Organization.objects.filter(pk__in=_admin_org_ids(user))


def organization_list_managed_by(*, user: User) -> QuerySet[Organization]:
    """Organizations the user belongs to (all of them for platform admins), with full details."""
    queryset = Organization.objects.all()
    if not user.is_platform_admin:
        queryset = queryset.filter(pk__in=organization_ids_of(user=user))
    return queryset.prefetch_related("capability_codes", "clusters").order_by("legal_name", "id")


def organizations_to_pick(*, query: str, kinds: list[str]) -> QuerySet[Organization]:
    """Organizations whose legal name contains what was typed (diacritics folded: "wisla" finds "Wisła"),
    of the given kinds; the public directory, so every signed-in user may search it."""
    words = fold(query).split()
    if not words:
        return Organization.objects.none()
    queryset = Organization.objects.filter(kind__in=kinds).annotate(folded_name=folded("legal_name"))
    for word in words:
        queryset = queryset.filter(folded_name__contains=word)
    return queryset.order_by("legal_name", "id")


def organization_directory(
    *, query: str = "", country: str = "", kind: str = "", kinds: tuple[str, ...] = ()
) -> QuerySet[Organization]:
    """Public profiles of every organization, for finding buyers and partners."""
    queryset = Organization.objects.prefetch_related("capability_codes", "clusters")
    if kinds:
        queryset = queryset.filter(kind__in=kinds)
    if query:
        queryset = queryset.filter(legal_name__icontains=query)
    if country:
        queryset = queryset.filter(country=country.upper())
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset.order_by("legal_name", "id")


def organizations_administered_by(*, user: User) -> QuerySet[Organization]:
    """Organizations whose profile, members and invitations the user may manage."""
    if user.is_platform_admin:
        return Organization.objects.order_by("legal_name", "id")
    return Organization.objects.filter(pk__in=_admin_org_ids(user)).order_by("legal_name", "id")


def membership_list_visible_to(*, user: User) -> QuerySet[Membership]:
    queryset = Membership.objects.select_related("user", "organization")
    if not user.is_platform_admin:
        queryset = queryset.filter(organization_id__in=organization_ids_of(user=user))
    return queryset.order_by("organization__legal_name", "user__email", "id")


def memberships_of(*, user: User) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user).select_related("organization").order_by("organization__legal_name", "id")
    )


def invitation_list_visible_to(*, user: User) -> QuerySet[Invitation]:
    queryset = Invitation.objects.select_related("organization", "invited_by")
    if not user.is_platform_admin:
        queryset = queryset.filter(organization_id__in=_admin_org_ids(user))
    return queryset.order_by("-created_at", "-id")


def invitations_open_for(*, user: User) -> QuerySet[Invitation]:
    """Open invitations addressed to the user's e-mail address, shown on their dashboard."""
    return (
        Invitation.objects.filter(
            email__iexact=user.email,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .select_related("organization")
        .order_by("-created_at")
    )


def api_token_list_of(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def notification_list_of(*, user: User) -> QuerySet[Notification]:
    """The user's own notifications, newest first; no one else's, whatever their role."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def audit_entries_visible_to(*, user: User) -> QuerySet[AuditEntry]:
    """Audit entries of the user's organizations where they are admin; everything for platform admins — except
    entries under a seal (audit_seals: a bid's history until the opening), which only the members of the entry's
    own organization read. The one read of the audit log: the API, the page and the Django admin call it."""
    queryset = AuditEntry.objects.select_related("content_type", "organization")
    if not user.is_platform_admin:
        queryset = queryset.filter(organization_id__in=_admin_org_ids(user))
    sealed = sealed_entries(now=timezone.now())
    if sealed is not None:
        queryset = queryset.filter(~sealed | Q(organization_id__in=organization_ids_of(user=user)))
    return queryset.order_by("-created_at", "-id")


# --- CPV vocabulary --------------------------------------------------------------------------

_WORD = re.compile(r"\w+", re.UNICODE)


def cpv_search(*, query: str, limit: int = 20) -> QuerySet[CpvCode]:
    """Codes matching a code prefix ('6010', '60100000-9') or words ('road transp'), best first.

    Words match as prefixes against the English-stemmed titles, so typing 'transp' finds
    'transport'; all words must match.
    """
    query = (query or "").strip()
    digits = query.split("-")[0].replace(" ", "")
    if digits.isdigit():
        return CpvCode.objects.filter(code__startswith=digits[:8]).order_by("code")[:limit]
    words = _WORD.findall(query.lower())
    if not words:
        return CpvCode.objects.none()
    ts_query = SearchQuery(" & ".join(f"{word}:*" for word in words), search_type="raw", config="english")
    vector = SearchVector("title", config="english")
    return (
        CpvCode.objects.annotate(search=vector, rank=SearchRank(vector, ts_query))
        .filter(search=ts_query)
        .order_by("level", "-rank", "code")[:limit]
    )


def cpv_descendants(*, code: str) -> QuerySet[CpvCode]:
    """Every code below `code` in the tree (not the code itself)."""
    return CpvCode.objects.filter(code__startswith=significant_prefix(code)).exclude(code=code).order_by("code")


def cpv_ancestors(*, code: CpvCode) -> list[CpvCode]:
    """From the division down to the code's parent."""
    chain: list[CpvCode] = []
    node = code.parent
    while node is not None:
        chain.append(node)
        node = node.parent
    return list(reversed(chain))


def cpv_get(*, code: str) -> CpvCode | None:
    from .cpv import normalize_cpv_code

    normalized = normalize_cpv_code(code or "")
    if normalized is None:
        return None
    return (
        CpvCode.objects.select_related("parent").annotate(child_count=Count("children")).filter(code=normalized).first()
    )


def cpv_children(*, code: str) -> QuerySet[CpvCode]:
    return CpvCode.objects.filter(parent_id=code).order_by("code")


# The CPV suggester's read entry point lives with its engine; re-exported so callers find every read here.
from .cpv_suggest.selectors import cpv_suggestions  # noqa: E402,F401
