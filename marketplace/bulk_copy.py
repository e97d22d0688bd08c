"""Writing many rows fast with PostgreSQL COPY (for benchmark data): ids are taken from the sequence first,
so children can point at their parents in the same load."""

import csv
import io
import json

from django.contrib.postgres.fields import ArrayField
from django.db import connection, models
from django.utils import timezone


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """Take `count` values from the id sequence, so COPY can write rows whose children are known."""
    if not count:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def _array_literal(values) -> str:
    return "{" + ",".join('"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"' for v in values) + "}"


def _copy_converter(field: models.Field):
    """How one field's Python value is written in COPY's CSV (None is handled by the caller)."""
    if isinstance(field, models.JSONField):
        return lambda value: json.dumps(value, cls=field.encoder)
    if isinstance(field, ArrayField):
        return _array_literal
    if isinstance(field, models.BooleanField):
        return lambda value: "t" if value else "f"
    if isinstance(field, models.DateField):  # and DateTimeField: ISO 8601, aware datetimes keep their offset
        return lambda value: value.isoformat()
    if isinstance(
        field,
        models.CharField
        | models.TextField
        | models.IntegerField
        | models.AutoField
        | models.ForeignKey
        | models.DecimalField,
    ):
        return str  # a country, a choice or a Decimal prints as the value the database takes

    def generic(value):
        value = field.get_db_prep_save(value, connection)
        return r"\N" if value is None else _array_literal(value) if isinstance(value, list | tuple) else str(value)

    return generic


def copy_instances(model: type[models.Model], instances: list[models.Model]) -> int:
    """INSERT unsaved instances with COPY (the model's defaults apply; auto_now fields keep a value that is set).

    Instances without a primary key get one from the table's sequence first."""
    if not instances:
        return 0
    missing = [obj for obj in instances if obj.pk is None]
    for obj, value in zip(missing, reserve_ids(model, len(missing)), strict=True):
        obj.pk = value
    fields = [f for f in model._meta.concrete_fields if not getattr(f, "generated", False)]
    now = timezone.now()
    columns = [
        (f.attname, _copy_converter(f), getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False))
        for f in fields
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for obj in instances:
        row = []
        for attname, convert, auto in columns:
            value = getattr(obj, attname)
            if value is None and auto:
                value = now
            row.append(r"\N" if value is None else convert(value))
        writer.writerow(row)
    buffer.seek(0)
    quote = connection.ops.quote_name
    sql = (
        f"COPY {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
        "FROM STDIN WITH (FORMAT csv, NULL '\\N')"
    )
    with connection.cursor() as cursor:
        driver_cursor = cursor.cursor
        if hasattr(driver_cursor, "copy_expert"):  # psycopg2
            driver_cursor.copy_expert(sql, buffer)
        else:  # psycopg 3
            with driver_cursor.copy(sql) as copy:
                copy.write(buffer.getvalue())
    return len(instances)


# --- generation ------------------------------------------------------------------------------------
