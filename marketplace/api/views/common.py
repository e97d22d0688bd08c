"""Helpers shared by the marketplace ViewSets: the viewer's organizations and ETag / If-Match handling."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework.exceptions import ParseError

from organizations.selectors import organization_id_list_of

IF_MATCH_REQUIRED = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=True,
    description="the ETag you read (GET first); without it 428, a stale one 412",
)
ERROR = OpenApiResponse(description="the error shape: type precondition_failed (412) or precondition_required (428)")


def viewer_org_ids(user) -> set[int]:
    return set(organization_id_list_of(user=user))


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
