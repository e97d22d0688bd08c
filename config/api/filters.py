"""The API's filter backend: date-time filters read ISO 8601 and hand PostgreSQL the moment in UTC."""

from datetime import UTC

from django.db import models
from django_filters import FilterSet, IsoDateTimeFilter
from django_filters.fields import IsoDateTimeField
from django_filters.filterset import FILTER_FOR_DBFIELD_DEFAULTS
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import serializers


class UtcIsoDateTimeField(IsoDateTimeField):
    """An ISO 8601 moment in UTC: Python accepts offsets up to ±23:59, PostgreSQL only up to ±15:59, so
    `?since=…+17:38` would be a database error (a 500) instead of the same moment in another notation."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.astimezone(UTC) if value is not None and value.tzinfo is not None else value


class UtcIsoDateTimeFilter(IsoDateTimeFilter):
    field_class = UtcIsoDateTimeField


class AlxFilterSet(FilterSet):
    FILTER_DEFAULTS = {**FILTER_FOR_DBFIELD_DEFAULTS, models.DateTimeField: {"filter_class": UtcIsoDateTimeFilter}}


class AlxFilterBackend(DjangoFilterBackend):
    filterset_base = AlxFilterSet


def choice_param(params, name: str, choices) -> str:
    """The query parameter `name` if it is one of `choices` (or absent: ""); another value is a 400 in the
    error shape, as the schema's enum promises, instead of a filter that silently matches nothing."""
    value = params.get(name, "")
    try:
        return serializers.ChoiceField(choices=list(choices), allow_blank=True).run_validation(value)
    except serializers.ValidationError as error:
        raise serializers.ValidationError({name: error.detail}) from None
