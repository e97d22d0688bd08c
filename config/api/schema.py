"""drf-spectacular post-processing: document the error responses every operation may give."""

_ERROR_SCHEMA = {
    "type": "object",
    "description": "The one error format of the ALX API.",
    "properties": {
        "type": {"type": "string", "description": "Machine-readable error type, e.g. validation_error."},
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
    "400": "Invalid input; `errors` names the fields.",
    "401": "Missing, invalid or revoked credentials.",
    "403": "Authenticated, but not allowed to do this.",
    "404": "Not found, or not visible to you.",
    "405": "Method not allowed.",
    "409": "Conflict with the current state.",
    "412": "The resource changed since you read it (If-Match).",
    "415": "Unsupported media type.",
    "422": "Idempotency-Key reused with a different request.",
    "429": "Too many requests; retry later.",
}


def add_error_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = _ERROR_SCHEMA
    ref = {"$ref": "#/components/schemas/Error"}
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            codes = ["401", "403", "404", "405", "429"]
            if method in ("post", "put", "patch"):
                codes += ["400", "409", "415"]
            if method == "post":
                codes.append("422")
            if method in ("put", "patch"):
                codes.append("412")
            for code in codes:
                operation["responses"].setdefault(code, {
                    "description": _DESCRIPTIONS[code],
                    "content": {"application/json": {"schema": ref}},
                })
            operation.setdefault("security", [{"tokenAuth": []}, {"cookieAuth": []}])
    return result
