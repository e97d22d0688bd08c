"""Helpers shared by the marketplace ViewSets: the viewer's organizations and ETag / If-Match handling."""

from __future__ import annotations

from rest_framework.exceptions import ParseError

from organizations.models import Membership


def viewer_org_ids(user) -> set[int]:
    return set(Membership.objects.filter(user=user).values_list("organization_id", flat=True))






def etag(version: int) -> str:
    return f'"{version}"'


def if_match_version(request) -> int | None:
    """The version named by If-Match (`"7"` or `W/"7"`); None when the header is absent."""
    header = request.headers.get("If-Match")
    if not header or header.strip() == "*":
        return None
    value = header.strip().removeprefix("W/").strip('"')
    if not value.isdigit():
        raise ParseError('If-Match must carry the ETag you received, e.g. "7".')
    return int(value)
