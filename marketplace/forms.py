"""Browser forms of the marketplace; they collect input, the services judge it."""

from __future__ import annotations

import re

from django import forms
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from compliance.models import BadgeKind
from organizations.cpv import normalize_cpv_code

from .forms_attributes import attribute_fields, attributes_from
from .models import (
    AwardMethod,
    CapacityUnit,
    CriterionKind,
    LegalBasis,
    ListingKind,
    ListingVisibility,
    Procedure,
    TenderState,
)

# What <input type="datetime-local"> sends and shows, in the user's time zone (TimeZoneMiddleware).
DATETIME_LOCAL = "%Y-%m-%dT%H:%M"
_current_zone_name = lazy(timezone.get_current_timezone_name, str)


def _deadline(label) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        input_formats=[DATETIME_LOCAL, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
        help_text=format_lazy(_("Your time zone ({zone})."), zone=_current_zone_name()),
    )


class CpvField(forms.CharField):
    """One CPV code, typed or picked from the autocomplete (which appends ', ' after the code)."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"data-cpv-autocomplete": "true", "autocomplete": "off", "class": "form-control"}),
        )
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)

    def to_python(self, value):
        return super().to_python(value).strip().strip(",").strip()


class TenderSearchForm(forms.Form):
    q = forms.CharField(label=_("Words"), required=False)
    cpv = CpvField(label=_("CPV code"), required=False, help_text=_("Finds the code and everything below it."))
    country = forms.ChoiceField(
        label=_("Country of performance"), required=False, choices=lambda: [("", _("Any country")), *countries]
    )
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("Any state")), *[c for c in TenderState.choices if c[0] != TenderState.DRAFT]],
    )
    open_only = forms.BooleanField(
        label=_("Open for bids only"), required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input"})
    )

    def clean_cpv(self):
        raw = self.cleaned_data["cpv"]
        if not raw:
            return ""
        code = normalize_cpv_code(raw)
        if code is None:
            raise forms.ValidationError(_("Not a CPV code. A CPV code has eight digits, e.g. 60100000."))
        return code


class TenderForm(forms.Form):
    """The tender's own fields; lots and criteria come from the formsets beside it."""

    title = forms.CharField(label=_("Title"), max_length=250)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}))
    procedure = forms.ChoiceField(label=_("Procedure"), choices=Procedure.choices, initial=Procedure.OPEN)
    legal_basis = forms.ChoiceField(label=_("Legal basis"), choices=LegalBasis.choices)
    main_cpv = CpvField(label=_("Main CPV code"), help_text=_("Type words or a code to search."))
    performance_country = forms.ChoiceField(label=_("Country of performance"), choices=lambda: [("", "—"), *countries])
    place_of_performance = forms.CharField(label=_("Place of performance"), max_length=200, required=False)
    estimated_value = forms.DecimalField(
        label=_("Estimated value (EUR)"), max_digits=14, decimal_places=2, required=False
    )
    enquiry_deadline = _deadline(_("Questions until"))
    submission_deadline = _deadline(_("Bids until"))
    opening_at = _deadline(_("Opening"))
    award_method = forms.ChoiceField(label=_("Award method"), choices=AwardMethod.choices)
    required_badges = forms.MultipleChoiceField(
        label=_("Badges bidders must hold"),
        required=False,
        choices=BadgeKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    max_lots_per_supplier = forms.IntegerField(label=_("Most lots one supplier may win"), min_value=1, required=False)
    standstill_days = forms.IntegerField(label=_("Standstill period (days)"), min_value=0, initial=10)


class AmendForm(TenderForm):
    """A published tender changes only with a reason; lots and criteria stay as published."""

    reason = forms.CharField(
        label=_("Reason for the amendment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Shown to every supplier; submitted bids must be reconfirmed."),
    )

    field_order = ["reason"]


class LotForm(forms.Form):
    title = forms.CharField(label=_("Lot title"), max_length=250)
    cpv = CpvField(label=_("CPV code"))
    quantity = forms.DecimalField(label=_("Quantity"), max_digits=12, decimal_places=2, required=False)
    unit = forms.CharField(label=_("Unit"), max_length=32, required=False)
    estimated_value = forms.DecimalField(
        label=_("Estimated value of the lot (EUR)"),
        max_digits=14,
        decimal_places=2,
        min_value=0,
        required=False,
        help_text=_("The lots' values add up to at most the tender's."),
    )
    export_classification = forms.CharField(
        label=_("Export classification"),
        max_length=32,
        required=False,
        help_text=_("An EU dual-use entry such as 5A002, a military list entry such as ML4, or empty."),
    )
    sme_only = forms.BooleanField(
        label=_("Reserved for SMEs"), required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input"})
    )
    partial_offers = forms.BooleanField(
        label=_("Partial offers allowed"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    locals().update(attribute_fields("required_"))  # a bidder's listing must hold these (API: also preferred)

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["required_attributes"] = attributes_from(data, "required_")
        data["export_classification"] = data["export_classification"] or "not_listed"
        for name in ("quantity", "estimated_value"):
            if data[name] is None:
                del data[name]
        return data


class CriterionForm(forms.Form):
    name = forms.CharField(label=_("Criterion"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", "—"), *CriterionKind.choices])
    weight = forms.IntegerField(label=_("Weight (%)"), min_value=0, max_value=100)


LotFormSet = forms.formset_factory(LotForm, extra=3, max_num=30, validate_max=True)
CriterionFormSet = forms.formset_factory(CriterionForm, extra=3, max_num=10, validate_max=True)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class QuestionForm(forms.Form):
    lot = forms.TypedChoiceField(label=_("About"), required=False, coerce=int, empty_value=None)
    text = forms.CharField(
        label=_("Your question"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The answer is published to every supplier; your name is not."),
    )

    def __init__(self, *args, lots=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lot"].choices = [("", _("The whole tender")), *[(lot.pk, str(lot)) for lot in lots]]


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class BidLotForm(forms.Form):
    """The offer for one lot: price, delivery time and a text answer per qualitative criterion."""

    price = forms.DecimalField(
        label=_("Price (EUR)"),
        max_digits=14,
        decimal_places=2,
        required=False,
        help_text=_("Leave empty to not bid on this lot."),
    )
    delivery_days = forms.IntegerField(label=_("Delivery time (days)"), min_value=0, required=False)

    def __init__(self, *args, lot, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.lot = lot
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"answer_{criterion.pk}"] = forms.CharField(
                label=criterion.name,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("Weight %(w)d%%; the buyer scores your answer.") % {"w": criterion.weight},
            )

    def clean(self):
        data = super().clean()
        answered = data.get("delivery_days") is not None or any(data.get(f"answer_{c.pk}") for c in self.criteria)
        if data.get("price") is None and answered and "price" not in self.errors:
            self.add_error("price", _("Give a price to bid on this lot, or leave the lot empty."))
        return data

    def offer(self) -> dict | None:
        """The offer in the shape services.bid_update takes, or None when the lot is left out."""
        data = self.cleaned_data
        if data.get("price") is None:
            return None
        return {
            "lot": self.lot.pk,
            "price": data["price"],
            "delivery_days": data.get("delivery_days"),
            "criteria_answers": {
                str(c.pk): data[f"answer_{c.pk}"] for c in self.criteria if data.get(f"answer_{c.pk}")
            },
        }


class ScoreForm(forms.Form):
    """The officer's 0-100 scores of one offer on the lot's qualitative criteria."""

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"score_{criterion.pk}"] = forms.DecimalField(
                label=criterion.name, max_digits=5, decimal_places=2, required=False
            )

    def scores(self):
        for criterion in self.criteria:
            value = self.cleaned_data.get(f"score_{criterion.pk}")
            if value is not None:
                yield criterion, value


# --- capacity listings -----------------------------------------------------------------------


def _date(label, required=True) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class ListingSearchForm(forms.Form):
    q = forms.CharField(label=_("Words"), required=False)
    cpv = CpvField(label=_("CPV code"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("Any kind")), *ListingKind.choices])
    country = forms.ChoiceField(
        label=_("Country or service area"), required=False, choices=lambda: [("", _("Any country")), *countries]
    )
    available_from = _date(_("Available from"), required=False)
    available_until = _date(_("Available until"), required=False)
    sme_only = forms.BooleanField(
        label=_("SME providers only"), required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input"})
    )

    clean_cpv = TenderSearchForm.clean_cpv


class ListingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ListingKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    cpv_codes = forms.CharField(
        label=_("CPV codes"),
        widget=forms.TextInput(attrs={"data-cpv-autocomplete": "true", "autocomplete": "off"}),
        help_text=_("CPV codes separated by commas. Type words to search."),
    )
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    country = forms.ChoiceField(label=_("Country"), choices=lambda: [("", "—"), *countries], required=False)
    service_area = forms.CharField(
        label=_("Service area"), required=False, help_text=_("Country codes separated by commas, e.g. DE, PL, LT.")
    )
    available_from = _date(_("Available from"))
    available_until = _date(_("Available until"))
    quantity = forms.DecimalField(label=_("Quantity"), max_digits=12, decimal_places=2)
    unit = forms.ChoiceField(label=_("Unit"), choices=CapacityUnit.choices)
    price_indication = forms.CharField(label=_("Price indication"), max_length=200, required=False)
    export_classification = forms.CharField(
        label=_("Export classification"),
        max_length=32,
        required=False,
        help_text=LotForm.base_fields["export_classification"].help_text,
    )
    visibility = forms.ChoiceField(
        label=_("Who may see it"),
        choices=[
            (ListingVisibility.PUBLIC, ListingVisibility.PUBLIC.label),
            (ListingVisibility.BADGE_HOLDERS, ListingVisibility.BADGE_HOLDERS.label),
        ],
    )
    visible_to_badges = forms.MultipleChoiceField(
        label=_("Badges a viewer must hold"),
        required=False,
        choices=BadgeKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    locals().update(attribute_fields("attribute_"))

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["attributes"] = attributes_from(data, "attribute_")
        data["cpv_codes"] = [code for code in re.split(r"[\s,;]+", data["cpv_codes"]) if code]
        data["service_area"] = [code for code in re.split(r"[\s,;]+", data["service_area"].upper()) if code]
        return data
