"""Removing bench rows in SQL without loading them: a DELETE per table, children first, as Django's collector
would cascade (for data sets too big to delete through the ORM)."""

from __future__ import annotations

from django.db import connection, models

from core.sql import embedded


def delete_cascading(model: type[models.Model], ids: models.QuerySet, tables: set[str], depth: int = 0) -> int:
    """DELETE the rows whose pk is in `ids` in SQL, first what CASCADEs from them (as Django's collector would,
    without loading the rows); SET_NULL references are cleared; PROTECT ones make the transaction fail. Tables
    not created yet (an app whose migration is still to come) hold no rows and are skipped."""
    if depth > 8:
        raise RecursionError(f"cascade too deep at {model.__name__}")
    deleted = 0
    for relation in model._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete and (relation.one_to_many or relation.one_to_one)):
            continue
        child, column = relation.related_model, relation.field.name
        if child._meta.db_table not in tables:
            continue
        rows = child._base_manager.filter(**{f"{column}__in": ids})
        if relation.on_delete is models.CASCADE:
            deleted += delete_cascading(child, rows.values("pk"), tables, depth + 1)
        elif relation.on_delete is models.SET_NULL:
            rows.update(**{column: None})
    sql, params = embedded(ids)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {quote(model._meta.db_table)} WHERE {quote(model._meta.pk.column)} "  # noqa: S608
            f"IN ({sql})",
            params,
        )
        return deleted + cursor.rowcount
