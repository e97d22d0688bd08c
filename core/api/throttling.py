"""Throttling per API token (per user for browser sessions, per address without login), counted in Redis.

A client's window opens with its first request and lasts the rate's period (`1200/minute`: 1,200 requests in
the minute after the first). One Lua script counts the request and reads the time left in a single atomic round
trip. DRF's SimpleRateThrottle instead reads a pickled list of timestamps, appends and writes it back: two round
trips, and concurrent requests of one client overwrite each other's entries, so parallel bursts pass the limit.

While Redis is unreachable the throttle fails open (with a warning in the log, once a minute): an outage of the
counter store must not take the whole API down; requests are then simply not counted.
"""

from __future__ import annotations

import logging
import time
from functools import cache

import redis
from django.conf import settings
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

logger = logging.getLogger(__name__)
WARN_EVERY_SECONDS = 60  # one warning a minute per process while Redis is away, not one per request
_last_warning = {"at": float("-inf")}
PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}

# Returns the requests counted in the window (this one included) and the milliseconds until it closes.
COUNT_IN_WINDOW = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local left = redis.call('PTTL', KEYS[1])
if left < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  left = tonumber(ARGV[1])
end
return {count, left}
"""


@cache
def _counter(url: str):
    # Short timeouts: an unreachable Redis must cost a request milliseconds, not the OS's connect timeout.
    client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
    return client.register_script(COUNT_IN_WINDOW)


def parse_rate(rate: str) -> tuple[int, int]:
    """`"1200/minute"` → (1200, 60): requests allowed, and the window in seconds."""
    number, period = rate.split("/")
    return int(number), PERIODS[period[0]]


class WindowThrottle(BaseThrottle):
    scope = ""
    _wait = 0.0

    def get_rate(self) -> str | None:
        # Read at call time so a changed setting (or a test override) takes effect at once.
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def ident(self, request) -> str | None:
        """Whose budget the request spends; None when this throttle does not apply to it."""
        raise NotImplementedError

    def allow_request(self, request, view) -> bool:
        rate, ident = self.get_rate(), self.ident(request)
        if rate is None or ident is None:
            return True
        limit, seconds = parse_rate(rate)
        key = f"{settings.CACHES['default'].get('KEY_PREFIX', '')}:throttle:{self.scope}:{ident}"
        try:
            count, left_ms = _counter(settings.REDIS_URL)(keys=[key], args=[seconds * 1000])
        except redis.RedisError as error:
            now = time.monotonic()
            if now - _last_warning["at"] >= WARN_EVERY_SECONDS:
                _last_warning["at"] = now
                logger.warning("throttle failing open (requests not counted), Redis unreachable: %s", error)
            return True
        self._wait = left_ms / 1000
        return count <= limit

    def wait(self) -> float:
        return self._wait


class TokenRateThrottle(WindowThrottle):
    scope = "token"

    def ident(self, request) -> str | None:
        if not request.user or not request.user.is_authenticated:
            return None
        token = getattr(request, "auth", None)
        return f"token:{token.pk}" if hasattr(token, "key_hash") else f"user:{request.user.pk}"


class AnonRateThrottle(WindowThrottle):
    scope = "anon"

    def ident(self, request) -> str | None:
        if request.user and request.user.is_authenticated:
            return None
        return self.get_ident(request)
