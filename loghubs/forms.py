"""Browser forms of LogHubs; they collect input, the services judge it (errors come back via add_application_error)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ClassificationLevel, Hub, HubService, ServiceKind, Slot, TransportMode
from .vocabulary import AMMUNITION_GROUPS, UN_HAZARD_CLASSES

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def _datetime_field(label, **kwargs) -> forms.DateTimeField:
    return forms.DateTimeField(label=label, input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
                               widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
                               **kwargs)


class RequestForm(forms.Form):
    nation = forms.ModelChoiceField(label=_("Requesting nation"), queryset=None, empty_label=None)
    requesting_unit = forms.CharField(label=_("Requesting unit"), max_length=200)
    service_kind = forms.ChoiceField(label=_("Service"), choices=ServiceKind.choices)
    target_hub = forms.ModelChoiceField(label=_("Hub"), queryset=None, required=False,
                                        empty_label=_("Any suitable hub (the JCC routes it)"))
    period_start = _datetime_field(_("Period start"))
    period_end = _datetime_field(_("Period end"))
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1,
                                  help_text=_("In the unit of the hub's service (e.g. TEU)."))
    priority = forms.TypedChoiceField(label=_("Priority"), coerce=int, initial=3, choices=[
        (1, _("1 – operationally critical")), (2, "2"), (3, "3"), (4, "4"), (5, _("5 – routine"))])
    mode_in = forms.ChoiceField(label=_("Arrives by"), choices=TransportMode.choices)
    mode_out = forms.ChoiceField(label=_("Leaves by"), choices=TransportMode.choices)

    def __init__(self, *args, nations, hubs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nation"].queryset = nations
        self.fields["target_hub"].queryset = hubs
        if nations.count() == 1:
            self.fields["nation"].widget = forms.HiddenInput()
            self.fields["nation"].initial = nations.first()

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end <= start:
            self.add_error("period_end", _("The period ends before it starts."))
        return data

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in (
            "requesting_unit", "service_kind", "target_hub", "period_start", "period_end", "quantity", "priority",
            "mode_in", "mode_out")}


class CargoLineForm(forms.Form):
    description = forms.CharField(label=_("Description"), max_length=300)
    nsn = forms.CharField(label=_("NATO stock number"), max_length=17, required=False)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1)
    weight_kg = forms.DecimalField(label=_("Weight (kg)"), min_value=0, max_digits=12, decimal_places=2)
    hazardous_class = forms.ChoiceField(label=_("UN hazard class"), required=False,
                                        choices=[("", _("none")), *[(c, c) for c in UN_HAZARD_CLASSES]])
    ammunition_group = forms.ChoiceField(label=_("Ammunition group"), required=False,
                                         choices=[("", _("none")), *[(g, g) for g in AMMUNITION_GROUPS]])
    export_classification = forms.CharField(label=_("Export classification"), max_length=32, required=False,
                                            help_text=_("e.g. ML4, 5A002; empty: not listed"))
    classification_level = forms.ChoiceField(label=_("Classification"), choices=ClassificationLevel.choices,
                                             initial=ClassificationLevel.UNCLASSIFIED)


class BaseCargoFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if not any(form.cleaned_data and not form.cleaned_data.get("DELETE") for form in self.forms):
            raise forms.ValidationError(_("Describe at least one cargo line."))

    def service_data(self) -> list[dict]:
        return [{key: value for key, value in form.cleaned_data.items() if key != "DELETE"}
                for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]


CargoFormSet = forms.formset_factory(CargoLineForm, formset=BaseCargoFormSet, extra=2, max_num=50,
                                     validate_max=True)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class RouteForm(forms.Form):
    hub = forms.ModelChoiceField(label=_("Hub"), queryset=Hub.objects.none())
    reason = forms.CharField(label=_("Reason"), max_length=2000)

    def __init__(self, *args, hubs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hub"].queryset = hubs


class SlotChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Slot) -> str:
        return _("%(start)s – %(end)s (%(free)d of %(cap)d free)") % {
            "start": obj.start.strftime("%Y-%m-%d %H:%M"), "end": obj.end.strftime("%Y-%m-%d %H:%M"),
            "free": obj.free, "cap": obj.capacity}


class OfferForm(forms.Form):
    service = forms.ModelChoiceField(label=_("Service"), queryset=HubService.objects.none(), empty_label=None)
    slots = SlotChoiceField(label=_("Slots"), queryset=Slot.objects.none(), required=False,
                            widget=forms.CheckboxSelectMultiple,
                            help_text=_("None ticked: every slot of the service in the requested period."))
    quantity = forms.IntegerField(label=_("Quantity per slot"), min_value=1, required=False,
                                  help_text=_("Empty: the requested quantity."))
    price = forms.DecimalField(label=_("Price"), min_value=0, max_digits=14, decimal_places=2, required=False)
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="EUR")
    cost_sharing_note = forms.CharField(label=_("Cost-sharing note"), required=False,
                                        widget=forms.Textarea(attrs={"rows": 2}))
    conditions = forms.CharField(label=_("Conditions"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    valid_until = _datetime_field(_("Valid until"), required=False,
                                  help_text=_("Empty: 72 hours, and never past the first slot."))

    def __init__(self, *args, services, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services
        self.fields["slots"].queryset = slots

    def service_data(self) -> dict:
        data = self.cleaned_data
        result = {"service": data["service"], "price": data["price"], "currency": data["currency"].upper(),
                  "cost_sharing_note": data["cost_sharing_note"], "conditions": data["conditions"]}
        if data.get("valid_until"):
            result["valid_until"] = data["valid_until"]
        if data.get("slots"):
            result["slots"] = [{"slot": slot, "quantity": data.get("quantity")} for slot in data["slots"]]
        return result


class ServiceCapacityForm(forms.Form):
    capacity_per_slot = forms.IntegerField(label=_("Capacity per slot"), min_value=1)
    lead_time_hours = forms.IntegerField(label=_("Lead time (hours)"), min_value=0)
    cancellation_cutoff_hours = forms.IntegerField(label=_("Cancellation cut-off (hours before)"), min_value=0)
    no_show_grace_hours = forms.IntegerField(label=_("No-show grace time (hours)"), min_value=0)
    price_note = forms.CharField(label=_("Price or cost-sharing note"), max_length=300, required=False)
    is_active = forms.BooleanField(label=_("Active"), required=False)

    FIELDS = ("capacity_per_slot", "lead_time_hours", "cancellation_cutoff_hours", "no_show_grace_hours",
              "price_note", "is_active")

    @classmethod
    def initial_for(cls, service: HubService) -> dict:
        return {name: getattr(service, name) for name in cls.FIELDS}
