"""Per request: the organization the user currently acts for (kept in the session) and the user's time zone."""

from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from config.formatting import zone_of

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


class TimeZoneMiddleware:
    """Activates the signed-in user's time zone (Europe/Berlin for visitors), so every page shows moments as the
    user reads them and reads the moments typed into forms in the same zone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        timezone.activate(zone_of(user if user is not None and user.is_authenticated else None))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
