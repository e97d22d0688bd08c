"""Honours the `Idempotency-Key` header on API POSTs: a replay returns the stored response.

The key is scoped to the caller's credentials; the stored entry keeps a fingerprint of the
request, so the same key with a different body (or path) is refused instead of replayed.
Only answers below 500 are stored: a failed attempt may be retried with the same key. A JSON body is compared
parsed (the same JSON with other whitespace or key order is a replay). While Redis is unreachable a request
with a key answers 503 with Retry-After: running it without the store would break the promise of the key.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging

import redis
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse
from django.utils.translation import gettext as _

from core.api.errors import RETRY_AFTER_UNAVAILABLE, json_error

logger = logging.getLogger(__name__)
HEADER = "HTTP_IDEMPOTENCY_KEY"
MAX_KEY_LENGTH = 255
_IN_PROGRESS = "in-progress"


def _caller(request) -> str:
    authorization = request.META.get("HTTP_AUTHORIZATION", "")
    if authorization:
        return "auth:" + hashlib.sha256(authorization.encode()).hexdigest()
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return "anon:" + request.META.get("REMOTE_ADDR", "")


def _fingerprint(request) -> str:
    body = request.body
    if request.content_type == "application/json":
        # Not JSON after all: the parser refuses it, and the raw bytes still identify the request.
        with contextlib.suppress(ValueError, RecursionError):
            body = json.dumps(json.loads(body), sort_keys=True, separators=(",", ":")).encode()
    return hashlib.sha256(request.path.encode() + b"\0" + body).hexdigest()


def _store_unavailable(request, error: Exception):
    logger.warning("Idempotency-Key request refused, Redis unreachable: %s", error)
    return json_error(
        request,
        "idempotency_store_unavailable",
        _(
            "Requests with an Idempotency-Key cannot be accepted right now because the key store is "
            "unreachable. Retry later."
        ),
        503,
        headers={"Retry-After": str(RETRY_AFTER_UNAVAILABLE)},
    )


class IdempotencyKeyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = request.META.get(HEADER)
        if request.method != "POST" or not key or not request.path.startswith("/api/"):
            return self.get_response(request)
        if len(key) > MAX_KEY_LENGTH:
            return json_error(
                request,
                "invalid_idempotency_key",
                _("The Idempotency-Key header may hold at most 255 characters."),
                400,
            )

        try:
            fingerprint = _fingerprint(request)
        except RequestDataTooBig:
            return json_error(request, "request_too_large", _("The request body is too large."), 413)
        cache_key = "idempotency:" + hashlib.sha256(f"{_caller(request)}|{key}".encode()).hexdigest()
        ttl = settings.IDEMPOTENCY_KEY_TTL

        try:
            added = cache.add(cache_key, {"state": _IN_PROGRESS, "fingerprint": fingerprint}, timeout=60)
            stored = {} if added else (cache.get(cache_key) or {})
        except redis.RedisError as error:
            return _store_unavailable(request, error)
        if not added:
            if stored.get("fingerprint") != fingerprint:
                return json_error(
                    request,
                    "idempotency_key_reused",
                    _(
                        "This Idempotency-Key was already used for a different request. "
                        "Use a new key for a new request."
                    ),
                    422,
                )
            if stored.get("state") == _IN_PROGRESS:
                return json_error(
                    request,
                    "idempotency_request_in_progress",
                    _("A request with this Idempotency-Key is still being processed. Retry shortly."),
                    409,
                )
            response = HttpResponse(stored["body"], status=stored["status"], content_type=stored["content_type"])
            response["Idempotent-Replayed"] = "true"
            return response

        try:
            response = self.get_response(request)
        except Exception:
            cache.delete(cache_key)
            raise
        try:
            if response.status_code >= 500 or getattr(response, "streaming", False):
                cache.delete(cache_key)
                return response
            cache.set(
                cache_key,
                {
                    "state": "done",
                    "fingerprint": fingerprint,
                    "status": response.status_code,
                    "body": response.content.decode(response.charset or "utf-8"),
                    "content_type": response.get("Content-Type", "application/json"),
                },
                timeout=ttl,
            )
        except redis.RedisError as error:  # the store went away during the request: the answer still holds
            logger.warning("Idempotency-Key answer not stored, Redis unreachable: %s", error)
        return response
