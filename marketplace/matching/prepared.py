"""The matching statements run as prepared statements of the session, planned once and not on every run.

A scoring statement holds some thirty subqueries (hard filters, parts, the tiers of the pruning), so planning
it costs more than running it for a lot with a few hundred candidates. Its text depends only on its shape (listings
or organizations, one listing, a shared scan, the number kept): every value is a parameter. So each shape is
prepared once per database session, under a name taken from its text, and then executed with the values, on
a generic plan (the lots arrive as one JSON parameter, whose rows the planner cannot see into anyway).
"""

from __future__ import annotations

import hashlib
import re

_PLACEHOLDER = re.compile(r"%%|%s")


def numbered(sql: str) -> str:
    """`%s` placeholders as `$1`, `$2`, ... (and `%%` as `%`), as PREPARE wants them."""
    count = 0

    def number(match: re.Match) -> str:
        nonlocal count
        if match.group() == "%%":
            return "%"
        count += 1
        return f"${count}"

    return _PLACEHOLDER.sub(number, sql)


def execute_prepared(cursor, sql: str, params: list, *, settings: str = "") -> None:
    """Run `sql` (psycopg2 `%s` placeholders) with `params` as a prepared statement of the cursor's session,
    preparing it first when the session does not have it (a new connection, or one that lost it). `settings`
    (`SET LOCAL ...;` statements) go in front, in the same implicit transaction when there is no other."""
    name = "alx_match_" + hashlib.sha1(sql.encode(), usedforsecurity=False).hexdigest()[:24]
    cursor.execute("SELECT 1 FROM pg_prepared_statements WHERE name = %s", [name])
    if cursor.fetchone() is None:
        cursor.execute(f"PREPARE {name} AS {numbered(sql)}")
    arguments = f" ({', '.join(['%s'] * len(params))})" if params else ""
    cursor.execute(f"{settings}SET LOCAL plan_cache_mode = force_generic_plan; EXECUTE {name}{arguments}", params)
