"""Forms of the contracting pages; each is read by a view that calls a service (errors land on the fields)."""

from __future__ import annotations

import copy

from django import forms
from django.utils.translation import gettext_lazy as _

from loghubs import selectors as hub_selectors
from loghubs.models import Booking
from loghubs.pickers import booking_option
from organizations.pickers import PickerWidget

from .models import CONTRACT_LANGUAGES, EventKind
from .units import unit_choices

DATE = forms.DateInput(attrs={"type": "date", "class": "form-control"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local", "class": "form-control"}, format="%Y-%m-%dT%H:%M")
TEXT = {"class": "form-control"}


class DraftForm(forms.Form):
    supplier = forms.TypedChoiceField(
        label=_("Supplier"), coerce=int, widget=forms.Select(attrs={"class": "form-select"})
    )
    framework = forms.BooleanField(label=_("Framework contract (call-off orders)"), required=False)
    max_value = forms.DecimalField(
        label=_("Maximum value of all orders"),
        required=False,
        min_value=0,
        help_text=_("Framework only; empty: the awarded value."),
        widget=forms.NumberInput(attrs=TEXT),
    )
    payment_days = forms.IntegerField(
        label=_("Payment within (days)"), initial=30, min_value=0, max_value=365, widget=forms.NumberInput(attrs=TEXT)
    )
    skonto_percent = forms.DecimalField(
        label=_("Skonto (%)"), initial=0, min_value=0, max_value=99, widget=forms.NumberInput(attrs=TEXT)
    )
    skonto_days = forms.IntegerField(
        label=_("Skonto within (days)"), initial=0, min_value=0, max_value=365, widget=forms.NumberInput(attrs=TEXT)
    )
    language = forms.ChoiceField(
        label=_("Language of the contract"),
        choices=CONTRACT_LANGUAGES,
        help_text=_("The PDF both sides sign is written in it, for every revision."),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, suppliers=(), language="en", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supplier"].choices = [(org.pk, org.legal_name) for org in suppliers]
        self.fields["language"].initial = language


class SignForm(forms.Form):
    pdf_sha256 = forms.CharField(widget=forms.HiddenInput, max_length=64)


class AmendForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the amendment"), widget=forms.Textarea(attrs={**TEXT, "rows": 2}))
    value = forms.DecimalField(label=_("New value"), required=False, min_value=0, widget=forms.NumberInput(attrs=TEXT))
    max_value = forms.DecimalField(
        label=_("New maximum value of all orders"), required=False, min_value=0, widget=forms.NumberInput(attrs=TEXT)
    )
    period_end = forms.DateField(label=_("New end of the period"), required=False, widget=DATE)

    def __init__(self, *args, lines=(), **kwargs):
        """`lines`: the price lines in force; each gets a quantity and a unit price field, filled with today's."""
        super().__init__(*args, **kwargs)
        self.lines = list(lines)
        for line in self.lines:
            self.fields[f"line_{line.position}_quantity"] = forms.DecimalField(
                label=_("Line %(n)s (%(unit)s): quantity") % {"n": line.position, "unit": line.unit},
                min_value=0,
                initial=line.quantity,
                widget=forms.NumberInput(attrs={**TEXT, "step": "any"}),
            )
            self.fields[f"line_{line.position}_unit_price"] = forms.DecimalField(
                label=_("Line %(n)s: unit price") % {"n": line.position},
                min_value=0,
                initial=line.unit_price,
                widget=forms.NumberInput(attrs={**TEXT, "step": "any"}),
            )

    def amendment(self) -> dict:
        """The service's arguments: the changed terms, and `lines` only when a line's quantity or price moved."""
        data = {key: value for key, value in self.cleaned_data.items() if not key.startswith("line_")}
        rows = [
            {
                "description": line.description,
                "unit": line.unit,
                "lot": line.lot_id,
                "quantity": self.cleaned_data.get(f"line_{line.position}_quantity", line.quantity),
                "unit_price": self.cleaned_data.get(f"line_{line.position}_unit_price", line.unit_price),
            }
            for line in self.lines
        ]
        if any(
            (row["quantity"], row["unit_price"]) != (line.quantity, line.unit_price)
            for row, line in zip(rows, self.lines, strict=True)
        ):
            data["lines"] = rows
        return data

    def service_names(self) -> dict[str, str]:
        """The service names a line's field `lines.<index>.<field>`; the form, `line_<position>_<field>`."""
        return {
            f"lines.{index}.{field}": f"line_{line.position}_{field}"
            for index, line in enumerate(self.lines)
            for field in ("quantity", "unit_price")
        }


# The fields of one order line, and how many lines beyond the first the page offers.
ORDER_LINE_FIELDS = ("description", "quantity", "unit", "unit_price", "delivery_date", "delivery_place")
EXTRA_ORDER_LINES = 2


class OrderForm(forms.Form):
    buyer_reference = forms.CharField(
        label=_("Your reference"), required=False, max_length=100, widget=forms.TextInput(attrs=TEXT)
    )
    description = forms.CharField(label=_("What"), max_length=300, widget=forms.TextInput(attrs=TEXT))
    quantity = forms.DecimalField(label=_("Quantity"), widget=forms.NumberInput(attrs={**TEXT, "step": "any"}))
    unit = forms.ChoiceField(label=_("Unit (UN/ECE Rec 20)"), widget=forms.Select(attrs={"class": "form-select"}))
    unit_price = forms.DecimalField(label=_("Unit price"), widget=forms.NumberInput(attrs={**TEXT, "step": "any"}))
    delivery_date = forms.DateField(label=_("Delivery date"), widget=DATE)
    delivery_place = forms.CharField(label=_("Delivery place"), max_length=200, widget=forms.TextInput(attrs=TEXT))

    def __init__(self, *args, **kwargs):
        """The first line's fields, then EXTRA_ORDER_LINES optional lines (`line<n>_<field>`), used when filled."""
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = unit_choices()
        for number in range(2, 2 + EXTRA_ORDER_LINES):
            for name in ORDER_LINE_FIELDS:
                field = copy.deepcopy(self.base_fields[name])
                field.required = False
                field.label = _("Line %(n)s: %(field)s") % {"n": number, "field": field.label}
                if name == "unit":
                    field.choices = [("", "—"), *unit_choices()]
                self.fields[f"line{number}_{name}"] = field
        self._numbers: list[int] = []

    def order_lines(self) -> list[dict]:
        """The lines for `order_place`: the first, then every optional line with anything filled in."""
        rows, self._numbers = [{name: self.cleaned_data[name] for name in ORDER_LINE_FIELDS}], [1]
        for number in range(2, 2 + EXTRA_ORDER_LINES):
            row = {name: self.cleaned_data.get(f"line{number}_{name}") for name in ORDER_LINE_FIELDS}
            if any(value not in (None, "") for key, value in row.items() if key != "unit"):
                rows.append({key: value for key, value in row.items() if value not in (None, "")})
                self._numbers.append(number)
        return rows

    def service_names(self) -> dict[str, str]:
        """The service names a line's field `lines.<index>.<field>`; the form, `<field>` or `line<n>_<field>`."""
        names = {"lines": "quantity"}
        for index, number in enumerate(self._numbers or [1]):
            for name in ORDER_LINE_FIELDS:
                names[f"lines.{index}.{name}"] = name if number == 1 else f"line{number}_{name}"
        return names


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.TextInput(attrs=TEXT))


class EventForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Event"), choices=EventKind.choices, widget=forms.Select(attrs={"class": "form-select"})
    )
    occurred_at = forms.DateTimeField(
        label=_("Happened at"), required=False, widget=DATETIME, help_text=_("Empty: now.")
    )
    location = forms.CharField(label=_("Location"), required=False, max_length=200, widget=forms.TextInput(attrs=TEXT))
    reason = forms.CharField(label=_("Reason (for an exception)"), required=False, widget=forms.TextInput(attrs=TEXT))


class ProofForm(forms.Form):
    receiver_name = forms.CharField(label=_("Received by"), max_length=200, widget=forms.TextInput(attrs=TEXT))
    received_at = forms.DateTimeField(label=_("Received at"), widget=DATETIME)
    place = forms.CharField(label=_("Place"), max_length=200, widget=forms.TextInput(attrs=TEXT))
    file = forms.FileField(
        label=_("Signature or photo (PDF, PNG, JPEG)"), widget=forms.ClearableFileInput(attrs={"class": "form-control"})
    )


class BookingLinkForm(forms.Form):
    """The LogHubs booking a delivery travels through, found by typing its hub, unit or LH number; only bookings
    the user may see are offered (loghubs' picker) or taken (a forged number is a field error here)."""

    booking = forms.ModelChoiceField(
        label=_("LogHubs booking"),
        queryset=Booking.objects.none(),
        help_text=_("Type the hub, your unit or the request's LH number and pick the booking from the list."),
        error_messages={
            "required": _("Type the hub or the LH number and pick the booking from the list."),
            "invalid_choice": _("Pick one of your bookings from the list."),
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        bookings = hub_selectors.booking_list_visible_to(user=user)
        self.fields["booking"].queryset = bookings
        self.fields["booking"].widget = PickerWidget(
            url_name="loghubs:booking-pick",
            placeholder=_("Hub, unit or LH number"),
            label_of=lambda pk: self._label_of(bookings, pk),
        )

    @staticmethod
    def _label_of(bookings, pk: str) -> str | None:
        """The chosen booking's name when the form comes back; nothing for a number the user may not see."""
        booking = bookings.filter(pk=int(pk)).first() if pk.isdigit() else None
        return booking_option(booking).label if booking else None


class LinesForm(forms.Form):
    """One quantity field per line (and, for a goods receipt, one reason field): `line_<id>` and `reason_<id>`."""

    note = forms.CharField(label=_("Note"), required=False, widget=forms.TextInput(attrs=TEXT))

    def __init__(self, *args, lines=(), with_reasons: bool = False, initial_quantity=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = list(lines)
        for line, label, maximum in self.lines:
            self.fields[f"line_{line.pk}"] = forms.DecimalField(
                label=label,
                min_value=0,
                max_value=maximum,
                initial=maximum if initial_quantity is None else initial_quantity,
                widget=forms.NumberInput(attrs={**TEXT, "step": "any"}),
            )
            if with_reasons:
                self.fields[f"reason_{line.pk}"] = forms.CharField(
                    label=_("Reason for what you do not accept"), required=False, widget=forms.TextInput(attrs=TEXT)
                )
        if not with_reasons:
            del self.fields["note"]
