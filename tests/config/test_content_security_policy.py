"""Every page sends a Content-Security-Policy that allows only the platform's own origin and no inline script,
beside the other security headers; no template holds an inline script or event handler, and no rendered page
(the apps' pages, the API docs, the admin) does either. The browser journeys (tests/e2e) fail on any CSP
violation the browser reports."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from organizations.models import MembershipRole, PlatformRoleKind
from tests.config.test_every_page import SKIPPED_NAMES, SKIPPED_PREFIXES, _page_urls
from tests.marketplace.factories import buyer_with_officer, published_tender, sme_with_member
from tests.marketplace.test_services_listings import listing
from tests.organizations.factories import member_of, with_platform_role

pytestmark = pytest.mark.django_db

# An executable <script> without src (JSON data blocks are not run, so the policy does not concern them).
INLINE_SCRIPT = re.compile(
    r"<script\b(?![^>]*\bsrc\s*=)(?![^>]*\btype\s*=\s*[\"']application/(?:ld\+)?json)[^>]*>", re.IGNORECASE
)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
SCRIPT_SRC = re.compile(r"""<script\b[^>]*\bsrc\s*=\s*["']([^"'?]+)""", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']\s*javascript:""", re.IGNORECASE)


def _policy(response) -> dict[str, list[str]]:
    header = response.get("Content-Security-Policy", "")
    return {name: values for name, *values in (part.split() for part in header.split(";") if part.strip())}


def _inline_code(html: str) -> list[str]:
    return [
        html[m.start() : m.start() + 100]
        for pattern in (INLINE_SCRIPT, EVENT_HANDLER, JAVASCRIPT_URL)
        for m in pattern.finditer(html)
    ]


def test_pages_send_the_policy_and_keep_the_other_security_headers(client):
    for url in (reverse("home"), reverse("login"), "/api/docs/"):
        response = client.get(url)
        assert response.status_code == 200, url
        policy = _policy(response)
        assert policy["default-src"] == ["'self'"], policy
        assert policy["script-src"] == ["'self'"], policy
        assert policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert "'unsafe-inline'" not in policy["style-src"]
        assert "'unsafe-eval'" not in str(policy)
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"


def test_no_template_holds_inline_script_or_event_handlers():
    folders = [Path(folder) for folder in settings.TEMPLATES[0]["DIRS"]]
    folders += [path for path in Path(settings.BASE_DIR).glob("*/templates") if ".venv" not in path.parts]
    files = [path for folder in folders for path in folder.rglob("*.html")]
    assert len(files) > 50, files  # the scan found the templates
    found = {str(path): code for path in files if (code := _inline_code(path.read_text()))}
    assert not found, found


@pytest.fixture
def signed_in(client, cpv, compliance_data):
    buyer, officer = buyer_with_officer()
    sme, member = sme_with_member()
    listing(sme, member)
    tender = published_tender(buyer, officer)
    member_of(buyer, MembershipRole.ADMIN)
    with_platform_role(member, PlatformRoleKind.PLATFORM_ADMIN)
    with_platform_role(member, PlatformRoleKind.PROCUREMENT_OFFICER)
    member.is_staff = member.is_superuser = True
    member.save()
    client.force_login(member)
    return client, tender


def test_no_rendered_page_holds_inline_script(signed_in):
    client, tender = signed_in
    pages = [
        reverse(name)
        for route, name in _page_urls()
        if not route.startswith(SKIPPED_PREFIXES) and name.split(":")[-1] not in SKIPPED_NAMES
    ]
    pages += [
        reverse("marketplace:tender-detail", args=[tender.pk]),
        "/api/docs/",
        "/admin/",
        "/admin/marketplace/tender/",
        f"/admin/marketplace/tender/{tender.pk}/change/",
    ]
    failures, scripts = {}, set()
    for url in pages:
        response = client.get(url)
        if response.get("Content-Type", "").startswith("text/html"):
            assert response.has_header("Content-Security-Policy"), url
            html = response.content.decode()
            code = _inline_code(html)
            if code:
                failures[url] = code
            scripts |= set(SCRIPT_SRC.findall(html))
    assert not failures, failures
    # The scripts moved out of the templates are there to load.
    assert {"/static/js/countdown.js", "/static/js/tender-form.js"} <= scripts, scripts
    missing = [
        src
        for src in scripts
        if src.startswith(settings.STATIC_URL) and not finders.find(src.removeprefix(settings.STATIC_URL))
    ]
    assert not missing, missing
    # Swagger UI's start-up script comes as a file of its own, from the same origin.
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert "javascript" in script["Content-Type"]
