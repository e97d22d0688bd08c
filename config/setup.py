"""The set-up steps a database takes before ALX serves it: schema, the reference data every feature needs, demo data.

`make run` (config.embedded serve) and the compose `migrate` service (`python -m config.setup`) both call
`database_prepare`, and tests/config/test_fresh_start.py calls it on an empty database, so a reference data set
a feature needs cannot be forgotten in one of them again. Each step is safe to run again.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

# Reference data: without it a feature does not work at all (CPV suggestions and matching, the readiness
# frameworks and destination rules, the clause library the alliance agreement is drawn up from).
REFERENCE_DATA: tuple[tuple[str, ...], ...] = (("load_cpv",), ("load_frameworks",), ("load_clauses",))
# Demo organizations, logins and stories for `make run`; never in production.
DEMO_DATA: tuple[tuple[str, ...], ...] = (
    ("seed_demo",),
    ("seed_demo_compliance",),
    ("seed_demo_marketplace",),
    ("seed_demo_loghubs",),
    ("seed_demo_contracting",),
)


def database_prepare(run: Callable[..., object], *, demo: bool) -> None:
    """Migrate and load the reference data (and the demo data when `demo`); `run(name, *args)` runs one
    management command (in a subprocess for the launcher, `call_command` in-process for tests)."""
    run("migrate", "--noinput")
    for step in REFERENCE_DATA:
        run(*step)
    if demo:
        for step in DEMO_DATA:
            run(*step)


def main() -> int:
    """`python -m config.setup [--demo]`: prepare the database of the current settings."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
    import django
    from django.core.management import call_command

    django.setup()
    database_prepare(call_command, demo="--demo" in sys.argv[1:])
    return 0


if __name__ == "__main__":
    sys.exit(main())
