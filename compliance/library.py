"""Loads the framework library (compliance/frameworks/*.yaml) and destination rules into the database.

Loading is idempotent: a framework version already present is updated in place (requirements
matched by id), so answers given against it stay attached; a new version becomes the current one.
Every text a user reads has its German beside it (`title_de`, `guidance_de`, ...); `framework_untranslated`
lists what is missing, and the test suite keeps the shipped files complete.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from .models import Choice, DestinationRule, Framework, Question, Requirement

FRAMEWORK_DIR = Path(__file__).resolve().parent / "frameworks"
DESTINATION_RULES = Path(__file__).resolve().parent / "data" / "destination_rules.yaml"


class FrameworkFileError(ValueError):
    """A framework file does not follow the documented format; the message names the file and entry."""


def _check(condition: bool, path: Path, message: str) -> None:
    if not condition:
        raise FrameworkFileError(f"{path.name}: {message}")


def validate_framework_data(data: dict[str, Any], path: Path) -> None:
    for key in ("id", "version", "title", "badge_kind", "sections"):
        _check(key in data, path, f"missing '{key}'")
    seen: set[str] = set()
    for section in data["sections"]:
        _check(section.get("id") not in seen, path, f"duplicate id {section.get('id')}")
        seen.add(section["id"])
        for requirement in section.get("requirements", []):
            code = requirement.get("id")
            _check(bool(code) and code not in seen, path, f"missing or duplicate requirement id {code}")
            seen.add(code)
            _check(1 <= int(requirement.get("weight", 1)) <= 3, path, f"{code}: weight must be 1..3")
            asked: dict[str, set[str]] = {}
            for question in requirement.get("questions", []):
                qid = question.get("id")
                _check(bool(qid) and qid not in seen, path, f"missing or duplicate question id {qid}")
                seen.add(qid)
                _check(question.get("kind", "single") in {"single", "multiple"}, path, f"{qid}: bad kind")
                values = [choice["value"] for choice in question.get("choices", [])]
                _check(len(values) == len(set(values)) and values, path, f"{qid}: choices missing or repeated")
                depends = question.get("depends_on")
                if depends:
                    earlier = asked.get(depends.get("question"))
                    _check(earlier is not None, path, f"{qid}: depends on an unknown or later question")
                    _check(set(depends.get("answers", [])) <= earlier, path, f"{qid}: depends on unknown answers")
                asked[qid] = set(values)


# Where a framework file carries text a user reads: entry kind -> fields that need a German twin `<field>_de`.
TRANSLATED_FIELDS = {
    "framework": ("title", "description"),
    "section": ("title",),
    "requirement": ("title", "guidance", "typical_evidence"),
    "question": ("text",),
    "choice": ("label",),
}


def _twin_problem(entry: dict, field: str) -> str | None:
    english, german = entry.get(field), entry.get(f"{field}_de")
    if not english:
        return None
    if not german:
        return f"{field}_de missing"
    if isinstance(english, list) and (not isinstance(german, list) or len(german) != len(english)):
        return f"{field}_de has {len(german) if isinstance(german, list) else 'no'} items, {field} {len(english)}"
    return None


def framework_untranslated(data: dict[str, Any]) -> list[str]:
    """Every text field of a framework file without its German twin (or a German list of another length)."""
    found: list[str] = []

    def check(kind: str, where: str, entry: dict) -> None:
        for field in TRANSLATED_FIELDS[kind]:
            problem = _twin_problem(entry, field)
            if problem:
                found.append(f"{where}: {problem}")

    check("framework", data.get("id", "?"), data)
    for section in data.get("sections", []):
        check("section", section.get("id", "?"), section)
        for requirement in section.get("requirements", []):
            check("requirement", requirement.get("id", "?"), requirement)
            for question in requirement.get("questions", []):
                check("question", question.get("id", "?"), question)
                for choice in question.get("choices", []):
                    check("choice", f"{question.get('id', '?')}={choice.get('value')}", choice)
    return found


def _load_questions(requirement: Requirement, questions: list[dict]) -> None:
    by_code: dict[str, Question] = {}
    for position, data in enumerate(questions):
        question, _ = Question.objects.update_or_create(
            requirement=requirement,
            code=data["id"],
            defaults={
                "text": data["text"],
                "text_de": data.get("text_de", ""),
                "kind": data.get("kind", "single"),
                "position": position,
                "depends_on": by_code.get((data.get("depends_on") or {}).get("question")),
                "depends_on_answers": (data.get("depends_on") or {}).get("answers", []),
            },
        )
        by_code[question.code] = question
        for choice_position, choice in enumerate(data["choices"]):
            Choice.objects.update_or_create(
                question=question,
                value=str(choice["value"]),
                defaults={
                    "label": choice["label"],
                    "label_de": choice.get("label_de", ""),
                    "points": int(choice.get("points", 0)),
                    "position": choice_position,
                },
            )


@transaction.atomic
def framework_load(*, path: Path) -> Framework:
    """Create or update one framework version from its YAML file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    validate_framework_data(data, path)
    key, version = data["id"], str(data["version"])
    Framework.objects.filter(key=key, is_current=True).exclude(version=version).update(is_current=False)
    framework, _ = Framework.objects.update_or_create(
        key=key,
        version=version,
        defaults={
            "title": data["title"],
            "title_de": data.get("title_de", ""),
            "is_current": True,
            "description": data.get("description", ""),
            "description_de": data.get("description_de", ""),
            "badge_kind": data["badge_kind"],
        },
    )
    position = 0
    for section_data in data["sections"]:
        position += 1
        section, _ = Requirement.objects.update_or_create(
            framework=framework,
            code=section_data["id"],
            defaults={
                "title": section_data["title"],
                "title_de": section_data.get("title_de", ""),
                "is_section": True,
                "parent": None,
                "position": position,
                "weight": 0,
            },
        )
        for item in section_data.get("requirements", []):
            position += 1
            requirement, _ = Requirement.objects.update_or_create(
                framework=framework,
                code=item["id"],
                defaults={
                    "parent": section,
                    "title": item["title"],
                    "title_de": item.get("title_de", ""),
                    "guidance": item.get("guidance", ""),
                    "guidance_de": item.get("guidance_de", ""),
                    "weight": int(item.get("weight", 1)),
                    "not_applicable_allowed": bool(item.get("not_applicable_allowed", False)),
                    "typical_evidence": list(item.get("typical_evidence", [])),
                    "typical_evidence_de": list(item.get("typical_evidence_de", [])),
                    "is_section": False,
                    "position": position,
                },
            )
            _load_questions(requirement, item.get("questions", []))
    return framework


def framework_library_load(*, directory: Path = FRAMEWORK_DIR) -> list[Framework]:
    return [framework_load(path=path) for path in sorted(directory.glob("*.yaml"))]


@transaction.atomic
def destination_rules_load(*, path: Path = DESTINATION_RULES) -> int:
    """Add the shipped destination rules that are missing; rules an admin changed are kept."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    existing = set(DestinationRule.objects.values_list("country", flat=True))
    new = [
        DestinationRule(country=country, category=category)
        for category, countries in data.items()
        for country in countries.split()
        if country not in existing
    ]
    DestinationRule.objects.bulk_create(new)
    return len(new)
