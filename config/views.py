"""Project-level endpoints: the health check and the landing page."""

from __future__ import annotations

import sys

from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views import defaults

from config.celery_app import app as celery_app
from core.api.errors import RETRY_AFTER_UNAVAILABLE, api_server_error, json_error


def _check(probe) -> str:
    try:
        probe()
    except Exception as error:  # noqa: BLE001 - a health check reports any failure as text
        return f"error: {error.__class__.__name__}"
    return "ok"


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _redis() -> None:
    cache.set("healthz", "1", timeout=10)
    if cache.get("healthz") != "1":
        raise RuntimeError("cache did not return the value")


def _worker() -> None:
    if not celery_app.control.ping(timeout=1.0):
        raise RuntimeError("no worker answered")


def healthz(request):
    """Database and Redis decide the status code; a missing Celery worker shows as degraded."""
    checks = {"database": _check(_database), "redis": _check(_redis), "celery_worker": _check(_worker)}
    if checks["celery_worker"] != "ok":
        checks["celery_worker"] = "no worker answered"
    essential_ok = checks["database"] == "ok" and checks["redis"] == "ok"
    status = "ok" if essential_ok and checks["celery_worker"] == "ok" else ("degraded" if essential_ok else "down")
    return JsonResponse({"status": status, "checks": checks}, status=200 if essential_ok else 503)


def home(request):
    if request.user.is_authenticated:
        return redirect("dashboard")
    return render(request, "home.html")


def server_error(request):
    """Django's handler500: API paths answer JSON in the error shape; a database outage is a 503 page.

    The 503 page is rendered without the request, so no context processor touches the database that is down."""
    error = sys.exc_info()[1]
    if request.path.startswith("/api/"):
        return api_server_error(request, error)
    if isinstance(error, OperationalError | InterfaceError):
        return HttpResponse(
            loader.render_to_string("503.html"), status=503, headers={"Retry-After": str(RETRY_AFTER_UNAVAILABLE)}
        )
    return defaults.server_error(request)


def bad_request(request, exception):
    """Django's handler400 (a malformed or oversized request refused before any view): JSON on API paths."""
    if request.path.startswith("/api/"):
        return json_error(request, "bad_request", str(exception) or _("The request is malformed."), 400)
    return defaults.bad_request(request, exception)


def favicon(request):
    """Browsers ask for /favicon.ico on their own; send them to the static icon (cache-busted by whitenoise)."""
    return redirect(static("favicon.ico"), permanent=True)
