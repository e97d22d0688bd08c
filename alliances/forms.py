"""Browser forms of the alliances app; they collect input, the services judge it."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from compliance.models import BadgeKind
from marketplace import selectors as marketplace_selectors
from marketplace.forms import CpvField
from organizations.models import Organization
from organizations.models.organizations import DualUseIntensity, SmeClass, TierRole
from organizations.pickers import PickerWidget

from .agreements.library import OPTIONS
from .models import AllianceKind, ClauseTopic

KIND_GUIDANCE = {
    AllianceKind.STRATEGIC_ALLIANCE: _(
        "Long-term cooperation between independent companies; no joint bids of its own."
    ),
    AllianceKind.CONSORTIUM: _(
        "Bound to one project: a lead represents you to the buyer and the consortium ends with the project."
    ),
    AllianceKind.JOINT_VENTURE: _(
        "A new company owned by its parents: the most capital and commitment, for the long run."
    ),
    AllianceKind.ARGE: _("A working group for one contract; members are usually jointly liable to the client."),
    AllianceKind.PLATFORM_MEMBERSHIP: _(
        "A loose network on the platform: share news and leads, commit to nothing else."
    ),
}
CHECKBOX = {"class": "form-check-input"}


def tender_picker() -> PickerWidget:
    """Tenders found by title or number; a chosen one is named again only among those the user may see
    (the view calls name_tenders_for)."""
    return PickerWidget(url_name="marketplace:tender-pick", placeholder=_("Type words of its title or its number"))


def organization_name(pk: str) -> str | None:
    return Organization.objects.filter(pk=pk).values_list("legal_name", flat=True).first()


def name_tenders_for(form: forms.Form, user, field: str) -> None:
    """Let the tender picker of `form` name the chosen tender, among those `user` may see."""
    visible = marketplace_selectors.tender_list_visible_to(user=user)
    form.fields[field].widget.label_of = lambda pk: visible.filter(pk=pk).values_list("title", flat=True).first()


def _choices(blank, choices):
    return [("", blank), *choices]


class AllianceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AllianceKind.choices, widget=forms.RadioSelect)
    name = forms.CharField(label=_("Name"), max_length=200)
    purpose = forms.CharField(label=_("Purpose and scope"), widget=forms.Textarea(attrs={"rows": 3}))
    target_tender = forms.IntegerField(
        label=_("Target tender"),
        required=False,
        min_value=1,
        widget=tender_picker(),
        help_text=_("If you aim at one: type words of its title (or its number) and pick it."),
    )
    aims_at_edf = forms.BooleanField(
        label=_("Aims at an EDF or EUDIS call"), required=False, widget=forms.CheckboxInput(attrs=CHECKBOX)
    )


class SharesForm(forms.Form):
    """Every current member's work and cost shares and contribution, and the lead."""

    lead = forms.TypedChoiceField(label=_("Lead"), coerce=int, required=False)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = list(members)
        self.column_errors: dict[str, list[str]] = {}
        self.fields["lead"].choices = [("", _("No lead"))] + [
            (m.organization_id, m.organization.legal_name) for m in self.members
        ]
        lead = next((m.organization_id for m in self.members if m.role == "lead"), "")
        self.fields["lead"].initial = lead
        for member in self.members:
            key = member.organization_id
            self.fields[f"work_share_{key}"] = forms.DecimalField(
                label=_("Work share of %(org)s (%%)") % {"org": member.organization.legal_name},
                min_value=0,
                max_value=100,
                decimal_places=2,
                initial=member.work_share,
            )
            self.fields[f"cost_share_{key}"] = forms.DecimalField(
                label=_("Cost share of %(org)s (%%)") % {"org": member.organization.legal_name},
                min_value=0,
                max_value=100,
                decimal_places=2,
                initial=member.cost_share,
            )
            self.fields[f"contribution_{key}"] = forms.CharField(
                label=_("Contribution of %(org)s") % {"org": member.organization.legal_name},
                required=False,
                initial=member.contribution,
                widget=forms.Textarea(attrs={"rows": 1}),
            )

    def rows(self):
        """(member, work field, cost field, contribution field) for the template."""
        return [
            (
                m,
                self[f"work_share_{m.organization_id}"],
                self[f"cost_share_{m.organization_id}"],
                self[f"contribution_{m.organization_id}"],
            )
            for m in self.members
        ]

    def service_rows(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {
                "organization": m.organization_id,
                "work_share": data[f"work_share_{m.organization_id}"],
                "cost_share": data[f"cost_share_{m.organization_id}"],
                "contribution": data[f"contribution_{m.organization_id}"],
            }
            for m in self.members
        ]

    def totals(self) -> dict[str, Decimal | None]:
        source = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else None
        result = {}
        for column in ("work_share", "cost_share"):
            try:
                result[column] = sum(
                    Decimal(str(source[f"{column}_{m.organization_id}"] if source else getattr(m, column)))
                    for m in self.members
                )
            except (KeyError, TypeError, ArithmeticError):
                result[column] = None
        return result

    def add_service_error(self, error) -> None:
        """Share totals belong under their column; the rest on the lead field or at the top."""
        for key, texts in error.errors.items():
            if key in ("work_share", "cost_share"):
                self.column_errors.setdefault(key, []).extend(texts)
                for member in self.members:
                    self.fields[f"{key}_{member.organization_id}"].widget.attrs["class"] = "form-control is-invalid"
            else:
                for text in texts:
                    self.add_error("lead" if key == "lead" else None, text)
        if not error.errors:
            self.add_error(None, error.message)


class InviteForm(forms.Form):
    organization = forms.IntegerField(
        label=_("Company or authority"),
        min_value=1,
        widget=PickerWidget(
            url_name="organization-pick",
            params={"kinds": "company,authority", "exclude": "own"},
            placeholder=_("Type a few letters of its name"),
            label_of=organization_name,
        ),
        error_messages={"required": _("Type a name and pick the company from the list.")},
    )
    message = forms.CharField(label=_("Message"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class InviteToAllianceForm(forms.Form):
    alliance = forms.TypedChoiceField(label=_("Alliance"), coerce=int)
    message = forms.CharField(label=_("Message"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, alliances, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["alliance"].choices = [(a.pk, a.name) for a in alliances]


class LeaveForm(forms.Form):
    exit_steps_done = forms.BooleanField(
        label=_("We gave notice and handled our IP and open obligations as the exit clause requires"),
        required=False,
        widget=forms.CheckboxInput(attrs=CHECKBOX),
    )
    reason = forms.CharField(label=_("Reason for leaving"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DissolveForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    final = forms.BooleanField(
        label=_("Obligations are settled: complete the dissolution"),
        required=False,
        widget=forms.CheckboxInput(attrs=CHECKBOX),
    )


class ThreadForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    text = forms.CharField(label=_("First message"), widget=forms.Textarea(attrs={"rows": 3}))


class MessageForm(forms.Form):
    text = forms.CharField(label=_("Reply"), widget=forms.Textarea(attrs={"rows": 2}))


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    file = forms.FileField(label=_("File"))
    replaces = forms.IntegerField(required=False, widget=forms.HiddenInput)


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=200)
    assignee = forms.TypedChoiceField(label=_("Assignee"), coerce=int, required=False, empty_value=None)
    due_on = forms.DateField(label=_("Due on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", _("Nobody yet"))] + [
            (m.organization_id, m.organization.legal_name) for m in members
        ]


class AgreementForm(forms.Form):
    """The settings the clause library fills in when the agreement is drawn up."""

    language = forms.ChoiceField(label=_("Language"), choices=[("en", _("English")), ("de", _("German"))])
    liability_cap = forms.DecimalField(label=_("Liability cap (EUR)"), min_value=1, decimal_places=2)
    arbitration_seat = forms.CharField(label=_("Arbitration seat"), max_length=200)
    governing_law = forms.CharField(label=_("Governing law"), max_length=200)
    notice_days = forms.IntegerField(label=_("Notice period (days)"), min_value=1, max_value=730, initial=90)
    liability = forms.ChoiceField(
        label=_("Liability"),
        required=False,
        choices=[("", _("Usual for this kind")), ("several", _("Several (each for its share)")), ("joint", _("Joint"))],
    )
    foreground_ip = forms.ChoiceField(
        label=_("Foreground IP belongs to"),
        required=False,
        choices=[
            ("", _("Usual for this kind")),
            ("creator", _("The creating member")),
            ("joint", _("All jointly")),
            ("lead", _("The lead")),
        ],
    )
    ip_licensing = forms.ChoiceField(
        label=_("Licensing terms"),
        required=False,
        choices=[
            ("", _("Usual for this kind")),
            ("royalty_free", _("Royalty-free")),
            ("fair_reasonable", _("Fair and reasonable")),
        ],
    )

    def settings(self) -> dict:
        names = {
            "liability_cap",
            "arbitration_seat",
            "governing_law",
            "notice_days",
            *(setting for setting, _values in OPTIONS.values()),
        }
        return {
            name: (str(value) if name == "liability_cap" else value)
            for name, value in self.cleaned_data.items()
            if name in names and value not in ("", None)
        }


class ClauseForm(forms.Form):
    clause_key = forms.CharField(widget=forms.HiddenInput)
    text = forms.CharField(label=_("Proposed text"), widget=forms.Textarea(attrs={"rows": 6}))
    note = forms.CharField(label=_("Why (for the other members)"), required=False, max_length=500)


class SignForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    organization = forms.IntegerField(widget=forms.HiddenInput)


class PartnerSearchForm(forms.Form):
    q = forms.CharField(label=_("Words"), required=False)
    cpv = CpvField(label=_("CPV code"), required=False, help_text=_("Finds the code and everything below it."))
    country = forms.ChoiceField(
        label=_("Country"), required=False, choices=lambda: _choices(_("Any country"), list(countries))
    )
    region = forms.CharField(label=_("Region"), required=False)
    sme_class = forms.ChoiceField(
        label=_("SME class"), required=False, choices=_choices(_("Any size"), SmeClass.choices)
    )
    dual_use_intensity = forms.ChoiceField(
        label=_("Dual-use intensity"), required=False, choices=_choices(_("Any"), DualUseIntensity.choices)
    )
    tier_role = forms.ChoiceField(
        label=_("Tier role"), required=False, choices=_choices(_("Any tier"), TierRole.choices)
    )
    cluster = forms.CharField(label=_("Cluster"), required=False)
    badge = forms.MultipleChoiceField(
        label=_("Badges held"),
        required=False,
        choices=BadgeKind.choices,
        widget=forms.CheckboxSelectMultiple(attrs=CHECKBOX),
    )


class ContactForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    message = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Your e-mail address is not shared; they decide whether to reveal theirs."),
    )


class AnnouncementForm(forms.Form):
    topic = forms.CharField(label=_("Topic"), max_length=200)
    text = forms.CharField(label=_("What you are looking for"), widget=forms.Textarea(attrs={"rows": 3}))
    cpv_codes = forms.CharField(
        label=_("CPV codes"),
        required=False,
        widget=forms.TextInput(attrs={"data-cpv-autocomplete": "true", "autocomplete": "off"}),
    )
    tender = forms.IntegerField(
        label=_("Tender"),
        required=False,
        min_value=1,
        widget=tender_picker(),
        help_text=_("Optional: the tender you look for partners for."),
    )


CLAUSE_TOPICS = dict(ClauseTopic.choices)
