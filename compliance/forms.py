"""Browser forms of the compliance app; they collect input, the services judge it.

Every per-requirement form takes a prefix naming the requirement, so many of them live on one page
with unique field ids. Widgets carry their Bootstrap classes themselves, because fragments swapped
in by htmx never see the page-load script that styles the rest.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.pickers import PickerWidget

from .models import AnswerStatus, Evidence, QuestionKind, Requirement, ReviewDecision
from .services import EVIDENCE_MAX_BYTES, EVIDENCE_TYPES
from .services.sharing import SHAREABLE_KINDS

TEXTAREA = {"rows": 2, "class": "form-control"}


class StartAssessmentForm(forms.Form):
    framework = forms.ModelChoiceField(queryset=None)

    def __init__(self, *args, frameworks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework"].queryset = frameworks


class AnswerForm(forms.Form):
    """The answer to one requirement: status, reason, notes and its questions (one field per question)."""

    status = forms.ChoiceField(label=_("Status"), widget=forms.Select(attrs={"class": "form-select"}))
    not_applicable_reason = forms.CharField(
        label=_("Why it does not apply"),
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("Needed only when you choose “Not applicable”."),
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("How you meet the requirement, or what is still missing."),
    )

    def __init__(
        self, *args, requirement: Requirement, answer=None, selected: dict[int, list[str]] | None = None, **kwargs
    ):
        selected = selected or {}
        initial = (
            {"status": answer.status, "not_applicable_reason": answer.not_applicable_reason, "notes": answer.notes}
            if answer
            else {}
        )
        super().__init__(*args, prefix=f"r{requirement.pk}", initial=initial, **kwargs)
        self.requirement = requirement
        self.answered_questions = {pk for pk, values in selected.items() if values}
        choices = [
            (value, label)
            for value, label in AnswerStatus.choices
            if value != AnswerStatus.NOT_APPLICABLE or requirement.not_applicable_allowed
        ]
        self.fields["status"].choices = [("", "—"), *choices]
        if not requirement.not_applicable_allowed:
            del self.fields["not_applicable_reason"]
        questions = list(requirement.questions.all())
        by_pk = {question.pk: question for question in questions}
        self.question_fields = []
        for question in questions:
            name = f"q{question.pk}"
            options = [(choice.value, choice.local_label) for choice in question.choices.all()]
            if question.kind == QuestionKind.MULTIPLE:
                field = forms.MultipleChoiceField(
                    widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
                    choices=options,
                    required=False,
                )
                field.initial = selected.get(question.pk, [])
            else:
                field = forms.ChoiceField(
                    widget=forms.RadioSelect(attrs={"class": "form-check-input"}), choices=options, required=False
                )
                field.initial = (selected.get(question.pk) or [None])[0]
            field.label = question.local_text
            self.fields[name] = field
            self.question_fields.append((question, name, _applies_only_when(question, by_pk)))

    def questions_bound(self):
        """(bound field, note on when it applies) per question, for the template."""
        return [(self[name], note) for _question, name, note in self.question_fields]

    def service_data(self) -> dict:
        data = self.cleaned_data
        questions = {}
        for question, name, _note in self.question_fields:
            value = data.get(name)
            values = list(value) if isinstance(value, list) else ([value] if value else [])
            # An untouched question stays unanswered; one answered before may be cleared.
            if values or question.pk in self.answered_questions:
                questions[question.code] = values
        return {
            "status": data["status"],
            "not_applicable_reason": data.get("not_applicable_reason", ""),
            "notes": data.get("notes", ""),
            "questions": questions,
        }


def _applies_only_when(question, by_pk: dict) -> str:
    parent = by_pk.get(question.depends_on_id)
    if parent is None:
        return ""
    labels = {choice.value: choice.local_label for choice in parent.choices.all()}
    answers = ", ".join(f"“{labels.get(value, value)}”" for value in question.depends_on_answers)
    return _("Applies only when “%(question)s” is answered with %(answers)s.") % {
        "question": parent.local_text,
        "answers": answers,
    }


def evidence_help_text() -> str:
    return _(
        "Accepted: %(types)s; at most %(mb)d MB. Files stay private to your organization and "
        "those you share your readiness with."
    ) % {"types": ", ".join(sorted(EVIDENCE_TYPES)), "mb": EVIDENCE_MAX_BYTES // 1024 // 1024}


class EvidenceForm(forms.Form):
    """A new evidence file for one requirement, optionally as the next version of an existing one."""

    file = forms.FileField(
        label=_("File"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ",".join(sorted(EVIDENCE_TYPES))}),
    )
    effective_date = forms.DateField(
        label=_("Effective from"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )
    expires_on = forms.DateField(
        label=_("Expires on (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )
    replaces = forms.ChoiceField(
        label=_("Replaces"), required=False, widget=forms.Select(attrs={"class": "form-select"})
    )

    def __init__(self, *args, requirement: Requirement, latest: list[Evidence], **kwargs):
        super().__init__(*args, prefix=f"e{requirement.pk}", initial={"effective_date": timezone.localdate()}, **kwargs)
        self.latest = {str(item.pk): item for item in latest}
        self.fields["file"].help_text = evidence_help_text()
        self.fields["replaces"].choices = [
            ("", _("— nothing, this is a new document —")),
            *(
                (pk, _("%(name)s, version %(version)d") % {"name": item.original_name, "version": item.version})
                for pk, item in self.latest.items()
            ),
        ]

    def service_data(self) -> dict:
        data = self.cleaned_data
        return {
            "upload": data["file"],
            "effective_date": data["effective_date"],
            "expires_on": data["expires_on"],
            "replaces": self.latest.get(data.get("replaces") or ""),
        }


class ShareForm(forms.Form):
    """Whom to share readiness with: a company, consortium or authority, found by typing its name."""

    grantee = forms.IntegerField(
        label=_("Share with"),
        min_value=1,
        error_messages={"required": _("Type a name and pick the organization from the list.")},
    )

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.organizations = organizations
        self.fields["grantee"].widget = PickerWidget(
            url_name="organization-pick",
            params={"kinds": ",".join(SHAREABLE_KINDS), "exclude": "own"},
            placeholder=_("Company, consortium or authority"),
            label_of=lambda pk: organizations.filter(pk=pk).values_list("legal_name", flat=True).first(),
        )

    def clean_grantee(self):
        grantee = self.cleaned_data["grantee"]
        if not self.organizations.filter(pk=grantee).exists():
            raise forms.ValidationError(_("Pick a company, consortium or authority from the list."))
        return grantee


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs=TEXTAREA))

    def __init__(self, *args, requirement: Requirement, **kwargs):
        super().__init__(*args, prefix=f"c{requirement.pk}", **kwargs)
        self.requirement = requirement


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=ReviewDecision.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    remarks = forms.CharField(
        label=_("Remarks to the organization"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        help_text=_("Needed when you send it back or reject it, unless you commented on requirements."),
    )
