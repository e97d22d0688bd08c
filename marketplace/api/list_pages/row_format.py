"""Formats `.values()` rows exactly as a serializer formats the model instances they stand for."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from rest_framework import fields, relations, serializers
from rest_framework.settings import api_settings

Formatter = Callable[[Any], Any]

# `to_representation` of these gives back a database value unchanged (str(s) is s, int(i) is i, a bool stays
# that bool), so the row's value is used as it is.
_UNCHANGED = {
    fields.CharField.to_representation,
    fields.ChoiceField.to_representation,
    fields.IntegerField.to_representation,
    fields.BooleanField.to_representation,
}
# Fields that need more than one column (nested serializers, many-related, method fields): the page module
# that owns the serializer fills them in, and must say so.
_COMPOSITE = (serializers.BaseSerializer, relations.ManyRelatedField, fields.SerializerMethodField)


def _formatter(field: fields.Field, zone) -> Formatter | None:
    """None when the value is shown as it is; otherwise what `field.to_representation` does, for a page
    shown in the time zone `zone`."""
    method = type(field).to_representation
    if method in _UNCHANGED:
        return None
    if method is fields.BigIntegerField.to_representation and not getattr(
        field, "coerce_to_string", api_settings.COERCE_BIGINT_TO_STRING
    ):
        return None  # int(i) is i, as for IntegerField
    if isinstance(field, relations.PrimaryKeyRelatedField) and field.pk_field is None:
        return None  # the row holds the pk that `value.pk` would give
    if method is fields.ListField.to_representation and type(field.child).to_representation in _UNCHANGED:
        return None  # a list of strings (an ArrayField) stays that list
    if method is fields.DecimalField.to_representation:
        return _decimal(field)
    if method is fields.DateTimeField.to_representation:
        return _datetime(field, zone)
    if method is fields.DateField.to_representation:
        return _date(field)
    return field.to_representation


def _decimal(field: fields.DecimalField) -> Formatter:
    """DRF quantizes to the field's places and prints with `:f`. A database value of a column with as many
    places (psycopg2 gives numeric(14,2) as Decimal('1000.00')) is already quantized: printing it is enough."""
    coerce = getattr(field, "coerce_to_string", api_settings.COERCE_DECIMAL_TO_STRING)
    if not coerce or field.localize or field.normalize_output or field.decimal_places is None:
        return field.to_representation
    exponent, max_digits = -field.decimal_places, field.max_digits

    def decimal_text(value):
        if type(value) is Decimal:
            _, digits, value_exponent = value.as_tuple()
            if value_exponent == exponent and (max_digits is None or len(digits) <= max_digits):
                return f"{value:f}"
        return field.to_representation(value)  # anything else goes the long way (and fails the same way)

    return decimal_text


def _date(field: fields.DateField) -> Formatter:
    """DRF prints a date in ISO 8601 unless told otherwise: that is `date.isoformat()`."""
    output_format = getattr(field, "format", api_settings.DATE_FORMAT)
    if output_format is None or output_format.lower() != fields.ISO_8601:
        return field.to_representation

    def date_text(value):
        return value.isoformat() if type(value) is date else field.to_representation(value)

    return date_text


def _datetime(field: fields.DateTimeField, zone) -> Formatter:
    """DRF converts an aware datetime to the current time zone and prints ISO 8601 with `Z` for UTC. Finding
    the current time zone is the slow part of it, so the page's `zone` is found once."""
    output_format = getattr(field, "format", api_settings.DATETIME_FORMAT)
    if hasattr(field, "timezone") or output_format is None or output_format.lower() != fields.ISO_8601:
        return field.to_representation

    def datetime_text(value):
        if zone is None or isinstance(value, str) or value.utcoffset() is None:
            return field.to_representation(value)
        try:
            text = value.astimezone(zone).isoformat()
        except OverflowError:
            return field.to_representation(value)  # which fails as DRF fails
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    return datetime_text


class RowFormat:
    """One serializer's readable fields as (key, `.values()` column, formatter), in the serializer's order.

    A formatted row is what `serializer.to_representation(instance)` answers for the row's instance: the
    same keys in the same order, None for a None value (as DRF does), every other value as the field's
    `to_representation` gives it. The `composite` keys (nested or computed fields) come out as None in their
    place, for the caller to fill in. `columns` are the `.values()` columns, following the field sources
    (a related field's column holds the pk), except for the `annotated` fields: the caller selects those
    under the field's own name (e.g. a subquery for `provider_name` instead of a join the count would pay).
    """

    def __init__(
        self, serializer: serializers.Serializer, *, composite: Iterable[str] = (), annotated: Iterable[str] = ()
    ):
        composite, annotated = set(composite), set(annotated)
        self._fields: list[tuple[str, str | None, fields.Field | None]] = []
        self.columns: list[str] = []
        for name, field in serializer.fields.items():
            if field.write_only:
                continue
            if name in composite:
                self._fields.append((name, None, None))
                composite.discard(name)
                continue
            if isinstance(field, _COMPOSITE) or field.source == "*":
                # A new nested field would otherwise come out wrong without anyone noticing.
                raise ImproperlyConfigured(
                    f"{type(serializer).__name__}.{name} needs more than one column; "
                    "name it as composite and fill it in."
                )
            if name in annotated:
                self._fields.append((name, name, field))
                annotated.discard(name)
                continue
            column = "__".join(field.source_attrs)
            self._fields.append((name, column, field))
            self.columns.append(column)
        if composite or annotated:
            raise ImproperlyConfigured(f"{type(serializer).__name__} has no fields {sorted(composite | annotated)}.")

    def formatter(self) -> Callable[[dict[str, Any]], dict[str, Any]]:
        """A function that formats one row; make one per page. It reads the time zone and DRF's settings
        (coercion to strings, date format) now, as the fields themselves would for each value."""
        zone = timezone.get_current_timezone() if settings.USE_TZ else None
        plan = [
            (key, column, None if field is None else _formatter(field, zone)) for key, column, field in self._fields
        ]

        def format_row(row: dict[str, Any]) -> dict[str, Any]:
            item = {}
            for key, column, fmt in plan:
                value = None if column is None else row[column]
                item[key] = value if value is None or fmt is None else fmt(value)
            return item

        return format_row
