"""The two measured list pages' queries (listings, tenders) compiled once per shape and run again with each
viewer's values (`Slot`s) filled in. Only marketplace/api/list_pages uses this; everything else is plain ORM.

Building a Django queryset with a dozen conditions and compiling it to SQL costs milliseconds of Python on every
request: more than PostgreSQL needs to run it. The statement of a list page has the same text for every viewer;
only a few values differ, such as the viewer's organizations and today's date. A builder writes those as
`Slot`s, which the ORM compiles like any other parameter, and every run fills them in. Everything else that
shapes the statement (the filters of the request) is part of the cache key, so a statement is never reused for
other filters. The builder never sees the viewer: whatever depends on who is asking must come through a slot.

Private Django internals, here and nowhere else in ALX (besides core/sql.py, which embeds a queryset's SQL in
hand-written statements): `Statement.of` and `ListStatements.of` read the queryset's compiler and query
(`QuerySet._iterable_class`, `query.get_compiler()`, `compiler.as_sql()`, `compiler.select`, `compiler.col_count`,
`compiler.get_converters()`, `query.values_select`, `extra_select`, `annotation_select`, `distinct`,
`combinator`, `is_sliced`), which Django does not document and may change in any release.
tests/marketplace/test_compiled_lists.py and test_api_list_pages.py answer every page both ways (compiled and
through the ORM and serializers) and fail first when an upgrade changes them.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Count, Expression, QuerySet, Window
from django.db.models.query import ValuesIterable

from core.api.pagination import rows_to_count

# The column in which a page statement of `with_total` carries the number of rows of the whole list.
TOTAL = "rows_total"


def with_total(queryset: QuerySet) -> QuerySet:
    """The `.values()` rows, each also carrying in TOTAL how many rows the whole list has (`COUNT(*) OVER ()`).

    Only for a list whose page has to read every row anyway: one ordered by something computed per row, such
    as a search rank, where PostgreSQL ranks all matches before it can return the best fifty. Counting them on
    the way costs next to nothing, where a count statement of its own would find every match again. A list in
    index order stops after its page; counting there would read everything."""
    return queryset.annotate(**{TOTAL: Window(Count("pk"))})


class Slot(Expression):
    """A parameter of a compiled statement whose value each run supplies (by `name`)."""

    def __init__(self, name: str, output_field=None):
        super().__init__(output_field=output_field)
        self.name = name

    def __repr__(self) -> str:
        return f"Slot({self.name!r})"

    def as_sql(self, compiler, connection):
        return "%s", [self]


# Sent in front of a statement in the same query string: PostgreSQL runs the two as one transaction, so the
# setting holds for that statement only, at no extra round trip.
SERIAL = "SET LOCAL max_parallel_workers_per_gather = 0; "


@dataclass(frozen=True)
class Statement:
    """One compiled `.values()` query: its SQL, its parameters (Slots among them) and how to read its rows.

    A `serial` statement runs without parallel workers: for the page of a list that reads and sorts every match
    (`with_total`), where PostgreSQL would otherwise sort all of them in two workers (not only the best page) to
    save one of the cores that the other requests of a busy server are waiting for."""

    sql: str | None  # None: the query can match nothing (e.g. `.none()`), so it is not run at all
    params: tuple
    names: tuple[str, ...]
    converters: tuple
    using: str  # the database alias the queryset was compiled for
    serial: bool = False

    @classmethod
    def of(cls, queryset: QuerySet, *, serial: bool = False) -> Statement:
        if queryset._iterable_class is not ValuesIterable:
            raise ValueError("a statement reads rows as dicts: compile a .values() queryset")
        compiler = queryset.query.get_compiler(queryset.db)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            return cls(sql=None, params=(), names=(), converters=(), using=queryset.db)
        query = queryset.query
        names = (*query.extra_select, *query.values_select, *query.annotation_select)
        converters = compiler.get_converters([column[0] for column in compiler.select[: compiler.col_count]])
        return cls(
            sql=sql,
            params=tuple(params),
            names=names,
            converters=tuple(converters.items()),
            using=queryset.db,
            serial=serial,
        )

    def bind(self, values: Mapping[str, Any]) -> list:
        return [values[param.name] if isinstance(param, Slot) else param for param in self.params]

    def rows(self, values: Mapping[str, Any], *, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        if self.sql is None:
            return []
        connection = connections[self.using]
        prelude = SERIAL if self.serial else ""
        with connection.cursor() as cursor:
            if limit is None:
                cursor.execute(f"{prelude}{self.sql}", self.bind(values))
            else:
                cursor.execute(f"{prelude}{self.sql} LIMIT %s OFFSET %s", [*self.bind(values), limit, offset])
            fetched = cursor.fetchall()
        if self.converters:
            fetched = [list(row) for row in fetched]
            for row in fetched:
                for position, (functions, expression) in self.converters:
                    for convert in functions:
                        row[position] = convert(row[position], expression, connection)
        names = self.names
        return [dict(zip(names, row, strict=True)) for row in fetched]

    def count_up_to(self, values: Mapping[str, Any], *, cap: int) -> int:
        if self.sql is None:
            return 0
        with connections[self.using].cursor() as cursor:
            # The inner SQL is the ORM's own compilation; every value travels as a parameter.
            cursor.execute(
                f"SELECT COUNT(*) FROM ({self.sql} LIMIT %s) counted",  # noqa: S608
                [*self.bind(values), cap],
            )
            return cursor.fetchone()[0]


@dataclass(frozen=True)
class ListStatements:
    """A list's page statement (its columns, in its order) and its count statement (the same rows, only the
    key selected and no order, as the paginator counts querysets: any rows up to the cap give the same number)."""

    page: Statement
    count: Statement
    counted: bool = False  # the page's rows carry the list's number of rows in TOTAL (`with_total`)

    @classmethod
    def of(cls, queryset: QuerySet) -> ListStatements:
        if not queryset.ordered:
            raise ValueError("a list statement needs an ordered queryset: pages would repeat or skip rows")
        if queryset.query.distinct or queryset.query.combinator or queryset.query.is_sliced:
            raise ValueError("a list statement counts rows by the key: no DISTINCT, UNION or slice")
        counted = TOTAL in queryset.query.annotation_select
        return cls(
            page=Statement.of(queryset, serial=counted), count=Statement.of(rows_to_count(queryset)), counted=counted
        )


class StatementCache:
    """At most `size` compiled lists per process, the least recently used dropped first. Thread-safe: two
    threads missing the same key both compile it, and either result is right."""

    def __init__(self, size: int = 256):
        self.size = size
        self._entries: OrderedDict[Hashable, ListStatements] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, build: Callable[[], QuerySet]) -> ListStatements:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
                return entry
        entry = ListStatements.of(build())
        with self._lock:
            self._entries[key] = entry
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return entry

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


class CompiledRows:
    """The rows of a compiled list for one viewer: `count_up_to(n)` and slicing, which is what the API's
    paginator asks of a list that counts itself (core.api.pagination.CountsItself). Each slice is one query."""

    ordered = True

    def __init__(self, statements: ListStatements, values: Mapping[str, Any]):
        self.statements, self.values = statements, dict(values)

    def count_up_to(self, cap: int) -> int:
        return self.statements.count.count_up_to(self.values, cap=cap)

    def count(self) -> int:
        raise TypeError("count the rows of a compiled list with count_up_to(cap)")

    @property
    def counts_its_pages(self) -> bool:
        return self.statements.counted

    def page_and_total(self, start: int, stop: int) -> tuple[list[dict[str, Any]], int | None]:
        """The rows[start:stop] of a list compiled `with_total`, and the number of rows of the whole list (None
        when the slice is past its end: no row then says how many there are). One query."""
        if not self.statements.counted:
            raise TypeError("only a list compiled with_total counts its rows with its page")
        rows = self[start:stop]
        total = None
        for row in rows:
            total = row.pop(TOTAL)
        return rows, total

    def __getitem__(self, key: slice) -> list[dict[str, Any]]:
        if not isinstance(key, slice) or key.step is not None or (key.start or 0) < 0 or key.stop is None:
            raise TypeError("compiled rows are read by page: rows[start:stop]")
        start = key.start or 0
        return self.statements.page.rows(self.values, limit=max(0, key.stop - start), offset=start)
