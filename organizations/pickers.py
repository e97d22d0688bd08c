"""Search-as-you-type pickers: one widget for every form field that names another object (an organization,
a tender, a hub, a listing), and the answer every app's search endpoint gives (HTML options for htmx, JSON
for scripts). The endpoints narrow their rows to what the user may see; the widget only shows them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django import forms
from django.db.models import F, Func, Value
from django.db.models.functions import Lower
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse

LIMIT = 12

# Latin letters with diacritics folded to their base letter, so "Wisla" finds "Wisła" and "Muller" "Müller"
# (PostgreSQL's unaccent is a contrib extension the embedded server lacks; translate() is built in).
_ACCENTED = "àáâãäåāăąçćčďđèéêëēėęěğìíîïīįıķĺļľłñńņňòóôõöøōőŕřśşšșţťțùúûüūůűųýÿźżž"
_PLAIN = "aaaaaaaaacccddeeeeeeeegiiiiiiikllllnnnnoooooooorrsssstttuuuuuuuuyyzzz"


def folded(field: str) -> Func:
    """`field` lower-cased with its diacritics folded, for matching what people type."""
    return Func(Lower(F(field)), Value(_ACCENTED), Value(_PLAIN), function="translate")


def fold(text: str) -> str:
    return text.lower().translate(str.maketrans(_ACCENTED, _PLAIN))


@dataclass(frozen=True)
class Option:
    value: int | str
    label: str
    detail: str = ""


def picker_answer(request, options: Iterable[Option]):
    """The options as htmx list items, or as JSON when asked for (`?format=json` or Accept: application/json)."""
    options = list(options)[:LIMIT]
    wants_json = request.GET.get("format") == "json" or "application/json" in request.headers.get("Accept", "")
    if wants_json:
        return JsonResponse({"results": [{"value": o.value, "label": o.label, "detail": o.detail} for o in options]})
    return render(request, "pickers/_options.html", {"options": options, "query": request.GET.get("q", "")})


class PickerWidget(forms.Widget):
    """A hidden input holding the chosen object's id and a search box that asks `url_name` as the user types.

    `label_of(value)` names the current choice when the form is shown again (set it per request, narrowed
    to what the user may see, e.g. in the form's __init__)."""

    template_name = "pickers/widget.html"

    def __init__(
        self,
        *,
        url_name: str,
        label_of: Callable[[str], str] | None = None,
        placeholder: str = "",
        params: dict | None = None,
        attrs: dict | None = None,
    ):
        super().__init__(attrs)
        self.url_name, self.label_of, self.placeholder, self.params = url_name, label_of, placeholder, params or {}

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        label = ""
        if value not in (None, "") and self.label_of is not None:
            label = self.label_of(str(value)) or ""
        context["widget"].update(
            {
                "url": reverse(self.url_name),
                "label": label,
                "placeholder": self.placeholder,
                "params_json": json.dumps(self.params) if self.params else "",
            }
        )
        return context

    def format_value(self, value):
        return "" if value is None else str(value)
