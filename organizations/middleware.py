"""Per request: the organization the user currently acts for (kept in the session), the user's time zone and
language."""

from django.conf import settings
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject

from core.formatting import zone_of

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


# Where a visitor's choice in the language menu waits for the login that makes it the user's setting.
CHOSEN_LANGUAGE_KEY = "chosen_language"


class UserLanguageMiddleware:
    """A signed-in user who chose a language reads every page in it, whatever the browser asks for (after Django's
    LocaleMiddleware, which serves visitors and users who chose none). The language cookie follows the setting, so
    the pages stay in that language after logging out. The API keeps answering in the `Accept-Language` asked for."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        language = ""
        if user is not None and user.is_authenticated and not request.path.startswith("/api/"):
            language = user.language
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if language and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response
