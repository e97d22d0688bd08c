"""The project's serializer bases: unknown fields are refused and free text has a maximum length.

Integrators expect a typo in a field name to be reported, not silently dropped (`titel` would otherwise
create a tender without the title they meant). Fields the serializer knows but does not write (read-only
ones such as `id` or `state`) pass, so a client may send back what it read. A text field without its own
`max_length` gets TEXT_MAX_LENGTH: a paragraph, not a megabyte. Every API serializer derives from these.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext as _
from rest_framework import serializers

TEXT_MAX_LENGTH = 10_000


class StrictFieldsMixin:
    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            if isinstance(field, serializers.CharField) and not field.read_only and field.max_length is None:
                field.max_length = TEXT_MAX_LENGTH
                message = field.error_messages["max_length"].format(max_length=TEXT_MAX_LENGTH)
                field.validators.append(MaxLengthValidator(TEXT_MAX_LENGTH, message=message))
        return fields

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            unknown = sorted(str(name) for name in data if name not in self.fields)
            if unknown:
                raise serializers.ValidationError({name: [_("Unknown field.")] for name in unknown})
        return super().to_internal_value(data)


class StrictSerializer(StrictFieldsMixin, serializers.Serializer):
    pass


class StrictModelSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    pass
