"""Resolves the organization the user currently acts for, once per request (kept in the session)."""

from django.utils.functional import SimpleLazyObject

SESSION_KEY = "current_organization_id"


def current_organization(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    from .models import Organization
    from .permissions import membership_roles

    roles = membership_roles(user)
    if not roles:
        return None
    chosen = request.session.get(SESSION_KEY)
    organization_id = chosen if chosen in roles else min(roles)
    return Organization.objects.filter(pk=organization_id).first()


class CurrentOrganizationMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.organization = SimpleLazyObject(lambda: current_organization(request))
        return self.get_response(request)
