"""Who acts for whom in LogHubs: nAP operators for their nation, JCC coordinators for all, hub operators for
their hubs. Read once per user object (i.e. once per request) and shared by permissions, selectors and services.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from organizations.models import Membership, PlatformRole, PlatformRoleKind, User

from .models import Hub


def nap_nation_ids(user: User) -> frozenset[int]:
    """The nations the user is an nAP operator of (explicit grants; superusers act for every nation)."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_loghubs_nap_nations", None)
    if cached is None:
        cached = frozenset(
            PlatformRole.objects.filter(user=user, role=PlatformRoleKind.NAP_OPERATOR).values_list(
                "nation_id", flat=True
            )
        )
        user._loghubs_nap_nations = cached
    return cached


def is_nap_of(user: User, nation_id: int | None) -> bool:
    if user is None or not user.is_authenticated or nation_id is None:
        return False
    return user.is_superuser or nation_id in nap_nation_ids(user)


def is_jcc(user: User) -> bool:
    return bool(user is not None and user.is_authenticated and user.has_platform_role(PlatformRoleKind.JCC_COORDINATOR))


def is_hub_operator(user: User) -> bool:
    return bool(user is not None and user.is_authenticated and user.has_platform_role(PlatformRoleKind.HUB_OPERATOR))


def operated_hubs(user: User) -> QuerySet[Hub]:
    """Hubs the user runs: hub operator role plus membership in the hub's operator organization (or, for a hub
    without one, in the hub's nation)."""
    if not is_hub_operator(user):
        return Hub.objects.none()
    if user.is_superuser:
        return Hub.objects.all()
    orgs = Membership.objects.filter(user=user).values("organization_id")
    return Hub.objects.filter(Q(operator_id__in=orgs) | Q(operator__isnull=True, nation_id__in=orgs))


def operated_hub_ids(user: User) -> frozenset[int]:
    if user is None or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_loghubs_operated_hubs", None)
    if cached is None:
        cached = frozenset(operated_hubs(user).values_list("pk", flat=True))
        user._loghubs_operated_hubs = cached
    return cached


def operates_hub(user: User, hub_id: int | None) -> bool:
    return hub_id is not None and hub_id in operated_hub_ids(user)


def acts_for_hub(user: User, hub: Hub) -> bool:
    """The hub's side of a booking: the nAP of the hub's nation or one of the hub's operators."""
    return is_nap_of(user, hub.nation_id) or operates_hub(user, hub.pk)
