"""Browser forms of the organizations app; they collect input, the services judge it."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from .models import DualUseIntensity, MembershipRole, OrganizationKind, TierRole


def _time_zone_choices() -> list[tuple[str, str]]:
    """Europe's zones first (where ALX's users work), then every other zone the server knows."""
    import zoneinfo

    names = sorted(zoneinfo.available_timezones() - {"Factory", "localtime"})
    europe = [name for name in names if name.startswith("Europe/")]
    return [(name, name.replace("_", " ")) for name in europe + [n for n in names if n not in europe]]


class AccountSettingsForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=_time_zone_choices,
        help_text=_(
            "Every date and time on ALX, in e-mails and notifications is shown "
            "in this time zone, and the times you enter are read in it."
        ),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=lambda: list(settings.LANGUAGES),
        required=False,
        help_text=_("ALX's pages, notifications and e-mails to you are written in this language."),
    )


class LoginForm(AuthenticationForm):
    username = forms.EmailField(label=_("E-mail address"), widget=forms.EmailInput(attrs={"autofocus": True}))


class LanguagePasswordResetForm(PasswordResetForm):
    """Django's password reset; the mail speaks the account's own language when its holder has chosen one (the
    page's language otherwise)."""

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ):
        user = context.get("user")
        with translation.override(getattr(user, "language", "") or translation.get_language()):
            super().send_mail(
                subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name
            )


class SignUpForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"))
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput,
        strip=False,
        help_text=_("At least 10 characters; not a common or purely numeric password."),
    )
    password_confirm = forms.CharField(label=_("Repeat the password"), widget=forms.PasswordInput, strip=False)

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password_confirm") and data["password"] != data["password_confirm"]:
            self.add_error("password_confirm", _("The two passwords do not match."))
        return data


class OrganizationForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            (OrganizationKind.COMPANY, OrganizationKind.COMPANY.label),
            (OrganizationKind.AUTHORITY, OrganizationKind.AUTHORITY.label),
        ],
    )
    legal_name = forms.CharField(label=_("Legal name"), max_length=200)
    country = forms.ChoiceField(label=_("Country"), choices=lambda: [("", "—"), *countries])
    registration_id = forms.CharField(label=_("Registration or VAT id"), max_length=64, required=False)
    street = forms.CharField(label=_("Street and number"), max_length=200, required=False)
    postal_code = forms.CharField(label=_("Postal code"), max_length=16, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    description = forms.CharField(label=_("What you do"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    headcount = forms.IntegerField(label=_("Headcount (staff)"), min_value=0, required=False)
    annual_turnover_eur = forms.DecimalField(
        label=_("Annual turnover (EUR)"), min_value=0, max_digits=16, decimal_places=2, required=False
    )
    balance_sheet_total_eur = forms.DecimalField(
        label=_("Balance-sheet total (EUR)"), min_value=0, max_digits=16, decimal_places=2, required=False
    )
    dual_use_intensity = forms.ChoiceField(
        label=_("Dual-use intensity"), required=False, choices=[("", "—"), *DualUseIntensity.choices]
    )
    tier_role = forms.ChoiceField(label=_("Tier role"), required=False, choices=[("", "—"), *TierRole.choices])
    capability_codes = forms.CharField(
        label=_("Capability codes (CPV)"),
        required=False,
        widget=forms.TextInput(attrs={"data-cpv-autocomplete": "true", "autocomplete": "off"}),
        help_text=_("CPV codes separated by commas, e.g. 60100000, 63120000-6. Type words to search."),
    )
    clusters = forms.CharField(
        label=_("Cluster memberships"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line: cluster name, region (e.g. 'Maritime Cluster Northern Germany, Bremen')."),
    )

    def __init__(self, *args, allow_any_kind: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if allow_any_kind:
            self.fields["kind"].choices = OrganizationKind.choices

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        clusters = []
        for line in (data.pop("clusters") or "").splitlines():
            name, _, region = line.partition(",")
            if name.strip():
                clusters.append({"name": name.strip(), "region": region.strip()})
        data["clusters"] = clusters
        return data


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=MembershipRole.choices, initial=MembershipRole.MEMBER)


class MembershipRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=MembershipRole.choices)


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("What will use this token, e.g. 'ERP integration'.")
    )
    expires_at = forms.DateTimeField(
        label=_("Expires (optional)"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
