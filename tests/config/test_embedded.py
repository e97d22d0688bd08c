"""`python -m config.embedded run` beside a running platform joins its PostgreSQL and Redis and leaves them running.

The services live in a temporary var/ folder of their own, so the suite's embedded services are not touched.
"""

import os
import subprocess
import sys
from pathlib import Path

import psycopg2
import redis

from config.embedded import BASE_DIR, embedded_postgres, embedded_redis


def _run_beside(var_dir: Path, command: str, *, keep: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    """`python -m config.embedded run --profile dev -- python -c COMMAND` with only the `keep` URLs from the
    environment, so it starts (or joins) the other services under var_dir."""
    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL"}}
    env.update({name: os.environ[name] for name in keep})
    env["ALX_VAR_DIR"] = str(var_dir)
    return subprocess.run(
        [sys.executable, "-m", "config.embedded", "run", "--profile", "dev", "--", sys.executable, "-c", command],
        cwd=BASE_DIR,
        env=env,
        timeout=120,
        capture_output=True,
        text=True,
    )


def _pings(url: str) -> bool:
    client = redis.Redis.from_url(url)
    try:
        return client.ping()
    except redis.ConnectionError:
        return False
    finally:
        client.close()


def test_a_command_run_beside_the_platform_leaves_its_redis_running(tmp_path):
    with embedded_redis(tmp_path / "dev" / "redis.db") as url:  # what `make run` holds
        redis.Redis.from_url(url).set("alx-probe", "kept")
        done = _run_beside(tmp_path, "import os; print(os.environ['REDIS_URL'])", keep=("DATABASE_URL",))
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == url  # it joined the running server instead of starting a second one
        assert _pings(url), "the command's end stopped the platform's Redis"
        assert redis.Redis.from_url(url).get("alx-probe") == b"kept"
    assert not _pings(url)  # the last user to leave stops it


def test_the_last_user_stops_redis_whoever_started_it(tmp_path):
    flag = tmp_path / "leave"
    command = f"import pathlib, time\nwhile not pathlib.Path({str(flag)!r}).exists(): time.sleep(0.1)"
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"} | {"ALX_VAR_DIR": str(tmp_path)}
    first = subprocess.Popen(
        [sys.executable, "-m", "config.embedded", "run", "--profile", "dev", "--", sys.executable, "-c", command],
        cwd=BASE_DIR,
        env=env,
    )
    try:
        registry = tmp_path / "dev" / "redis.db.settings"
        for _ in range(300):
            if registry.exists():
                break
            subprocess.run(["sleep", "0.1"], check=True)
        with embedded_redis(tmp_path / "dev" / "redis.db") as url:  # joins the server `first` started
            flag.touch()
            assert first.wait(timeout=60) == 0
            assert _pings(url), "the process that started Redis stopped it while another still used it"
        assert not _pings(url)
    finally:
        flag.touch()
        first.wait(timeout=60)


def test_a_command_run_beside_the_platform_leaves_its_postgresql_running(tmp_path):
    with embedded_postgres(tmp_path / "dev" / "pgdata") as url:
        done = _run_beside(tmp_path, "import os; print(os.environ['DATABASE_URL'])", keep=("REDIS_URL",))
        assert done.returncode == 0, done.stderr
        with psycopg2.connect(url) as connection, connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            assert cursor.fetchone() == (1,)
