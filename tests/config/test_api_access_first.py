"""Every detail write of the API checks access before it reads the body: no route answers 400 for an object
that does not exist (or that the caller may not see), so a 400-versus-404 difference cannot reveal existence."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from tests.organizations.factories import OrganizationFactory, member_of

pytestmark = pytest.mark.django_db

WRITES = {"post", "put", "patch", "delete"}


def _detail_write_routes():
    routes = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(
                    pattern.url_patterns,
                    f"{namespace}:{pattern.namespace}"
                    if pattern.namespace and namespace
                    else (pattern.namespace or namespace),
                )
            elif isinstance(pattern, URLPattern):
                callback = pattern.callback
                actions = getattr(callback, "actions", None)
                if not actions or not callback.initkwargs.get("detail") or "pk" not in pattern.pattern.regex.groupindex:
                    continue
                groups = tuple(sorted(g for g in pattern.pattern.regex.groupindex if g != "format"))
                # methods the ViewSet refuses outright (http_method_names) are no write of the API's
                allowed = set(callback.cls.http_method_names)
                for method in sorted(WRITES & set(actions) & allowed):
                    routes.add((f"{namespace}:{pattern.name}", groups, method))

    walk(get_resolver().url_patterns, "")
    return sorted(routes)


ROUTES = _detail_write_routes()


def test_the_walk_finds_the_api_detail_writes():
    names = {name for name, _groups, _method in ROUTES}
    assert "marketplace-api:tender-cancel" in names
    assert "marketplace-api:bid-detail" in names
    assert len(ROUTES) > 30


@pytest.mark.parametrize(("name", "groups", "method"), ROUTES, ids=[f"{n}-{m}" for n, _g, m in ROUTES])
def test_a_detail_write_on_a_missing_object_is_404_whatever_the_body(name, groups, method):
    client = APIClient()
    client.force_authenticate(member_of(OrganizationFactory()))
    url = reverse(name, kwargs={group: 987654321 if group == "pk" else 1 for group in groups})
    for body in ({}, {"not_a_field": "x"}):
        response = getattr(client, method)(url, body, format="json")
        assert response.status_code in (403, 404), (url, method, response.status_code, response.content[:200])
