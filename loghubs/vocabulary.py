"""Words LogHubs shares with its users: UN dangerous-goods classes, ammunition compatibility groups, NATO stock
numbers and the order of classification levels.

Kept apart from the models so services, serializers and the planner check cargo the same way.
"""

from __future__ import annotations

import re

# UN Model Regulations classes and divisions (ADR/RID/IMDG use the same numbering).
UN_HAZARD_CLASSES = [
    "1.1",
    "1.2",
    "1.3",
    "1.4",
    "1.5",
    "1.6",
    "2.1",
    "2.2",
    "2.3",
    "3",
    "4.1",
    "4.2",
    "4.3",
    "5.1",
    "5.2",
    "6.1",
    "6.2",
    "7",
    "8",
    "9",
]
# A hub may also accept a whole class ("1" covers 1.1 to 1.6).
UN_HAZARD_CLASS_FAMILIES = ["1", "2", "4", "5", "6"]
HAZARD_CLASS_CHOICES = UN_HAZARD_CLASSES + UN_HAZARD_CLASS_FAMILIES

# Compatibility groups of class 1 (explosives), ADR 2.2.1.1.6; ammunition is stored by group.
AMMUNITION_GROUPS = ["A", "B", "C", "D", "E", "F", "G", "H", "J", "K", "L", "N", "S"]

# NATO stock number: 4-digit supply class, 2-digit codification bureau, 7-digit item number.
NSN_PATTERN = re.compile(r"^(\d{4})-?(\d{2})-?(\d{3})-?(\d{4})$")


def hazard_class_accepted(cargo_class: str, accepted: list[str]) -> bool:
    """Whether a hub list such as ["1", "3"] accepts a cargo class such as "1.4"."""
    return any(cargo_class == item or cargo_class.startswith(item + ".") for item in accepted)


def normalize_nsn(raw: str) -> str | None:
    """'1005012345678' or '1005-01-234-5678' → '1005-01-234-5678'; None when it is not an NSN."""
    match = NSN_PATTERN.match((raw or "").strip())
    return "-".join(match.groups()) if match else None
