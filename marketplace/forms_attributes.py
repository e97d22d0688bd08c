"""Form fields for typed attributes, one per attribute of the registry (marketplace.attributes)."""

from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .attributes import ATTRIBUTES

_CHOICE_LABELS = {
    "vs_nfd": "VS-NfD",
    "nato_restricted": "NATO RESTRICTED",
    "iso_9001": "ISO 9001",
    "aqap_2110": "AQAP 2110",
    "iso_27001": "ISO 27001",
}


def _label(attribute, suffix=None):
    label = format_lazy("{} ({})", attribute.label, attribute.unit) if attribute.unit else attribute.label
    return format_lazy("{}: {}", label, suffix) if suffix else label


def attribute_fields(prefix: str) -> dict[str, forms.Field]:
    """The fields for every attribute, named `<prefix><attribute>` (a range as `_low` and `_high`)."""
    fields: dict[str, forms.Field] = {}
    for name, attribute in ATTRIBUTES.items():
        key = f"{prefix}{name}"
        if attribute.kind == "set":
            fields[key] = forms.MultipleChoiceField(
                label=_label(attribute),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                choices=[(str(c), _CHOICE_LABELS.get(str(c), str(c))) for c in attribute.choices],
            )
        elif attribute.kind == "number":
            fields[key] = forms.DecimalField(
                label=_label(attribute), required=False, min_value=0, max_digits=8, decimal_places=2
            )
        elif attribute.kind == "range":
            fields[f"{key}_low"] = forms.DecimalField(
                label=_label(attribute, _("from")), required=False, max_digits=6, decimal_places=1
            )
            fields[f"{key}_high"] = forms.DecimalField(
                label=_label(attribute, _("to")), required=False, max_digits=6, decimal_places=1
            )
        else:
            fields[key] = forms.BooleanField(
                label=_label(attribute), required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input"})
            )
    return fields


def attributes_from(data: dict, prefix: str) -> dict:
    """The attributes object from cleaned form data (empty fields left out); pops the fields it reads."""
    values = {}
    for name, attribute in ATTRIBUTES.items():
        key = f"{prefix}{name}"
        if attribute.kind == "range":
            low, high = data.pop(f"{key}_low", None), data.pop(f"{key}_high", None)
            if low is not None and high is not None:
                values[name] = [float(low), float(high)]
            continue
        value = data.pop(key, None)
        if attribute.kind == "set" and value:
            values[name] = value
        elif attribute.kind == "number" and value is not None:
            values[name] = float(value)
        elif attribute.kind == "flag" and value:
            values[name] = True
    return values
