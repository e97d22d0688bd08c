"""drf-spectacular post-processing: the error responses, headers and error types every operation may give,
and enum member names a client generator can use."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db.models import Choices
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers
from rest_framework.settings import api_settings

from .errors import status_for

# The project's own packages: every installed app that lives in the project folder, and config.
_APPS = tuple(
    dict.fromkeys(
        [
            "config",
            "core",
            *(
                app.split(".")[0]
                for app in settings.INSTALLED_APPS
                if Path(settings.BASE_DIR, app.split(".")[0]).is_dir()
            ),
        ]
    )
)

# The error types DRF's own exceptions get (core/api/errors.py) with their statuses.
_FRAMEWORK_TYPES = {
    "validation_error": {400},
    "parse_error": {400},
    "authentication_failed": {401},
    "not_authenticated": {401},
    "permission_denied": {403},
    "not_found": {404},
    "method_not_allowed": {405},
    "not_acceptable": {406},
    "unsupported_media_type": {415},
    "throttled": {429},
    "error": set(),
}
_CODE = re.compile(r'\bcode="([a-z_]+)"')
_JSON_ERROR = re.compile(r'json_error\(\s*request,\s*"([a-z_]+)",.*?,\s*(\d{3})\s*[,)]', re.S)


@cache
def error_types() -> dict[str, set[int]]:
    """Every `type` the API answers with, and the HTTP statuses it comes with, read from the code itself: each
    `code="..."` given to ApplicationError (directly or through `refuse`) with the status the error handler
    gives that code (`STATUS_BY_CODE`), each `json_error(request, type, ..., status)`, and DRF's
    exceptions. Read from the source so that a new error type is documented the moment it is raised."""
    found = {name: set(statuses) for name, statuses in _FRAMEWORK_TYPES.items()}
    found["invalid"] = {400}  # ApplicationError's default code
    for app in _APPS:
        for path in Path(settings.BASE_DIR, app).rglob("*.py"):
            if "migrations" in path.parts or path.name == "schema.py":
                continue
            source = path.read_text(encoding="utf-8")
            for match in _CODE.finditer(source):
                found.setdefault(match.group(1), set()).add(status_for(match.group(1)))
            for match in _JSON_ERROR.finditer(source):
                found.setdefault(match.group(1), set()).add(int(match.group(2)))
    return found


def _error_schema() -> dict:
    types = error_types()
    table = "\n".join(
        f"- `{name}`: {', '.join(map(str, sorted(statuses))) or 'any 4xx'}" for name, statuses in sorted(types.items())
    )
    return {
        "type": "object",
        "description": "The one error format of the ALX API.",
        "properties": {
            "type": {
                "type": "string",
                "enum": sorted(types),
                "description": ("Machine-readable error type; the HTTP statuses each comes with:\n" + table),
            },
            "detail": {"type": "string", "description": "A message for people."},
            "errors": {
                "type": "object",
                "description": "Field name → messages; `non_field_errors` for the whole object.",
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
            },
        },
        "required": ["type", "detail", "errors"],
    }


_DESCRIPTIONS = {
    "304": "Not modified: the ETag you sent in If-None-Match is current.",
    "400": "Invalid input (a body field or a query parameter); `errors` names the fields.",
    "401": "Missing, invalid or revoked credentials.",
    "403": "Authenticated, but not allowed to do this.",
    "404": "Not found, or not visible to you.",
    "405": "Method not allowed.",
    "409": "Conflict with the current state.",
    "412": "The resource changed since you read it (If-Match).",
    "413": "The request body is too large.",
    "415": "Unsupported media type.",
    "422": "Idempotency-Key reused with a different request.",
    "428": "This change needs an If-Match header with the ETag you read.",
    "429": "Too many requests; retry after the seconds in Retry-After.",
}


def _types_with(status: str) -> str:
    names = sorted(name for name, statuses in error_types().items() if int(status) in statuses)
    return f" Types: {', '.join(f'`{name}`' for name in names)}." if names else ""


def _add_response(operation: dict, code: str, ref: dict) -> None:
    response = {"description": _DESCRIPTIONS[code] + (_types_with(code) if code != "304" else "")}
    if code != "304":
        response["content"] = {"application/json": {"schema": ref}}
    if code == "429":
        response["headers"] = {
            "Retry-After": {
                "schema": {"type": "integer"},
                "description": "seconds until the token's budget opens again",
            }
        }
    operation["responses"].setdefault(code, response)


def _add_header(operation: dict, name: str, description: str) -> None:
    parameters = operation.setdefault("parameters", [])
    if not any(p.get("in") == "header" and p.get("name", "").lower() == name.lower() for p in parameters):
        parameters.append({"in": "header", "name": name, "schema": {"type": "string"}, "description": description})


def add_error_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = _error_schema()
    ref = {"$ref": "#/components/schemas/Error"}
    for path, path_item in result.get("paths", {}).items():
        detail = "{" in path
        for method, operation in path_item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            codes = _codes(method, operation, detail)
            for code in codes:
                _add_response(operation, code, ref)
            if detail and method in ("get", "put", "patch"):
                for code in ("200", "201"):
                    if code in operation["responses"]:
                        operation["responses"][code].setdefault("headers", {}).setdefault(
                            "ETag",
                            {"schema": {"type": "string"}, "description": "the version to send back in If-Match"},
                        )
            operation.setdefault("security", [{"tokenAuth": []}, {"cookieAuth": []}])
    return result


def _codes(method: str, operation: dict, detail: bool) -> list[str]:
    """The error statuses of one operation (and the conditional-request headers that go with them)."""
    codes = ["401", "403", "404", "405", "429"]
    if method == "get" and any(p.get("in") == "query" for p in operation.get("parameters", [])):
        codes.append("400")  # a filter value it cannot use, a page out of range, a cursor it did not give out
    if method in ("post", "put", "patch"):
        codes += ["400", "409", "413", "415"]
    if method == "post":
        codes.append("422")
    if detail and method in ("post", "put", "patch", "delete"):  # actions such as publish honour If-Match too
        codes += ["412", "428"]
        _add_header(operation, "If-Match", "the ETag you read; a stale one answers 412")
    if detail and method == "get":
        codes.append("304")
        _add_header(operation, "If-None-Match", "an ETag you hold; answers 304 while it is current")
    return codes


# --- enum member names -----------------------------------------------------------------------------


def _choices_classes() -> list[type[Choices]]:
    found, stack = [], list(Choices.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.__module__.split(".")[0] in _APPS:
            found.append(cls)
    return found


def _identifier(value) -> str:
    name = re.sub(r"[^0-9A-Za-z]+", "_", str(value)).strip("_").upper()
    if not name:
        return "BLANK"
    return name if not name[0].isdigit() else f"V{name}"


def add_enum_varnames(result, generator, request, public):
    """`x-enum-varnames` on every enum component: the member names of the Django choices it comes from
    (`LegalBasis.DEFENCE_DIRECTIVE` for "2009/81/EC", `RailGauge.STANDARD` for 1435), otherwise a name built
    from the value, and BLANK for "". Generators such as openapi-python-client otherwise call them VALUE_0."""
    by_values = {}
    for cls in _choices_classes():
        by_values.setdefault(frozenset(cls.values), {member.value: member.name for member in cls})
    for schema in result.get("components", {}).get("schemas", {}).values():
        values = schema.get("enum")
        if not values or None in values or "x-enum-varnames" in schema:
            continue
        names = by_values.get(frozenset(v for v in values if v != ""), {})
        varnames = ["BLANK" if value == "" else names.get(value) or _identifier(value) for value in values]
        if len(set(varnames)) == len(varnames):
            schema["x-enum-varnames"] = varnames
    return result


class AlxAutoSchema(AutoSchema):
    """Actions on one object (`detail=True`) answer their sub-lists whole, as the views do: never paginated and
    without the collection's filters, unless the ViewSet names the action in `paginated_actions`."""

    def _paginates(self) -> bool:
        view = self.view
        return not getattr(view, "detail", False) or getattr(view, "action", None) in getattr(
            view, "paginated_actions", ()
        )

    def _get_paginator(self):
        return super()._get_paginator() if self._paginates() else None

    def get_filter_backends(self):
        return super().get_filter_backends() if self._paginates() else []

    def map_parsers(self):
        # One request content type per operation, as a generated client sends one (openapi-python-client
        # emits broken code for a body documented under several): multipart where the action declares its own
        # parsers to take files, JSON everywhere else. Form posts still parse; integrators need not use them.
        types = super().map_parsers()
        own_parsers = self.view.parser_classes != api_settings.DEFAULT_PARSER_CLASSES
        if own_parsers and "multipart/form-data" in types:
            return ["multipart/form-data"]
        if "application/json" in types:
            return ["application/json"]
        return types

    def _insert_field_validators(self, field, schema):
        super()._insert_field_validators(field, schema)
        if isinstance(field, serializers.URLField) and field.read_only:
            # A read-only URL may be blank ("" = none given) or a relative link: neither is `format: uri`.
            schema.pop("format", None)
            schema.setdefault("description", "a URL, or empty when none is given")
