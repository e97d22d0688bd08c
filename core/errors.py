"""The one domain error that services raise; the API and the forms turn it into their error shapes."""

from __future__ import annotations


class ApplicationError(Exception):
    """A business rule refused the request.

    `message` is for the user; `errors` maps field names to messages (use "non_field_errors"
    for the whole object); `code` is a stable machine-readable type for the API's `type` field;
    `status` is the HTTP status the API answers with; `headers` go on that answer (e.g. Retry-After).
    """

    def __init__(
        self,
        message: str,
        *,
        errors: dict[str, list[str] | str] | None = None,
        code: str = "invalid",
        status: int = 400,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.errors = {
            field: [str(m) for m in (msgs if isinstance(msgs, list | tuple) else [msgs])]
            for field, msgs in (errors or {}).items()
        }
        self.code = code
        self.status = status
        self.headers = dict(headers or {})
