"""How ALX writes moments, dates, periods, amounts and quantities for people, on pages, in PDFs and in mails.

One format per language (config/formats/<language>/formats.py) and moments always in the reader's time zone:
the request's zone comes from the user's setting (organizations.middleware.TimeZoneMiddleware), a
notification's from its recipient's, in the recipient's language (`for_user`). Templates use the same functions
as filters (`when`, `day`, `period`, `money`, `quantity`; organizations/templatetags/formatting.py, built in
for every template).
"""

from __future__ import annotations

import zoneinfo
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal

from babel.numbers import format_currency, format_decimal
from django.conf import settings
from django.utils import formats, timezone, translation

# Babel's locale per interface language: the number and currency conventions of the language's readers.
BABEL_LOCALES = {"de": "de_DE", "en": "en_GB"}


def _locale() -> str:
    return BABEL_LOCALES.get((translation.get_language() or settings.LANGUAGE_CODE)[:2], "en_GB")


def zone_of(user) -> zoneinfo.ZoneInfo:
    """The user's chosen time zone, or the platform's default (Europe/Berlin) for no user or a bad name."""
    name = getattr(user, "time_zone", "") or settings.TIME_ZONE
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def language_of(user) -> str:
    """The user's chosen language, or the platform's default (English) while they have chosen none."""
    known = {code for code, _name in settings.LANGUAGES}
    chosen = getattr(user, "language", "") or ""
    return chosen if chosen in known else settings.LANGUAGE_CODE


@contextmanager
def for_user(user):
    """Write as `user` reads: in their language and time zone (a mail or notification to someone other than the
    current user, e.g. a German supplier told of an English buyer's decision)."""
    with timezone.override(zone_of(user)), translation.override(language_of(user)):
        yield


def format_datetime(value: datetime | None) -> str:
    """ "03.12.2026, 14:56" / "3 Dec 2026, 14:56", in the current (the reader's) time zone."""
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, "DATETIME_FORMAT")


def format_date(value: date | datetime | None) -> str:
    """ "03.12.2026" / "3 Dec 2026"; a moment is first moved into the reader's time zone."""
    if value is None:
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, "DATE_FORMAT")


def format_period(start: datetime | None, end: datetime | None) -> str:
    """A period as the reader entered it, in their time zone: "03.12.2026, 08:00 – 12:00" within one local day,
    "03.12.2026, 00:00 – 05.12.2026, 00:00" across days."""
    if start is None or end is None:
        return format_datetime(start or end)
    local_start = timezone.localtime(start) if timezone.is_aware(start) else start
    local_end = timezone.localtime(end) if timezone.is_aware(end) else end
    if local_start.date() == local_end.date():
        return f"{format_datetime(local_start)} – {formats.date_format(local_end, 'TIME_FORMAT')}"
    return f"{format_datetime(local_start)} – {format_datetime(local_end)}"


def format_money(amount: Decimal | float | int | None, currency: str = "EUR") -> str:
    """ "450.000,00 €" in German, "€450,000.00" in English (CLDR conventions through Babel)."""
    if amount is None or amount == "":
        return ""
    return format_currency(Decimal(str(amount)), (currency or "EUR").upper(), locale=_locale())


def format_number(value: Decimal | float | int | None) -> str:
    """A quantity's number with the language's separators and no trailing zeros: "1.500" / "1,500", "2,5" / "2.5"."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value))
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    return format_decimal(number, locale=_locale(), decimal_quantization=False)


def format_quantity(value: Decimal | float | int | None, unit: str = "") -> str:
    """A quantity with its unit: "1.500 m² Lagerfläche", "40 truckloads"."""
    if value is None or value == "":
        return ""
    return f"{format_number(value)} {unit}".strip()
