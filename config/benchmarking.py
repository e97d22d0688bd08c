"""Helpers of the benchmark commands that run gunicorn: wait until it answers on loopback, stop it for sure."""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import time

from django.core.management.base import CommandError


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
