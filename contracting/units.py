"""Units of measure for order lines: a curated list of common UN/ECE Recommendation 20 codes, kept as data."""

from __future__ import annotations

import functools
import json
from pathlib import Path

from django.utils.translation import gettext_lazy as _

DATA = Path(__file__).resolve().parent / "data" / "rec20_units.json"

# The names, translatable; the codes and their English names are in the data file too.
NAMES = {
    "C62": _("piece (unit)"),
    "H87": _("piece"),
    "SET": _("set"),
    "PR": _("pair"),
    "KGM": _("kilogram"),
    "TNE": _("tonne"),
    "LTR": _("litre"),
    "MTR": _("metre"),
    "KMT": _("kilometre"),
    "MTK": _("square metre"),
    "MTQ": _("cubic metre"),
    "HUR": _("hour"),
    "DAY": _("day"),
    "WEE": _("week"),
    "MON": _("month"),
    "ANN": _("year"),
    "XPX": _("pallet"),
    "XCT": _("carton"),
    "XBX": _("box"),
    "XCN": _("container"),
    "E48": _("service unit"),
    "LS": _("lump sum"),
    "KWH": _("kilowatt hour"),
}


@functools.cache
def unit_codes() -> dict[str, str]:
    """{code: English name} from the data file."""
    return {row["code"]: row["name"] for row in json.loads(DATA.read_text(encoding="utf-8"))}


def unit_choices() -> list[tuple[str, str]]:
    return [(code, f"{code} – {NAMES.get(code, name)}") for code, name in unit_codes().items()]


def unit_name(code: str) -> str:
    return str(NAMES.get(code, unit_codes().get(code, code)))
