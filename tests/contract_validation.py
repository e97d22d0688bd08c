"""Every response an API test receives is checked against the published schema (/api/schema/), so a response
that differs from what a generated client expects fails the test that produced it.

The schema is generated once per test session with drf-spectacular (exactly what /api/schema/ serves) and
loaded into schemathesis, whose response validation (status code documented, content type, body against the
JSON Schema, required headers) judges each answer of `rest_framework.test.APIClient` under /api/v1/.
"""

from __future__ import annotations

import json
from functools import cache

import requests
import schemathesis
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.core.transport import Response

API_PREFIX = "/api/v1/"


@cache
def api_schema():
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    raw = json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))
    return schemathesis.openapi.from_dict(raw)


class SchemaMismatch(AssertionError):
    pass


def check_response(method: str, path: str, response) -> None:
    """Raise SchemaMismatch when `response` (a Django test response) is not what the schema documents for
    `method path`, or when no operation of the schema matches the request."""
    if not path.startswith(API_PREFIX) or response.status_code >= 500:
        return  # a 500 fails its test by itself; non-API paths are pages
    schema = api_schema()
    operation = schema.find_operation_by_path(method, path)
    if operation is None:
        if response.status_code in (404, 405):
            return  # no such route (documented as the JSON 404 / 405 of every path)
        raise SchemaMismatch(f"{method} {path} answered {response.status_code} but the schema has no such operation")
    prepared = requests.Request(method, f"http://testserver{path}").prepare()
    wrapped = Response(
        status_code=response.status_code,
        headers={key: [value] for key, value in response.headers.items()},
        content=b"".join(response.streaming_content) if response.streaming else response.content,
        request=prepared,
        elapsed=0.0,
        verify=False,
    )
    try:
        operation.validate_response(wrapped)
    except (Failure, FailureGroup) as error:
        failures = error.exceptions if isinstance(error, FailureGroup) else [error]
        messages = "\n".join(
            f"- {failure.title} at /{'/'.join(map(str, getattr(failure, 'instance_path', [])))}: {failure.message}"[
                :1500
            ]
            for failure in failures
        )
        raise SchemaMismatch(f"{method} {path} → {response.status_code} differs from the schema:\n{messages}") from None
