"""The clause library: alliances/clauses/*.yaml, checked and loaded into ClauseTemplate, and picked per alliance.

Each file names a topic and lists clauses with a key, version, position, the alliance kinds they serve
(empty = all) and a title and text in English and German. Loading is idempotent: a (key, version) already
present is updated in place. Agreements copy the filled text into their versions, so a later library change
never alters an agreement that exists.

Two conventions carry meaning:
- A key `slot--option` is one option of a choice made when the agreement is generated (see OPTIONS); the
  agreement holds the chosen option under the slot's key.
- A clause that uses a schedule variable ({parties}, {member_shares}, ...) is a schedule clause: it is filled
  from the alliance's live data, refreshed when that data changes, and not negotiated as free text.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from ..models import AllianceKind, ClauseTemplate, ClauseTopic

CLAUSE_DIR = Path(__file__).resolve().parent.parent / "clauses"
LANGUAGES = ("en", "de")
VARIABLE = re.compile(r"\{([a-z_]+)\}")
KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:--[a-z0-9]+(?:-[a-z0-9]+)*)?$")
OPTION_SEPARATOR = "--"

# Filled from the alliance, its members and their background IP.
DATA_VARIABLES = frozenset(
    {
        "alliance_name",
        "purpose",
        "target_tender",
        "parties",
        "lead",
        "member_shares",
        "background_ip_schedule",
        "signatories",
    }
)
# Chosen when the agreement is generated (plus the date it was drawn up).
SETTING_VARIABLES = frozenset({"notice_days", "liability_cap", "arbitration_seat", "governing_law", "today"})
SCHEDULE_VARIABLES = frozenset({"parties", "lead", "member_shares", "background_ip_schedule", "signatories"})

# slot → (setting name, allowed values). Values are spelt with underscores; keys with hyphens.
OPTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "liability": ("liability", ("several", "joint")),
    "foreground-ip-ownership": ("foreground_ip", ("creator", "joint", "lead")),
    "foreground-ip-access": ("ip_licensing", ("royalty_free", "fair_reasonable")),
}


class ClauseFileError(ValueError):
    """A clause file does not follow the documented format; the message names the file and the clause."""


def split_key(key: str) -> tuple[str, str | None]:
    """`liability--joint` → ("liability", "joint"); `parties-arge` → ("parties-arge", None)."""
    slot, _, option = key.partition(OPTION_SEPARATOR)
    return slot, (option.replace("-", "_") or None)


def variables_in(text: str) -> set[str]:
    return set(VARIABLE.findall(text))


def is_schedule_text(text: str) -> bool:
    return bool(variables_in(text) & SCHEDULE_VARIABLES)


def _check(condition: bool, where: str, message: str) -> None:
    if not condition:
        raise ClauseFileError(f"{where}: {message}")


def _check_clause(entry: dict[str, Any], where: str) -> None:
    key = str(entry.get("key", ""))
    _check(bool(KEY.match(key)) and len(key) <= 64, where, f"bad key {key!r}")
    where = f"{where} {key}"
    slot, option = split_key(key)
    if option is not None:
        _check(slot in OPTIONS and option in OPTIONS[slot][1], where, f"unknown option {option!r} of {slot!r}")
    _check(isinstance(entry.get("version"), int) and entry["version"] >= 1, where, "version must be 1 or more")
    _check(isinstance(entry.get("position"), int) and entry["position"] >= 0, where, "position must be 0 or more")
    kinds = entry.get("kinds", [])
    _check(isinstance(kinds, list) and set(kinds) <= set(AllianceKind.values), where, f"unknown kinds {kinds}")
    for part in ("title", "text"):
        values = entry.get(part) or {}
        for language in LANGUAGES:
            _check(bool(str(values.get(language, "")).strip()), where, f"{part} in {language!r} missing")
    used = {language: variables_in(entry["text"][language]) for language in LANGUAGES}
    _check(used["en"] == used["de"], where, f"English and German use different variables: {used}")
    unknown = used["en"] - DATA_VARIABLES - SETTING_VARIABLES
    _check(not unknown, where, f"unknown variables {sorted(unknown)}")
    if used["en"] & SCHEDULE_VARIABLES:
        _check(used["en"] <= DATA_VARIABLES, where, "a schedule clause may use only data variables")


def check_library(entries: list[dict[str, Any]]) -> None:
    """Every kind gets every topic, and every option of each choice it offers; keys and versions are unique."""
    seen: set[tuple[str, int]] = set()
    for entry in entries:
        pair = (entry["key"], entry["version"])
        _check(pair not in seen, entry["key"], f"version {entry['version']} appears twice")
        seen.add(pair)
    for kind in AllianceKind.values:
        serving = [entry for entry in entries if not entry["kinds"] or kind in entry["kinds"]]
        missing = set(ClauseTopic.values) - {entry["topic"] for entry in serving}
        _check(not missing, kind, f"no clause for topics {sorted(missing)}")
        for slot, (_setting, values) in OPTIONS.items():
            offered = {split_key(entry["key"])[1] for entry in serving if split_key(entry["key"])[0] == slot}
            _check(not offered or offered == set(values), kind, f"{slot} offers {sorted(offered)}, not all options")


def clause_library_read(directory: Path = CLAUSE_DIR) -> list[dict[str, Any]]:
    """Every clause of every file in `directory`, checked, with its topic; ClauseFileError if one is wrong."""
    entries: list[dict[str, Any]] = []
    for path in sorted(directory.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        topic = data.get("topic")
        _check(topic in ClauseTopic.values, path.name, f"unknown topic {topic!r}")
        for index, entry in enumerate(data.get("clauses") or []):
            _check_clause(entry, f"{path.name} #{index + 1}")
            entries.append({**entry, "topic": topic, "kinds": list(entry.get("kinds") or [])})
    _check(bool(entries), str(directory), "no clauses found")
    check_library(entries)
    return entries


@transaction.atomic
def clause_library_load(directory: Path = CLAUSE_DIR) -> dict[str, int]:
    """Create or update every clause template from the YAML files; returns how many were created and updated."""
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for entry in clause_library_read(directory):
        fields = {
            "topic": entry["topic"],
            "kinds": entry["kinds"],
            "position": entry["position"],
            "title_en": entry["title"]["en"].strip(),
            "title_de": entry["title"]["de"].strip(),
            "text_en": entry["text"]["en"].strip(),
            "text_de": entry["text"]["de"].strip(),
        }
        template = ClauseTemplate.objects.filter(key=entry["key"], version=entry["version"]).first()
        if template is None:
            template = ClauseTemplate(key=entry["key"], version=entry["version"], **fields)
            # kinds: [] means "every kind"; the field is not blank=True, and _check_clause has checked it.
            template.full_clean(exclude=["kinds"])
            template.save()
            counts["created"] += 1
        elif any(getattr(template, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(template, name, value)
            template.full_clean(exclude=["kinds"])
            template.save()
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    return counts


def templates_for(*, kind: str, options: dict[str, str]) -> list[ClauseTemplate]:
    """The newest version of each clause serving `kind`, with the chosen option of each choice, in order.

    `options` maps a slot (see OPTIONS) to its chosen value."""
    newest: dict[str, ClauseTemplate] = {}
    for template in ClauseTemplate.objects.order_by("key", "version"):
        if template.kinds and kind not in template.kinds:
            continue
        slot, option = split_key(template.key)
        if option is not None and options.get(slot) != option:
            continue
        newest[template.key] = template
    return sorted(newest.values(), key=lambda t: (t.position, t.key))


def template_text(template: ClauseTemplate, language: str) -> tuple[str, str]:
    """The template's title and text in `language`."""
    return getattr(template, f"title_{language}"), getattr(template, f"text_{language}")


def fill(text: str, values: dict[str, str]) -> str:
    """Replace each {variable} with its value; a variable without a value is a programming error."""
    return VARIABLE.sub(lambda match: values[match.group(1)], text)
