"""Turns every API error into one shape: {"type": ..., "detail": ..., "errors": {field: [messages]}}."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError, InterfaceError, OperationalError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.constraints import integrity_error_as_application_error
from core.errors import ApplicationError

logger = logging.getLogger(__name__)
# Seconds a client should wait before retrying while a service (PostgreSQL, Redis) is unreachable.
RETRY_AFTER_UNAVAILABLE = 30

_TYPES = {
    exceptions.ValidationError: "validation_error",
    exceptions.ParseError: "parse_error",
    exceptions.AuthenticationFailed: "authentication_failed",
    exceptions.NotAuthenticated: "not_authenticated",
    exceptions.PermissionDenied: "permission_denied",
    exceptions.NotFound: "not_found",
    exceptions.MethodNotAllowed: "method_not_allowed",
    exceptions.NotAcceptable: "not_acceptable",
    exceptions.UnsupportedMediaType: "unsupported_media_type",
    exceptions.Throttled: "throttled",
}

# The HTTP status of each domain error code; a code not listed is the request's fault (400). Services name
# the code only, so this table is the one place an error's status is decided.
STATUS_BY_CODE: dict[str, int] = {
    # 403: the user may not do this
    "conflict_of_interest": 403,
    "invitation_other_user": 403,
    "permission_denied": 403,
    # 404: the object the request names does not exist for this user
    "invitation_invalid": 404,
    "no_agreement": 404,
    # 409: the request is well formed but the object's state refuses it now
    "above_accepted": 409,
    "agreement_exists": 409,
    "agreement_outdated": 409,
    "already_invited": 409,
    "already_member": 409,
    "already_recorded": 409,
    "already_signed": 409,
    "alt_procedure_open": 409,
    "assessment_locked": 409,
    "assessment_not_submitted": 409,
    "assessment_open": 409,
    "badge_inactive": 409,
    "bid_exists": 409,
    "cancellation_pending": 409,
    "capacity_taken": 409,
    "ceiling_exceeded": 409,
    "deadline_passed": 409,
    "difference_not_approved": 409,
    "document_changed": 409,
    "duplicate_invoice_number": 409,
    "enquiries_closed": 409,
    "evaluation_incomplete": 409,
    "explanation_pending": 409,
    "explanation_required": 409,
    "invalid_state": 409,
    "invitation_closed": 409,
    "last_admin": 409,
    "lead_cannot_leave": 409,
    "lead_without_admin": 409,
    "listing_expired": 409,
    "no_final_award": 409,
    "offer_closed": 409,
    "offer_expired": 409,
    "orders_open": 409,
    "rematch_running": 409,
    "shares_incomplete": 409,
    "shipped": 409,
    "slot_ended": 409,
    "superseded_version": 409,
    "too_early": 409,
    "too_few_members": 409,
    # 412: an If-Match that no longer matches
    "precondition_failed": 412,
    # 413: the body or a file is too large
    "file_too_large": 413,
    "request_too_large": 413,
    # 428: If-Match is required
    "precondition_required": 428,
    # 503: reference data the feature needs is not loaded
    "clause_library_missing": 503,
}


def status_for(code: str) -> int:
    """The HTTP status the API answers a domain error with."""
    return STATUS_BY_CODE.get(code, 400)


# Exceptions DRF does not know whose cause is the request's data (400) or a service outage (503).
UNAVAILABLE = (OperationalError, InterfaceError)


def flatten_errors(detail, prefix: str = "") -> dict[str, list[str]]:
    """Flatten DRF's nested error structure to {"field.sub.0": ["message", ...]}."""
    if isinstance(detail, dict):
        flat: dict[str, list[str]] = {}
        for key, value in detail.items():
            flat.update(flatten_errors(value, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    if isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        flat = {}
        for index, value in enumerate(detail):
            flat.update(flatten_errors(value, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    messages = detail if isinstance(detail, list) else [detail]
    return {prefix or "non_field_errors": [str(message) for message in messages]}


def error_body(error_type: str, detail: str, errors: dict | None = None) -> dict:
    return {"type": error_type, "detail": str(detail), "errors": errors or {}}


def _database_error_as_application_error(exc):
    """A violated constraint or an unstorable value is the request's fault (400); others pass through."""
    if isinstance(exc, IntegrityError):
        return integrity_error_as_application_error(exc)
    if isinstance(exc, DataError):
        message = _("A value is too long, too large or not valid for its field.")
        return ApplicationError(message, errors={"non_field_errors": [message]}, code="invalid_value")
    return exc


def exception_handler(exc, context):
    """DRF exception handler: map domain, Django and DRF errors to the one error format."""
    if isinstance(exc, UNAVAILABLE):
        return service_unavailable_response(exc)
    exc = _database_error_as_application_error(exc)
    if isinstance(exc, ApplicationError):
        response = Response(error_body(exc.code, exc.message, exc.errors), status=status_for(exc.code))
        for header, value in getattr(exc, "headers", {}).items():
            response[header] = value
        return response
    if isinstance(exc, DjangoValidationError):
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(errors)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    error_type = next((t for cls, t in _TYPES.items() if isinstance(exc, cls)), "error")
    if isinstance(exc, exceptions.ValidationError):
        errors = flatten_errors(exc.detail)
        detail = _("Some fields are not valid.")
        if list(errors) == ["non_field_errors"]:
            detail = errors["non_field_errors"][0]
        response.data = error_body(error_type, detail, errors)
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        if isinstance(detail, dict | list):
            response.data = error_body(error_type, _("The request was refused."), flatten_errors(detail))
        else:
            response.data = error_body(error_type, str(detail))
    return response


def json_error(
    request, error_type: str, detail: str, status_code: int, errors: dict | None = None, headers: dict | None = None
) -> JsonResponse:
    return JsonResponse(error_body(error_type, detail, errors), status=status_code, headers=headers)


def service_unavailable_response(exc: BaseException) -> Response:
    """PostgreSQL unreachable: a 503 in the error shape that tells the client when to retry."""
    logger.error("database unavailable: %s", exc.__class__.__name__, exc_info=exc)
    response = Response(
        error_body("service_unavailable", _("The service is temporarily unavailable. Please retry in a moment.")),
        status=503,
    )
    response["Retry-After"] = str(RETRY_AFTER_UNAVAILABLE)
    return response


def api_server_error(request, exc: BaseException | None) -> JsonResponse:
    """Any 5xx of an /api/ path as JSON in the error shape (never Django's HTML page)."""
    if isinstance(exc, UNAVAILABLE):
        return json_error(
            request,
            "service_unavailable",
            _("The service is temporarily unavailable. Please retry in a moment."),
            503,
            headers={"Retry-After": str(RETRY_AFTER_UNAVAILABLE)},
        )
    return json_error(
        request,
        "server_error",
        _("The server could not answer this request. The error was logged; please retry later."),
        500,
    )


@csrf_exempt  # a write to no route is a 404 too, not Django's HTML CSRF page: there is nothing to protect
def api_not_found(request, exception=None):
    """Unknown /api/ paths answer JSON in the error format, not Django's HTML page."""
    return json_error(request, "not_found", _("Not found."), status.HTTP_404_NOT_FOUND)
