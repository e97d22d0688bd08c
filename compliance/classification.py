"""Export classifications of goods and services: not listed, EU dual-use (Annex I) or military (EU CML)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.errors import ApplicationError

NOT_LISTED = "not_listed"
# Annex I of Regulation (EU) 2021/821: category 0-9, product group A-E, three digits, optional sub-items.
_DUAL_USE = re.compile(r"^([0-9])([A-E])(\d{3})((?:\.[a-z0-9]+)*)$", re.IGNORECASE)
# EU Common Military List: ML1 to ML22, optional sub-items such as ML4.a.
_MILITARY = re.compile(r"^ML(\d{1,2})((?:\.[a-z0-9]+)*)$", re.IGNORECASE)

DUAL_USE_CATEGORIES = {
    "0": "Nuclear materials, facilities and equipment",
    "1": "Special materials and related equipment",
    "2": "Materials processing",
    "3": "Electronics",
    "4": "Computers",
    "5": "Telecommunications and information security",
    "6": "Sensors and lasers",
    "7": "Navigation and avionics",
    "8": "Marine",
    "9": "Aerospace and propulsion",
}


@dataclass(frozen=True)
class Classification:
    regime: str  # "not_listed", "dual_use" or "military"
    code: str  # normalised: "not_listed", "5A002", "ML4.a"
    category: str = ""  # dual-use category digit or ML number

    @property
    def is_listed(self) -> bool:
        return self.regime != NOT_LISTED

    def covers(self, licensed_code: str) -> bool:
        """Whether a licence for `licensed_code` covers this item (same entry or a parent entry)."""
        licensed = licensed_code.strip()
        return self.code.lower() == licensed.lower() or self.code.lower().startswith(licensed.lower() + ".")


def parse_classification(raw: str | None, *, field: str = "export_classification") -> Classification:
    """Read a classification as typed ('5a002', 'ml4.a', '' or 'not_listed'); unknown shapes are refused."""
    value = (raw or "").strip()
    if value == "" or value.lower() in {NOT_LISTED, "not listed", "n/a"}:
        return Classification(NOT_LISTED, NOT_LISTED)
    if match := _DUAL_USE.match(value):
        category, group, number, rest = match.groups()
        return Classification("dual_use", f"{category}{group.upper()}{number}{rest.lower()}", category)
    if (match := _MILITARY.match(value)) and 1 <= int(match.group(1)) <= 22:
        return Classification("military", f"ML{int(match.group(1))}{match.group(2).lower()}", match.group(1))
    message = _(
        "“%(value)s” is not an export classification. Use an EU dual-use entry such as 5A002, "
        "a Common Military List entry ML1–ML22 such as ML4, or “not_listed”."
    ) % {"value": value}
    raise ApplicationError(message, errors={field: [message]})
