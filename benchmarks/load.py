"""The load the benches send to their gunicorn on 127.0.0.1: POSTs released together by a barrier (contention),
POSTs worked through by a few keep-alive connections (throughput), and GETs for a bounded time (read throughput).
Every answer is kept as an `Outcome`; nothing here knows an endpoint."""

from __future__ import annotations

import http.client
import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from .stats import percentile


@dataclass
class Outcome:
    status: int  # 0: no HTTP answer
    kind: str  # the error body's `type` (or why there was no answer); "" on success
    seconds: float
    body: dict[str, Any] = field(default_factory=dict)


@dataclass
class Tally:
    outcomes: list[Outcome] = field(default_factory=list)
    wall: float = 0.0

    def count(self, status: int, kind: str | None = None) -> int:
        return sum(1 for o in self.outcomes if o.status == status and (kind is None or o.kind == kind))

    @property
    def server_errors(self) -> int:
        return sum(1 for o in self.outcomes if o.status == 0 or o.status >= 500)

    @property
    def bodies(self) -> list[dict[str, Any]]:
        return [o.body for o in self.outcomes]

    def latency_ms(self, q: float) -> float:
        return percentile([o.seconds for o in self.outcomes], q) * 1000


# A request of the POST clients: the path and the JSON body (None: an empty body).
Request = tuple[str, dict[str, Any] | None]


def _headers(token: str, body: dict | None) -> dict[str, str]:
    headers = {"Authorization": f"Token {token}", "Accept": "application/json"}
    if body is None:
        headers["Content-Length"] = "0"
    else:
        headers["Content-Type"] = "application/json"
    return headers


def _post(conn: http.client.HTTPConnection, request: Request, token: str) -> Outcome:
    path, body = request
    data = b"" if body is None else json.dumps(body).encode()
    began = time.perf_counter()
    try:
        conn.request("POST", path, body=data, headers=_headers(token, body))
        response = conn.getresponse()
        raw = response.read()
    except (OSError, http.client.HTTPException) as error:
        conn.close()  # reconnects on the next request
        return Outcome(0, type(error).__name__, time.perf_counter() - began)
    seconds = time.perf_counter() - began
    try:
        parsed = json.loads(raw or b"{}")
    except ValueError:
        return Outcome(response.status, "unparsable" if response.status >= 400 else "", seconds)
    parsed = parsed if isinstance(parsed, dict) else {}
    kind = str(parsed.get("type", "")) if response.status >= 400 else ""
    return Outcome(response.status, kind, seconds, parsed)


def post_concurrently(*, port: int, requests: list[Request], token: str, timeout: float) -> Tally:
    """One thread and connection per request, released together by a barrier; bounded by `timeout` seconds
    (a request without an answer by then counts as a timeout)."""
    barrier = threading.Barrier(len(requests) + 1)
    tally, lock = Tally(), threading.Lock()

    def client(request: Request) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        try:
            barrier.wait(timeout=timeout)
            outcome = _post(conn, request, token)
        except threading.BrokenBarrierError:
            outcome = Outcome(0, "not started", 0.0)
        finally:
            conn.close()
        with lock:
            tally.outcomes.append(outcome)

    threads = [threading.Thread(target=client, args=(request,), daemon=True) for request in requests]
    for thread in threads:
        thread.start()
    barrier.wait(timeout=timeout)
    began = time.perf_counter()
    deadline = began + timeout
    for thread in threads:
        thread.join(max(0.1, deadline - time.perf_counter()))
    tally.wall = time.perf_counter() - began
    with lock:
        missing = len(requests) - len(tally.outcomes)
        tally.outcomes += [Outcome(0, "timeout", timeout) for _ in range(missing)]
    return tally


def post_in_turn(*, port: int, requests: list[Request], token: str, clients: int, timeout: float = 120) -> Tally:
    """`clients` keep-alive connections working through `requests` one request at a time each."""
    queue, tally, lock = list(reversed(requests)), Tally(), threading.Lock()

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        while True:
            with lock:
                if not queue:
                    break
                request = queue.pop()
            outcome = _post(conn, request, token)
            with lock:
                tally.outcomes.append(outcome)
        conn.close()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    tally.wall = time.perf_counter() - began
    return tally


def hammer(
    port: int, path: str | list[str], headers: dict[str, str], *, clients: int, seconds: float, max_requests: int
) -> dict[str, float]:
    """GET `path` on 127.0.0.1:port from `clients` threads (keep-alive) for `seconds`, at most `max_requests`.
    Given a list of paths, each request takes the next one."""
    paths = [path] if isinstance(path, str) else path
    lock = threading.Lock()
    latencies: list[float] = []
    state = {"sent": 0, "errors": 0, "bytes": 0}
    deadline = time.perf_counter() + seconds

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine: list[float] = []
        errors = size = 0
        while time.perf_counter() < deadline:
            with lock:
                if state["sent"] >= max_requests:
                    break
                target = paths[state["sent"] % len(paths)]
                state["sent"] += 1
            began = time.perf_counter()
            try:
                conn.request("GET", target, headers=headers)
                response = conn.getresponse()
                body = response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                conn.close()  # reconnects on the next request
                ok, body = False, b""
            if ok:
                mine.append(time.perf_counter() - began)
                size = len(body)
            else:
                errors += 1
        conn.close()
        with lock:
            latencies.extend(mine)
            state["errors"] += errors
            state["bytes"] = state["bytes"] or size

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 60)
    elapsed = time.perf_counter() - began
    return {
        "rps": len(latencies) / elapsed if elapsed else 0.0,
        "p50": percentile(latencies, 0.5) * 1000,
        "p95": percentile(latencies, 0.95) * 1000,
        "ok": len(latencies),
        "errors": state["errors"],
        "bytes": state["bytes"],
    }
