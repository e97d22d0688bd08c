"""A queryset as SQL text and parameters, to embed in a hand-written statement: the one home of that technique.

Some statements are written by hand because the ORM cannot say them (the matching engine's scoring statement,
the consortium builder's shortlist, the benchmark's cascading DELETE), yet a rule they apply (barred bidders,
SME bidders, valid badges, the rows to delete) has its one home in an ORM queryset. Embedding the queryset's
compiled SQL as a subquery keeps that rule written once, instead of copied into the statement's text.

`QuerySet.query.sql_with_params()` is not documented Django API and may change in any release. It is called
here and nowhere else, so an upgrade that changes it breaks one function: the Django 6.1 CI job
(`scripts/test-django6`) and tests/config/test_core_sql.py run a statement embedding a filtered queryset and
fail first.
"""

from __future__ import annotations

from django.db.models import QuerySet


def embedded(queryset: QuerySet) -> tuple[str, tuple]:
    """The queryset as SQL text with positional `%s` placeholders, and its parameters in their order: put the
    text inside the statement (as a subquery) and the parameters where its placeholders fall among the
    statement's own. Compiled for the default database, as the statements run on it."""
    sql, params = queryset.query.sql_with_params()
    return sql, tuple(params)
