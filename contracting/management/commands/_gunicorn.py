"""Starting gunicorn for contracting's benchmark commands (the environment's database and Redis, no throttle)."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile

from django.conf import settings

from config.benchmarking import stop_server, wait_until_ready


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def gunicorn(*, workers: int, threads: int):
    """Yields (port, error lines so far) while gunicorn runs; stops it in any case."""
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DJANGO_DEBUG": "false",
        "API_THROTTLE_RATE": "100000000/second",
        "DATABASE_CONN_MAX_AGE": "60",
        "DJANGO_LOG_LEVEL": "ERROR",
    }
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
        "120",
        "--log-level",
        "warning",
    ]
    errors: list[str] = []
    with tempfile.TemporaryFile("w+") as log:
        server = subprocess.Popen(  # noqa: S603 - our own gunicorn
            command,
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            wait_until_ready(server, port, log)
            yield port, errors
        finally:
            stop_server(server)
            log.seek(0)
            errors += [
                line
                for line in log.read().splitlines()
                if ("Traceback" in line or "ERROR" in line) and "was sent SIGTERM" not in line
            ]
