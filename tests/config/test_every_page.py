"""Every page without parameters, opened by a signed-in user with data behind it: none answers 500, and none
loads a script, style, font, image or frame from another origin (everything is vendored, nothing leaks the
user's visit to a CDN)."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from organizations.models import MembershipRole, PlatformRoleKind
from tests.marketplace.factories import buyer_with_officer, published_tender, sme_with_member
from tests.marketplace.test_services_listings import listing
from tests.organizations.factories import member_of, with_platform_role

pytestmark = pytest.mark.django_db
# Not pages: the API and its docs, the admin, language switching, sign-out, the health probe (it waits for a
# worker) and the benchmark views.
SKIPPED_PREFIXES = ("api/", "admin/", "i18n/", "healthz", "bench/")
SKIPPED_NAMES = {"logout"}
EXTERNAL_ASSET = re.compile(
    r"""<(?:script|img|iframe|source|audio|video)\b[^>]*\bsrc\s*=\s*["']?(?:https?:)?//"""
    r"""|<link\b[^>]*\bhref\s*=\s*["']?(?:https?:)?//"""
    r"""|url\(\s*["']?(?:https?:)?//""",
    re.IGNORECASE,
)


def _page_urls(patterns=None, prefix="", namespace="") -> list[tuple[str, str]]:
    """(route, url name) of every pattern without parameters."""
    found = []
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found += _page_urls(pattern.url_patterns, route, inner)
        elif isinstance(pattern, URLPattern) and pattern.name and "<" not in route and "(?P" not in route:
            found.append((route.lstrip("^").rstrip("$"), namespace + pattern.name))
    return found


@pytest.fixture
def signed_in(client, cpv, compliance_data):
    buyer, officer = buyer_with_officer()
    sme, member = sme_with_member()
    listing(sme, member)
    published_tender(buyer, officer)
    member_of(buyer, MembershipRole.ADMIN)
    with_platform_role(member, PlatformRoleKind.PLATFORM_ADMIN)
    client.force_login(member)
    return client


def test_no_page_fails_or_loads_assets_from_another_origin(signed_in):
    pages = [
        (route, name)
        for route, name in _page_urls()
        if not route.startswith(SKIPPED_PREFIXES) and name.split(":")[-1] not in SKIPPED_NAMES
    ]
    assert len(pages) > 30, pages  # the walk found the apps' pages
    failures = []
    for _route, name in pages:
        response = signed_in.get(reverse(name))
        if response.status_code >= 500:
            failures.append(f"{name}: {response.status_code}")
        elif response.get("Content-Type", "").startswith("text/html"):
            body = response.content.decode()
            external = EXTERNAL_ASSET.search(body)
            if external:
                failures.append(f"{name}: loads {body[external.start() : external.start() + 120]!r}")
    assert not failures, failures
