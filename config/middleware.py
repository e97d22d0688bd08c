"""Request checks that hold for every path before any view runs: no NUL characters in query parameters."""

from __future__ import annotations

from django.core.exceptions import BadRequest
from django.utils.translation import gettext as _

from core.api.errors import json_error

NUL = "\x00"


class RejectNulInQueryMiddleware:
    """A NUL character in a query parameter (`?q=%00`) cannot reach PostgreSQL (psycopg2 refuses it with a
    ValueError, a 500). Refuse it once, here, for every search and filter: 400 in the API's error shape,
    Django's 400 page elsewhere."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        bad = sorted({key for key, values in request.GET.lists() if NUL in key or any(NUL in v for v in values)})
        if bad:
            message = _("Text must not contain NUL characters.")
            if request.path.startswith("/api/"):
                return json_error(
                    request,
                    "invalid_query",
                    _("Some query parameters are not valid."),
                    400,
                    errors={key.replace(NUL, "") or "query": [message] for key in bad},
                )
            raise BadRequest(message)
        return self.get_response(request)
