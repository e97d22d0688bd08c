"""Forms of the invoicing pages: the reporting period of the dashboards, the upload of an inbound invoice."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .reports.common import Period

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


class PeriodForm(forms.Form):
    """From and until (both optional, inclusive); read from the query string, so a period is a shareable link."""

    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", _("The period ends before it starts."))
        return data

    def period(self) -> Period:
        """The period asked for; all time when the form is empty or invalid (its errors are shown)."""
        if not self.is_valid():
            return Period()
        return Period(since=self.cleaned_data.get("since"), until=self.cleaned_data.get("until"))


class InboundUploadForm(forms.Form):
    """An invoice from the supplier's own system: XRechnung UBL or CII (XML) or a Factur-X / ZUGFeRD PDF."""

    content_type = ""
    document = forms.FileField(
        label=_("Invoice file"), help_text=_("XRechnung UBL or CII as .xml, or a Factur-X / ZUGFeRD .pdf")
    )

    def clean_document(self):
        document = self.cleaned_data["document"]
        if document.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        head = document.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
        document.seek(0)
        if head.startswith(b"%PDF"):
            self.content_type = "application/pdf"
        elif head.startswith(b"<"):
            self.content_type = "application/xml"
        else:
            raise forms.ValidationError(_("Upload an XML invoice (UBL or CII) or a Factur-X PDF."))
        return document
