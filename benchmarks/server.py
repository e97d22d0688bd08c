"""The gunicorn the load benches run against: this checkout's WSGI app on 127.0.0.1 and a free port, with the
environment's database and Redis, `config.settings.local` without debug and the throttle out of the way; waited
for until it answers, stopped for sure."""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator

from django.conf import settings
from django.core.management.base import CommandError

# What every bench's gunicorn runs with; a bench adds or overrides entries (`gunicorn(env=...)`).
BASE_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.local",
    "DJANGO_DEBUG": "false",
    "API_THROTTLE_RATE": "100000000/second",
    "DATABASE_CONN_MAX_AGE": "60",
    "DJANGO_LOG_LEVEL": "ERROR",
}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_ready(
    server: subprocess.Popen, port: int, log, *, path: str = "/healthz", want_status: int | None = None, hint: str = ""
) -> None:
    """Poll 127.0.0.1:port/path for up to 60 s; a server that exits or answers the wrong status is an error."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            log.seek(0)
            raise CommandError(f"gunicorn exited with {server.returncode}:\n{log.read()[-3000:]}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", path)
            status = conn.getresponse().status
            conn.close()
        except OSError:
            time.sleep(0.3)
            continue
        if want_status is not None and status != want_status:
            raise CommandError(f"{path} answered {status}. {hint}".strip())
        return
    raise CommandError("gunicorn did not answer within 60 s")


def stop_server(server: subprocess.Popen) -> None:
    """SIGTERM the server's process group, then SIGKILL if it has not gone within 20 s."""
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)


def _error_lines(text: str) -> list[str]:
    # The master reports each worker it stops with SIGTERM as an error; that is our own shutdown, not a failure.
    return [
        line
        for line in text.splitlines()
        if ("Traceback" in line or "ERROR" in line) and "was sent SIGTERM" not in line
    ]


@contextlib.contextmanager
def gunicorn(
    *,
    workers: int,
    threads: int,
    timeout: int = 120,
    env: dict[str, str] | None = None,
    ready_path: str = "/healthz",
    want_status: int | None = None,
    hint: str = "",
) -> Iterator[tuple[int, list[str]]]:
    """Yields (port, error lines) while gunicorn runs; stops it in any case. The error lines of its log are
    added to the list when it has stopped, so read them after the `with` block."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--worker-class",
        "gthread",
        "--backlog",
        "2048",
        "--keep-alive",
        "10",
        "--timeout",
        str(timeout),
        "--log-level",
        "warning",
    ]
    errors: list[str] = []
    with tempfile.TemporaryFile("w+") as log:
        server = subprocess.Popen(  # noqa: S603 - our own gunicorn
            command,
            cwd=settings.BASE_DIR,
            env={**os.environ, **BASE_ENV, **(env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            wait_until_ready(server, port, log, path=ready_path, want_status=want_status, hint=hint)
            yield port, errors
        finally:
            stop_server(server)
            log.seek(0)
            errors += _error_lines(log.read())
