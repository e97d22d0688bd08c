"""Typed attributes of capacity listings and lots: one registry, one schema per attribute, compiled for SQL.

A listing holds attributes (`CapacityListing.attributes`); a lot requires some (a hard filter of the matching
engine) and prefers others (they score). Every value is checked against its schema here, and the engine gets
the requirements as three JSON parameters (`sql_terms`), so no value is ever typed into SQL text.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.errors import ApplicationError

HAZARD_DIVISIONS = ("1.1", "1.2", "1.3", "1.4", "1.5", "1.6")
RAIL_GAUGES_MM = (1435, 1520, 1668)
CLEARANCES = ("vs_nfd", "nato_restricted")
CERTIFICATIONS = ("iso_9001", "aqap_2110", "iso_27001")


@dataclass(frozen=True)
class Attribute:
    """`kind`: "set" (a list from `choices`; required ones must all be held), "number" (held at least the
    required value), "range" ([low, high]; the listing's range must contain the required one), "flag"."""

    name: str
    label: object
    kind: str
    kinds: tuple[str, ...]  # the listing kinds it applies to (for forms and the API's documentation)
    choices: tuple = ()
    unit: str = ""


ATTRIBUTES = {
    a.name: a
    for a in (
        Attribute("temperature_c", _("temperature range"), "range", ("storage", "road_transport"), unit="°C"),
        Attribute(
            "hazard_divisions",
            _("hazard divisions"),
            "set",
            ("storage", "road_transport", "rail_transport", "transshipment"),
            HAZARD_DIVISIONS,
        ),
        Attribute(
            "explosives_licence", _("explosives licence"), "flag", ("storage", "road_transport", "rail_transport")
        ),
        Attribute("rail_gauges_mm", _("rail gauges"), "set", ("rail_transport",), RAIL_GAUGES_MM, "mm"),
        Attribute("axle_load_t", _("axle load"), "number", ("rail_transport",), unit="t"),
        Attribute(
            "max_load_t",
            _("maximum load"),
            "number",
            ("road_transport", "rail_transport", "air_transport", "sea_transport", "inland_water_transport"),
            unit="t",
        ),
        Attribute("max_length_m", _("maximum length"), "number", ("road_transport", "rail_transport"), unit="m"),
        Attribute("max_width_m", _("maximum width"), "number", ("road_transport", "rail_transport"), unit="m"),
        Attribute("max_height_m", _("maximum height"), "number", ("road_transport", "rail_transport"), unit="m"),
        Attribute("clearances", _("security clearances"), "set", ("it_cyber", "security", "maintenance"), CLEARANCES),
        Attribute(
            "certifications",
            _("certifications"),
            "set",
            ("storage", "maintenance", "manufacturing", "it_cyber", "security", "road_transport"),
            CERTIFICATIONS,
        ),
    )
}


def attributes_clean(values: dict | None) -> dict:
    """The attributes checked against their schemas (unknown names, wrong types or choices raise per field)."""
    if not values:
        return {}
    if not isinstance(values, dict):
        raise ValidationError({"attributes": [_("Attributes are an object of name and value.")]})
    errors, clean = {}, {}
    for name, value in values.items():
        attribute = ATTRIBUTES.get(name)
        if attribute is None:
            errors[name] = [_("Unknown attribute.")]
            continue
        try:
            clean[name] = _value(attribute, value)
        except (TypeError, ValueError):
            errors[name] = [_("Not a valid value for this attribute.")]
    if errors:
        raise ValidationError(errors)
    return clean


def attributes_checked(values: dict | None, *, field: str) -> dict:
    """attributes_clean for the services: a wrong value answers in the domain error's shape, per attribute."""
    try:
        return attributes_clean(values)
    except ValidationError as invalid:
        errors = {f"{field}.{name}": [str(m) for m in messages] for name, messages in invalid.message_dict.items()}
        raise ApplicationError(_("Some attributes are not valid."), errors=errors) from invalid


def _value(attribute: Attribute, value):
    if attribute.kind == "flag":
        if not isinstance(value, bool):
            raise TypeError
        return value
    if attribute.kind == "number":
        if isinstance(value, bool):
            raise TypeError
        number = float(value)
        if number < 0:
            raise ValueError
        return number
    if attribute.kind == "range":
        low, high = (float(v) for v in value)
        if low > high:
            raise ValueError
        return [low, high]
    chosen = sorted({type(attribute.choices[0])(v) for v in value})
    if not chosen or not set(chosen) <= set(attribute.choices):
        raise ValueError
    return chosen


def sql_terms(required: dict) -> dict[str, dict]:
    """The requirements as the engine's three JSON parameters: `contains` (sets and flags, checked with one
    jsonb @>), `at_least` and `at_most` ({path: number}, the path as "name" or "name,index")."""
    contains, at_least, at_most = {}, {}, {}
    for name, value in attributes_clean(required).items():
        kind = ATTRIBUTES[name].kind
        if kind in ("set", "flag"):
            contains[name] = value
        elif kind == "number":
            at_least[name] = value
        else:  # the listing's range must reach below the low end and above the high end
            at_most[f"{name},0"] = value[0]
            at_least[f"{name},1"] = value[1]
    return {"contains": contains, "at_least": at_least, "at_most": at_most}


def openapi_schema() -> dict:
    """The attributes object as documented in the API schema: one property per attribute, enums spelled out."""
    properties = {}
    for attribute in ATTRIBUTES.values():
        description = f"{attribute.label} ({attribute.unit})" if attribute.unit else str(attribute.label)
        description += "; listing kinds: " + ", ".join(attribute.kinds)
        if attribute.kind == "set":
            item = {
                "type": "integer" if isinstance(attribute.choices[0], int) else "string",
                "enum": list(attribute.choices),
            }
            schema = {"type": "array", "items": item}
        elif attribute.kind == "range":
            schema = {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2}
            description += "; [low, high] (a lot's range must lie within a listing's)"
        elif attribute.kind == "number":
            schema = {"type": "number", "minimum": 0}
        else:
            schema = {"type": "boolean"}
        properties[attribute.name] = {**schema, "description": description}
    return {"type": "object", "properties": properties, "additionalProperties": False}
