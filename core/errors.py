"""The one domain error that services raise; the API and the forms turn it into their error shapes."""

from __future__ import annotations


class ApplicationError(Exception):
    """A business rule refused the request.

    `message` is for the user; `errors` maps field names to messages (use "non_field_errors"
    for the whole object); `code` is a stable machine-readable type for the API's `type` field, from which
    the API's error handler alone derives the HTTP status (`core.api.errors.STATUS_BY_CODE`), so a service
    says what went wrong and never how HTTP spells it; `headers` go on that answer (e.g. Retry-After).
    """

    def __init__(
        self,
        message: str,
        *,
        errors: dict[str, list[str] | str] | None = None,
        code: str = "invalid",
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.errors = {
            field: [str(m) for m in (msgs if isinstance(msgs, list | tuple) else [msgs])]
            for field, msgs in (errors or {}).items()
        }
        self.code = code
        self.headers = dict(headers or {})


def refuse(message: str, *, field: str | None = None, code: str = "invalid") -> ApplicationError:
    """The error for a refusal about one field (or the whole request when `field` is None)."""
    return ApplicationError(message, errors={field: [message]} if field else None, code=code)
