"""The API's JSON parser: refuses bodies that are too large, nested too deep or carry NUL characters.

Python's JSON decoder recurses once per nesting level, so a body nested thousands of levels deep raised
RecursionError (a 500) on every JSON endpoint; PostgreSQL cannot store a NUL character in text or jsonb, so a
NUL reached the database as a 500 too. Both are refused here, for the whole API, as 400 with the path of the
offending value; a body over the size limit is a 413.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.parsers import JSONParser

from core.errors import ApplicationError

NUL = "\x00"


def nul_message() -> str:
    return _("Text must not contain NUL characters.")


def _too_deep(limit: int) -> ParseError:
    return ParseError(_("The JSON body is nested more than %(limit)d levels deep.") % {"limit": limit})


def check_parsed(data, *, max_depth: int) -> None:
    """Walk the parsed body once, without recursion: depth within the limit, no NUL in any key or text."""
    stack = [(data, "", 1)]
    while stack:
        value, path, depth = stack.pop()
        if isinstance(value, str):
            if NUL in value:
                raise ValidationError({path or "non_field_errors": [nul_message()]})
            continue
        if not isinstance(value, dict | list):
            continue
        if depth > max_depth:
            raise _too_deep(max_depth)
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in items:
            child = f"{path}.{key}" if path else str(key)
            if isinstance(key, str) and NUL in key:
                raise ValidationError({path or "non_field_errors": [nul_message()]})
            stack.append((item, child, depth + 1))


class SafeJSONParser(JSONParser):
    """DRF's JSONParser with a size limit (settings.API_MAX_JSON_BYTES), a depth limit
    (settings.API_MAX_JSON_DEPTH) and no NUL characters."""

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.API_MAX_JSON_BYTES
        request = (parser_context or {}).get("request")
        declared = request.META.get("CONTENT_LENGTH") if request is not None else None
        if declared and declared.isdigit() and int(declared) > limit:
            raise _too_large(limit)
        raw = stream.read(limit + 1)
        if len(raw) > limit:
            raise _too_large(limit)
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            data = json.loads(raw.decode(encoding), parse_constant=_refuse_constant)
        except RecursionError as error:
            raise _too_deep(settings.API_MAX_JSON_DEPTH) from error
        except ValueError as error:
            raise ParseError(_("JSON parse error - %(error)s") % {"error": error}) from error
        check_parsed(data, max_depth=settings.API_MAX_JSON_DEPTH)
        return data


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not valid JSON")


def _too_large(limit: int) -> ApplicationError:
    message = _("The request body is larger than %(limit)d KB.") % {"limit": limit // 1024}
    return ApplicationError(message, code="request_too_large")
