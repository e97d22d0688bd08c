"""Fields the marketplace serializers share: CPV code lists and typed attributes."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ...attributes import openapi_schema

MAX_CPV_CODES = 100


class CpvListField(serializers.ListField):
    child = serializers.CharField(max_length=10)

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", MAX_CPV_CODES)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        codes = super().to_internal_value(data)
        digits = [code.split("-")[0].strip() for code in codes]
        if len(set(digits)) != len(digits):
            raise serializers.ValidationError(_("Each CPV code may be named once."))
        return codes

    def to_representation(self, value):
        return [link.code_id for link in value.all()]


@extend_schema_field(openapi_schema())
class AttributesField(serializers.JSONField):
    """Typed attributes (marketplace.attributes); the services check each against its schema."""
