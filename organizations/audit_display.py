"""Reading the audit log: an entry's changes as its readers speak of them — field labels instead of keys, choices
by their label, moments, dates and amounts as core/formatting.py writes them, related objects by name.

The log stores plain JSON (organizations.audit); this module only presents it, in the reader's language and time
zone, so an entry recorded in English reads in German for a German administrator."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from core.formatting import format_date, format_datetime, format_money, format_number

from .models import AuditEntry

# Keys services record beside the model's own fields (the reason of a decision, what a step touched).
EXTRA_LABELS = {
    "reason": _("Reason"),
    "document": _("Document"),
    "documents": _("Documents"),
    "revision": _("Revision"),
    "score": _("Score"),
    "late": _("Late"),
    "invited": _("Invited"),
    "member": _("Member"),
    "grantee": _("Shared with"),
    "offer": _("Offer"),
    "lines": _("Lines"),
    "lots": _("Lots"),
    "bidder": _("Bidder"),
    "supplier": _("Supplier"),
    "accepted": _("Accepted"),
    "ranking": _("Ranking"),
    "valid_bids": _("Valid bids"),
    "changed": _("Changed"),
    "signed_version": _("Signed version"),
    "suspended": _("Suspended"),
    "revoked": _("Revoked"),
    "value": _("Value"),
    "quantity": _("Quantity"),
    "user": _("User"),
    "role": _("Role"),
    "clauses": _("Clauses"),
    "clause": _("Clause"),
    "state": _("State"),
    "version": _("Version"),
    "shares": _("Shares"),
    "slots": _("Slots"),
    "pdf_sha256": _("PDF checksum (SHA-256)"),
    "promised_date": _("Promised date"),
    "valid_until": _("Valid until"),
}
# Amounts without a model field to say so: recorded in the platform's currency.
MONEY_KEYS = {"value", "price", "amount", "paid_amount", "estimated_value", "total", "ceiling"}
EMPTY = "—"
_LANGUAGES = {code for code, _name in settings.LANGUAGES}


@dataclass(frozen=True)
class ChangeLine:
    label: str
    before: str
    after: str


def _field(model: type[models.Model] | None, key: str) -> models.Field | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(key)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


def _label(field: models.Field | None, key: str) -> str:
    if field is not None and field.verbose_name and str(field.verbose_name) != key.replace("_", " "):
        return str(capfirst(field.verbose_name))
    if key in EXTRA_LABELS:
        return str(EXTRA_LABELS[key])
    return gettext(capfirst(key.replace("_", " ")))


def _moment(value: str) -> str | None:
    if len(value) >= 16 and value[4:5] == "-" and "T" in value:
        parsed = parse_datetime(value)
        if parsed is not None:
            return format_datetime(parsed)
    if len(value) == 10 and value[4:5] == "-":
        day = parse_date(value)
        if day is not None:
            return format_date(day)
    return None


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


class ChangeReader:
    """Formats the changes of a page of entries; related objects are looked up once per model for the page."""

    def __init__(self, entries: list[AuditEntry]):
        self._names: dict[type[models.Model], dict[Any, str]] = {}
        wanted: dict[type[models.Model], set[Any]] = {}
        for entry in entries:
            model = entry.content_type.model_class()
            for key, values in (entry.changes or {}).items():
                field = _field(model, key)
                if field is not None and field.is_relation and field.related_model is not None:
                    pair = values if isinstance(values, list) else [values]
                    for value in pair:
                        for item in value if isinstance(value, list) else [value]:
                            if isinstance(item, int | str) and item != "":
                                wanted.setdefault(field.related_model, set()).add(item)
        for related, ids in wanted.items():
            numeric = related._meta.pk.get_internal_type().endswith("AutoField")
            clean: list[Any] = [i for i in ids if str(i).isdigit()] if numeric else list(ids)
            self._names[related] = {str(pk): str(obj) for pk, obj in related._default_manager.in_bulk(clean).items()}

    def lines(self, entry: AuditEntry) -> list[ChangeLine]:
        model = entry.content_type.model_class()
        out = []
        for key, values in (entry.changes or {}).items():
            field = _field(model, key)
            pair = values if isinstance(values, list) and len(values) == 2 else [None, values]
            out.append(ChangeLine(_label(field, key), self.value(field, key, pair[0]), self.value(field, key, pair[1])))
        return out

    def value(self, field: models.Field | None, key: str, value: Any) -> str:
        if value is None or value == "" or value == []:
            return EMPTY
        if isinstance(value, list):
            return ", ".join(self.value(field, key, item) for item in value)
        if isinstance(value, dict) and value and set(value) <= _LANGUAGES:
            # A text a service wrote in every platform language (a bid's exclusion reason): the reader's.
            language = (get_language() or "").split("-")[0]
            return str(value.get(language) or value.get(settings.LANGUAGE_CODE) or next(iter(value.values())))
        if isinstance(value, dict):
            return "; ".join(f"{k}: {self.value(None, str(k), v)}" for k, v in value.items())
        if isinstance(value, bool):
            return gettext("Yes") if value else gettext("No")
        if field is not None:
            return self._by_field(field, key, value)
        if isinstance(value, str):
            moment = _moment(value)
            if moment is not None:
                return moment
        number = _decimal(value) if key in MONEY_KEYS else None
        if number is not None:
            return format_money(number)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return format_number(value)
        return str(value)

    def _by_field(self, field: models.Field, key: str, value: Any) -> str:
        if field.choices:
            labels = {str(code): str(label) for code, label in field.flatchoices}
            return labels.get(str(value), str(value))
        if field.is_relation and field.related_model is not None:
            return self._names.get(field.related_model, {}).get(str(value), str(value))
        if isinstance(field, models.DateTimeField) and isinstance(value, str):
            parsed = parse_datetime(value)
            return format_datetime(parsed) if parsed else value
        if isinstance(field, models.DateField) and isinstance(value, str):
            parsed_day = parse_date(value[:10])
            return format_date(parsed_day) if parsed_day else value
        if isinstance(field, models.DecimalField | models.FloatField | models.IntegerField):
            number = _decimal(value)
            if number is None:
                return str(value)
            if key in MONEY_KEYS or key.endswith(("_eur", "_value", "_amount", "price")):
                return format_money(number)
            return format_number(number)
        if isinstance(value, date | datetime):
            return format_datetime(value) if isinstance(value, datetime) else format_date(value)
        return str(value)
