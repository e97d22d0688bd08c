"""Browser form of the matching pages: a saved search. It collects input; `saved_search_create` judges it
(unknown CPV or country codes, empty filters), and its errors come back on these fields."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import DigestFrequency, ListingKind

_SEPARATORS = re.compile(r"[\s,;]+")


class SavedSearchForm(forms.Form):
    """Field names follow the service's error keys (`cpv_codes`, `countries`, `kinds`, `min_score`, `name`)."""

    name = forms.CharField(label=_("Name"), max_length=100)
    cpv_codes = forms.CharField(
        label=_("CPV codes"),
        required=False,
        widget=forms.TextInput(attrs={"data-cpv-autocomplete": "true", "autocomplete": "off"}),
        help_text=_("Tenders with a lot in these codes or below them, e.g. 63120000, 60100000. Type words to search."),
    )
    countries = forms.CharField(
        label=_("Countries"),
        required=False,
        max_length=300,
        help_text=_("Country of performance as ISO codes separated by commas, e.g. DE, PL, NL. Empty: any country."),
    )
    kinds = forms.MultipleChoiceField(
        label=_("Kinds of your listings"),
        required=False,
        choices=ListingKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only tenders that fit one of your listings of these kinds. None ticked: any kind."),
    )
    min_score = forms.IntegerField(
        label=_("Minimum score"),
        min_value=0,
        max_value=100,
        initial=50,
        help_text=_("From 0 to 100; the score is shown beside every match."),
    )
    frequency = forms.ChoiceField(label=_("E-mail"), choices=DigestFrequency.choices, initial=DigestFrequency.IMMEDIATE)

    def service_data(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "cpv_codes": data["cpv_codes"],
            "country_codes": [code for code in _SEPARATORS.split(data["countries"]) if code],
            "kinds": data["kinds"],
            "min_score": data["min_score"],
            "frequency": data["frequency"],
        }
