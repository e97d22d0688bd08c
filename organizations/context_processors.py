"""Template context for the page shell: the user's organizations and the navigation their roles allow."""

from .models import PlatformRoleKind


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from .selectors import memberships_of

    roles = {role for role in PlatformRoleKind.values if user.has_platform_role(role)}
    return {
        "nav_memberships": memberships_of(user=user),
        "nav_roles": roles,
        "current_organization": getattr(request, "organization", None),
    }
