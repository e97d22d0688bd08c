"""Exports of an assessment: the answers as CSV, and a Statement of Applicability for ISO 27001."""

from __future__ import annotations

import csv
import io

from .models import Answer, AnswerStatus, Assessment, Evidence, Requirement


def _rows(assessment: Assessment):
    answers = {a.requirement_id: a for a in Answer.objects.filter(assessment=assessment)}
    evidence: dict[int, list[str]] = {}
    for item in Evidence.objects.filter(assessment=assessment, superseded_by__isnull=True).order_by("id"):
        label = f"{item.original_name} (v{item.version}, {item.sha256[:12]})"
        evidence.setdefault(item.requirement_id, []).append(label)
    section = ""
    for requirement in Requirement.objects.filter(framework_id=assessment.framework_id).order_by("position"):
        if requirement.is_section:
            section = f"{requirement.code} {requirement.local_title}"
            continue
        yield section, requirement, answers.get(requirement.pk), evidence.get(requirement.pk, [])


def _csv(header: list[str], rows) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def assessment_csv(*, assessment: Assessment) -> str:
    """Every requirement with its answer, reason, notes and current evidence."""
    return _csv(
        ["section", "requirement", "title", "weight", "status", "not_applicable_reason", "notes", "evidence"],
        (
            [
                section,
                req.code,
                req.local_title,
                req.weight,
                answer.status if answer else "",
                answer.not_applicable_reason if answer else "",
                answer.notes if answer else "",
                "; ".join(files),
            ]
            for section, req, answer, files in _rows(assessment)
        ),
    )


def statement_of_applicability(*, assessment: Assessment) -> str:
    """The ISO 27001 Annex A controls: applicable or not (with the justification), implementation status."""
    implementation = {
        AnswerStatus.COMPLIANT: "implemented",
        AnswerStatus.PARTIAL: "partially implemented",
        AnswerStatus.NOT_COMPLIANT: "not implemented",
    }
    rows = []
    for section, req, answer, files in _rows(assessment):
        if not req.code.startswith("A."):
            continue
        applicable = answer is None or answer.status != AnswerStatus.NOT_APPLICABLE
        rows.append(
            [
                req.code,
                req.local_title,
                section,
                "yes" if applicable else "no",
                answer.not_applicable_reason if answer and not applicable else (answer.notes if answer else ""),
                implementation.get(answer.status, "") if answer and applicable else ("" if answer else "open"),
                "; ".join(files),
            ]
        )
    return _csv(["control", "title", "theme", "applicable", "justification", "implementation", "evidence"], rows)
