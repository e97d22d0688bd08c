"""Project-level endpoints: the health check and the landing page."""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static

from config.celery_app import app as celery_app


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


def favicon(request):
    """Browsers ask for /favicon.ico on their own; send them to the static icon (cache-busted by whitenoise)."""
    return redirect(static("favicon.ico"), permanent=True)
