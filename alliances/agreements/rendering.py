"""Rendering an agreement version to HTML and to PDF.

Clause text is plain text with three block forms: paragraphs (separated by blank lines), lists (lines starting
with "- ") and tables (lines starting with "|", the first row being the header).

The PDF depends only on what the version froze (its clauses, number and creation time, the agreement's
language and the alliance's kind), with the creation date and producer fixed, so rendering a version twice
gives the same bytes and the same SHA-256: that checksum is what signatories approve.

The PDF plumbing (core fonts, transliteration, blocks, fixed metadata) lives in core/pdf.py, shared with the
contracts, which are signed the same way.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.html import format_html, format_html_join

from core.formatting import format_datetime
from core.pdf import (
    pdf_section,
    pdf_text,  # noqa: F401  re-exported: callers and tests import it from here
    signed_document_start,
    text_blocks,
)

from ..models import AgreementVersion, AllianceKind
from .variables import current_members, day

DOCUMENT_TITLES = {
    "en": {
        AllianceKind.STRATEGIC_ALLIANCE: "Strategic alliance agreement",
        AllianceKind.CONSORTIUM: "Consortium agreement",
        AllianceKind.JOINT_VENTURE: "Joint venture agreement",
        AllianceKind.ARGE: "Working group agreement (ARGE)",
        AllianceKind.PLATFORM_MEMBERSHIP: "Cooperation agreement",
    },
    "de": {
        AllianceKind.STRATEGIC_ALLIANCE: "Kooperationsvertrag (strategische Allianz)",
        AllianceKind.CONSORTIUM: "Konsortialvertrag",
        AllianceKind.JOINT_VENTURE: "Joint-Venture-Vertrag",
        AllianceKind.ARGE: "Arbeitsgemeinschaftsvertrag (ARGE)",
        AllianceKind.PLATFORM_MEMBERSHIP: "Kooperationsvertrag",
    },
}
WORDS = {
    "en": {
        "heading": "{number}. {title}",
        "version": "Version {number} of {date}",
        "page": "page {page} of {pages}",
        "changed": "Changed",
        "signatures": "Signatures",
        "unsigned": "not signed yet",
        "signed": "signed by {user} on {date}, SHA-256 {sha}",
    },
    "de": {
        "heading": "§ {number} {title}",
        "version": "Fassung {number} vom {date}",
        "page": "Seite {page} von {pages}",
        "changed": "Geändert",
        "signatures": "Unterschriften",
        "unsigned": "noch nicht unterzeichnet",
        "signed": "unterzeichnet von {user} am {date}, SHA-256 {sha}",
    },
}


def document_title(version: AgreementVersion) -> str:
    agreement = version.agreement
    return DOCUMENT_TITLES[agreement.language][agreement.alliance.kind]


def _version_line(version: AgreementVersion) -> str:
    language = version.agreement.language
    return WORDS[language]["version"].format(
        number=version.number, date=day(timezone.localtime(version.created_at).date(), language)
    )


def _heading(language: str, number: int, title: str) -> str:
    return WORDS[language]["heading"].format(number=number, title=title)


# --- HTML -----------------------------------------------------------------------------------------------------


def _html_block(kind: str, items: list[Any]) -> str:
    if kind == "list":
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((item,) for item in items)))
    if kind == "table":
        head = format_html_join("", "<th>{}</th>", ((cell,) for cell in items[0]))
        body = format_html_join(
            "", "<tr>{}</tr>", ((format_html_join("", "<td>{}</td>", ((cell,) for cell in row)),) for row in items[1:])
        )
        return format_html("<table><thead><tr>{}</tr></thead><tbody>{}</tbody></table>", head, body)
    return format_html("<p>{}</p>", format_html_join("<br>", "{}", ((line,) for line in items)))


def _html_signatures(version: AgreementVersion) -> str:
    words = WORDS[version.agreement.language]
    signed = {s.organization_id: s for s in version.signatures.select_related("signed_by")}
    rows = []
    for member in current_members(version.agreement.alliance):
        signature = signed.pop(member.organization_id, None)
        rows.append(
            (member.organization.legal_name, _signature_text(signature, words) if signature else words["unsigned"])
        )
    rows += [(signature.organization.legal_name, _signature_text(signature, words)) for signature in signed.values()]
    items = format_html_join("", "<li><strong>{}</strong>: {}</li>", rows)
    return format_html(
        '<section class="agreement-signatures"><h2>{}</h2><ul>{}</ul></section>', words["signatures"], items
    )


def _signature_text(signature, words: dict[str, str]) -> str:
    user = signature.signed_by.full_name or signature.signed_by.email
    # The signed PDF must read the same for every member (its SHA-256 is what they sign), so the moment is
    # written in the agreement's language and the platform's time zone, not the reader's.
    with translation.override(signature.version.agreement.language), timezone.override(settings.TIME_ZONE):
        when = f"{format_datetime(signature.signed_at)} ({settings.TIME_ZONE})"
    return words["signed"].format(user=user, date=when, sha=signature.pdf_sha256)


def agreement_render_html(*, version: AgreementVersion, standalone: bool = False) -> str:
    """The version as an HTML fragment (an <article>), or as a whole page with `standalone`; every value is
    escaped. Unlike the PDF it also shows who has signed so far."""
    language = version.agreement.language
    words = WORDS[language]
    parts = [
        format_html(
            '<header><h1>{}</h1><p class="agreement-version">{}</p></header>',
            document_title(version),
            _version_line(version),
        )
    ]
    if version.changed_clause or version.change_note:
        titles = {clause["key"]: clause["title"] for clause in version.clauses}
        changed = ", ".join(titles.get(key, key) for key in version.changed_clause.split(",") if key)
        parts.append(
            format_html('<p class="agreement-change">{}: {} {}</p>', words["changed"], changed, version.change_note)
        )
    for number, clause in enumerate(version.clauses, start=1):
        body = format_html_join("", "{}", ((_html_block(kind, items),) for kind, items in text_blocks(clause["text"])))
        parts.append(
            format_html(
                '<section class="agreement-clause" id="clause-{}"><h2>{}</h2>{}</section>',
                clause["key"],
                _heading(language, number, clause["title"]),
                body,
            )
        )
    parts.append(_html_signatures(version))
    article = format_html(
        '<article class="agreement" lang="{}">{}</article>',
        language,
        format_html_join("\n", "{}", ((part,) for part in parts)),
    )
    if not standalone:
        return str(article)
    return str(
        format_html(
            '<!DOCTYPE html><html lang="{}"><head><meta charset="utf-8"><title>{}</title>'
            "<style>body{{font-family:sans-serif;max-width:50em;margin:2em auto;line-height:1.5}}"
            "table{{border-collapse:collapse}}td,th{{border:1px solid #999;padding:.2em .4em;"
            "text-align:left;vertical-align:top}}</style></head><body>{}</body></html>",
            language,
            document_title(version),
            article,
        )
    )


# --- PDF ------------------------------------------------------------------------------------------------------


def agreement_render_pdf(*, version: AgreementVersion, compress: bool = True) -> bytes:
    """The version as a PDF; the same version always gives the same bytes. `compress=False` leaves the page
    content readable (for tests and for inspecting the text)."""
    language = version.agreement.language
    title = document_title(version)
    pdf = signed_document_start(
        title=title,
        subtitle=_version_line(version),
        footer=f"{title} · {_version_line(version)}",
        page_words=WORDS[language]["page"],
        created_at=version.created_at,
        language=language,
        compress=compress,
    )
    for number, clause in enumerate(version.clauses, start=1):
        pdf_section(pdf, _heading(language, number, clause["title"]), clause["text"])
    return bytes(pdf.output())
