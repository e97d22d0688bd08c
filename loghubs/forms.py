"""Browser forms of LogHubs; they collect input, the services judge it (errors come back via add_application_error)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.formatting import format_period
from organizations.pickers import PickerWidget

from .models import ClassificationLevel, Hub, HubService, ServiceKind, Slot, TransportMode
from .vocabulary import AMMUNITION_GROUPS, UN_HAZARD_CLASSES

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def _datetime_field(label, **kwargs) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
        **kwargs,
    )


class RequestForm(forms.Form):
    nation = forms.ModelChoiceField(label=_("Requesting nation"), queryset=None, empty_label=None)
    requesting_unit = forms.CharField(label=_("Requesting unit"), max_length=200)
    service_kind = forms.ChoiceField(label=_("Service"), choices=ServiceKind.choices)
    target_hub = forms.ModelChoiceField(
        label=_("Hub"),
        queryset=None,
        required=False,
        help_text=_(
            "Type a few letters of the hub or its city and pick it; leave it empty for any suitable hub (the JCC "
            "routes it)."
        ),
    )
    period_start = _datetime_field(_("Period start"))
    period_end = _datetime_field(_("Period end"))
    quantity = forms.IntegerField(
        label=_("Quantity"), min_value=1, help_text=_("In the unit of the hub's service (e.g. TEU).")
    )
    priority = forms.TypedChoiceField(
        label=_("Priority"),
        coerce=int,
        initial=3,
        choices=[(1, _("1 – operationally critical")), (2, "2"), (3, "3"), (4, "4"), (5, _("5 – routine"))],
    )
    mode_in = forms.ChoiceField(label=_("Arrives by"), choices=TransportMode.choices)
    mode_out = forms.ChoiceField(label=_("Leaves by"), choices=TransportMode.choices)

    def __init__(self, *args, nations, hubs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nation"].queryset = nations
        self.fields["target_hub"].queryset = hubs
        self.fields["target_hub"].widget = PickerWidget(
            url_name="loghubs:hub-pick",
            placeholder=_("Any suitable hub"),
            label_of=lambda pk: hubs.filter(pk=pk).values_list("name", flat=True).first(),
        )
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
        return {
            name: self.cleaned_data[name]
            for name in (
                "requesting_unit",
                "service_kind",
                "target_hub",
                "period_start",
                "period_end",
                "quantity",
                "priority",
                "mode_in",
                "mode_out",
            )
        }


class CargoLineForm(forms.Form):
    description = forms.CharField(label=_("Description"), max_length=300)
    nsn = forms.CharField(label=_("NATO stock number"), max_length=17, required=False)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1)
    weight_kg = forms.DecimalField(label=_("Weight (kg)"), min_value=0, max_digits=12, decimal_places=2)
    hazardous_class = forms.ChoiceField(
        label=_("UN hazard class"), required=False, choices=[("", _("none")), *[(c, c) for c in UN_HAZARD_CLASSES]]
    )
    ammunition_group = forms.ChoiceField(
        label=_("Ammunition group"), required=False, choices=[("", _("none")), *[(g, g) for g in AMMUNITION_GROUPS]]
    )
    export_classification = forms.CharField(
        label=_("Export classification"),
        max_length=32,
        required=False,
        help_text=_("e.g. ML4, 5A002; empty: not listed"),
    )
    classification_level = forms.ChoiceField(
        label=_("Classification"), choices=ClassificationLevel.choices, initial=ClassificationLevel.UNCLASSIFIED
    )


class BaseCargoFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if not any(form.cleaned_data and not form.cleaned_data.get("DELETE") for form in self.forms):
            raise forms.ValidationError(_("Describe at least one cargo line."))

    def service_data(self) -> list[dict]:
        return [
            {key: value for key, value in form.cleaned_data.items() if key != "DELETE"}
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


CargoFormSet = forms.formset_factory(CargoLineForm, formset=BaseCargoFormSet, extra=2, max_num=50, validate_max=True)


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
        return _("%(period)s (%(free)d of %(cap)d free)") % {
            "period": format_period(obj.start, obj.end),
            "free": obj.free,
            "cap": obj.capacity,
        }


class OfferForm(forms.Form):
    service = forms.ModelChoiceField(label=_("Service"), queryset=HubService.objects.none(), empty_label=None)
    slots = SlotChoiceField(
        label=_("Slots"),
        queryset=Slot.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every slot of the service in the requested period."),
    )
    quantity = forms.IntegerField(
        label=_("Quantity per slot"), min_value=1, required=False, help_text=_("Empty: the requested quantity.")
    )
    price = forms.DecimalField(label=_("Price"), min_value=0, max_digits=14, decimal_places=2, required=False)
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="EUR")
    cost_sharing_note = forms.CharField(
        label=_("Cost-sharing note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    conditions = forms.CharField(label=_("Conditions"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    valid_until = _datetime_field(
        _("Valid until"), required=False, help_text=_("Empty: 72 hours, and never past the first slot.")
    )

    def __init__(self, *args, services, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services
        self.fields["slots"].queryset = slots

    def service_data(self) -> dict:
        data = self.cleaned_data
        result = {
            "service": data["service"],
            "price": data["price"],
            "currency": data["currency"].upper(),
            "cost_sharing_note": data["cost_sharing_note"],
            "conditions": data["conditions"],
        }
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

    FIELDS = (
        "capacity_per_slot",
        "lead_time_hours",
        "cancellation_cutoff_hours",
        "no_show_grace_hours",
        "price_note",
        "is_active",
    )

    @classmethod
    def initial_for(cls, service: HubService) -> dict:
        return {name: getattr(service, name) for name in cls.FIELDS}


class SlotsOpenForm(forms.Form):
    """The period to open a service's slots over; `slots_open` judges it (order, size)."""

    start = _datetime_field(_("From"), help_text=_("Rounded down to the full hour."))
    end = _datetime_field(_("Until"), help_text=_("Slots that are already open stay as they are."))


class ConflictResolveForm(forms.Form):
    """The JCC's decision on one conflict: by priority or its own ranking, where requests that no longer fit go,
    and why. The competing requests come from the server's own conflict, never from the browser; `requests`
    only says which ones the coordinator saw, so a conflict that changed meanwhile is not decided blind."""

    BY_PRIORITY, BY_RANKING = "priority", "ranking"

    order = forms.ChoiceField(
        label=_("Rank the requests"),
        initial=BY_PRIORITY,
        choices=[
            (BY_PRIORITY, _("By priority (1 first, then who submitted first)")),
            (BY_RANKING, _("By my ranking below")),
        ],
    )
    requests = forms.CharField(widget=forms.HiddenInput)
    # Not required here: `conflict_resolve` refuses a missing reason with its own message (the browser still asks).
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2, "required": True})
    )

    def __init__(self, *args, conflict, hubs, **kwargs):
        kwargs.setdefault("prefix", self.prefix_for(conflict))
        super().__init__(*args, **kwargs)
        self.conflict = conflict
        self.fields["requests"].initial = self._ids(conflict.requests)
        for rank, request in enumerate(conflict.requests, 1):
            self.fields[f"rank_{request.pk}"] = forms.IntegerField(
                label=_("Rank of LH-%(id)d") % {"id": request.pk},
                min_value=1,
                max_value=len(conflict.requests),
                initial=rank,
                required=False,
                widget=forms.NumberInput(attrs={"class": "form-control-sm"}),
            )
            self.fields[f"reroute_{request.pk}"] = forms.ModelChoiceField(
                label=_("If LH-%(id)d no longer fits") % {"id": request.pk},
                queryset=hubs,
                required=False,
                empty_label=_("defer it (back to the JCC)"),
            )

    @staticmethod
    def prefix_for(conflict) -> str:
        return f"conflict-{conflict.hub.pk}-{conflict.service_kind}-{int(conflict.period_start.timestamp())}"

    @staticmethod
    def _ids(requests) -> str:
        return ",".join(str(pk) for pk in sorted(r.pk for r in requests))

    def rows(self) -> list[tuple]:
        """(request, rank field, reroute field) per competing request, in priority order."""
        return [(r, self[f"rank_{r.pk}"], self[f"reroute_{r.pk}"]) for r in self.conflict.requests]

    def clean(self):
        data = super().clean()
        if data.get("requests") and data["requests"] != self._ids(self.conflict.requests):
            raise forms.ValidationError(
                _("The competing requests have changed since the page was loaded; look at the conflict again.")
            )
        if data.get("order") == self.BY_RANKING:
            ranks = [data.get(f"rank_{r.pk}") for r in self.conflict.requests]
            if None in ranks or len(set(ranks)) != len(ranks):
                raise forms.ValidationError(_("Give every request its own rank from 1 to %(n)d.") % {"n": len(ranks)})
        return data

    def service_data(self) -> dict:
        data = self.cleaned_data
        ranked = data["order"] == self.BY_RANKING
        requests = list(self.conflict.requests)
        if ranked:
            requests.sort(key=lambda r: data[f"rank_{r.pk}"])
        reroute = {r.pk: data[f"reroute_{r.pk}"] for r in requests if data.get(f"reroute_{r.pk}")}
        return {
            "hub": self.conflict.hub,
            "requests": requests,
            "ranked": ranked,
            "reason": data["reason"],
            "reroute": reroute,
        }


class CancellationDecisionForm(forms.Form):
    """The hub side's answer to a late cancellation; the button pressed says agree or refuse."""

    decision = forms.ChoiceField(
        choices=[("agree", _("Agree")), ("refuse", _("Refuse"))],
        error_messages={"required": _("Choose whether to agree to the cancellation or refuse it.")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when you refuse; it is recorded."),
    )
