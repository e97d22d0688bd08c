"""Template filters for moments, dates, periods, amounts and quantities (core.formatting); built into every
template, so `{{ tender.submission_deadline|when }}` and `{{ offer.price|money:tender.currency }}` need no load."""

from django import template

from core.formatting import format_date, format_datetime, format_money, format_period, format_quantity

register = template.Library()


@register.filter
def when(value):
    """A moment in the reader's time zone: "03.12.2026, 14:56"."""
    return format_datetime(value) if value else ""


@register.filter
def day(value):
    return format_date(value) if value else ""


@register.filter
def period(start, end):
    """`{{ slot.start|period:slot.end }}`."""
    return format_period(start, end)


@register.filter
def money(amount, currency="EUR"):
    return format_money(amount, currency or "EUR")


@register.filter
def quantity(value, unit=""):
    return format_quantity(value, str(unit or ""))


@register.filter
def numbering(code):
    """A requirement's code where it numbers the text ("A.5.1", "DR-PRO-1"); nothing for a word key such as
    "processes", which would only repeat the heading that follows it."""
    code = str(code or "")
    return code if any(char.isdigit() for char in code) else ""
