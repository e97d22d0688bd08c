"""Rendering an agreement version to HTML and to PDF.

Clause text is plain text with three block forms: paragraphs (separated by blank lines), lists (lines starting
with "- ") and tables (lines starting with "|", the first row being the header).

The PDF depends only on what the version froze (its clauses, number and creation time, the agreement's
language and the alliance's kind), with the creation date and producer fixed, so rendering a version twice
gives the same bytes and the same SHA-256: that checksum is what signatories approve.

Fonts: no Unicode TrueType font ships with the packages ALX depends on (fpdf2 and matplotlib bring no
DejaVuSans.ttf here), so the PDF uses the PDF core font Helvetica with Windows-1252 encoding. That covers
German (ä ö ü ß), the euro sign, typographic quotes and dashes; any other character is transliterated to its
base letter (č → c, ł → l) or, failing that, to "?".
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.html import format_html, format_html_join
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from config.formatting import format_datetime

from ..models import AgreementVersion, AllianceKind
from .variables import current_members, day

DOCUMENT_TITLES = {
    "en": {AllianceKind.STRATEGIC_ALLIANCE: "Strategic alliance agreement",
           AllianceKind.CONSORTIUM: "Consortium agreement",
           AllianceKind.JOINT_VENTURE: "Joint venture agreement",
           AllianceKind.ARGE: "Working group agreement (ARGE)",
           AllianceKind.PLATFORM_MEMBERSHIP: "Cooperation agreement"},
    "de": {AllianceKind.STRATEGIC_ALLIANCE: "Kooperationsvertrag (strategische Allianz)",
           AllianceKind.CONSORTIUM: "Konsortialvertrag",
           AllianceKind.JOINT_VENTURE: "Joint-Venture-Vertrag",
           AllianceKind.ARGE: "Arbeitsgemeinschaftsvertrag (ARGE)",
           AllianceKind.PLATFORM_MEMBERSHIP: "Kooperationsvertrag"},
}
WORDS = {
    "en": {"heading": "{number}. {title}", "version": "Version {number} of {date}",
           "page": "page {page} of {pages}", "changed": "Changed", "signatures": "Signatures",
           "unsigned": "not signed yet", "signed": "signed by {user} on {date}, SHA-256 {sha}"},
    "de": {"heading": "§ {number} {title}", "version": "Fassung {number} vom {date}",
           "page": "Seite {page} von {pages}", "changed": "Geändert", "signatures": "Unterschriften",
           "unsigned": "noch nicht unterzeichnet", "signed": "unterzeichnet von {user} am {date}, SHA-256 {sha}"},
}
TRANSLITERATIONS = {"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ħ": "h", "ı": "i", "ŀ": "l", "→": "->", "←": "<-",
                    "≤": "<=", "≥": ">=", "−": "-", "‑": "-", "\u2009": " ", "\u202f": " ", "\u200b": ""}
PDF_ENCODING = "cp1252"


def text_blocks(text: str) -> list[tuple[str, list[Any]]]:
    """The clause text as blocks: ("paragraph", [lines]), ("list", [items]) or ("table", [[cells], ...])."""
    blocks: list[tuple[str, list[Any]]] = []
    fresh = True
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            fresh = True
            continue
        if stripped.startswith("|"):
            kind, item = "table", [cell.strip() for cell in stripped.strip("|").split("|")]
        elif stripped.startswith("- "):
            kind, item = "list", stripped[2:].strip()
        else:
            kind, item = "paragraph", stripped
        if blocks and not fresh and blocks[-1][0] == kind:
            blocks[-1][1].append(item)
        else:
            blocks.append((kind, [item]))
        fresh = False
    return blocks


def document_title(version: AgreementVersion) -> str:
    agreement = version.agreement
    return DOCUMENT_TITLES[agreement.language][agreement.alliance.kind]


def _version_line(version: AgreementVersion) -> str:
    language = version.agreement.language
    return WORDS[language]["version"].format(number=version.number,
                                             date=day(timezone.localtime(version.created_at).date(), language))


def _heading(language: str, number: int, title: str) -> str:
    return WORDS[language]["heading"].format(number=number, title=title)


# --- HTML -----------------------------------------------------------------------------------------------------

def _html_block(kind: str, items: list[Any]) -> str:
    if kind == "list":
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((item,) for item in items)))
    if kind == "table":
        head = format_html_join("", "<th>{}</th>", ((cell,) for cell in items[0]))
        body = format_html_join("", "<tr>{}</tr>", (
            (format_html_join("", "<td>{}</td>", ((cell,) for cell in row)),) for row in items[1:]))
        return format_html("<table><thead><tr>{}</tr></thead><tbody>{}</tbody></table>", head, body)
    return format_html("<p>{}</p>", format_html_join("<br>", "{}", ((line,) for line in items)))


def _html_signatures(version: AgreementVersion) -> str:
    words = WORDS[version.agreement.language]
    signed = {s.organization_id: s for s in version.signatures.select_related("signed_by")}
    rows = []
    for member in current_members(version.agreement.alliance):
        signature = signed.pop(member.organization_id, None)
        rows.append((member.organization.legal_name, _signature_text(signature, words) if signature
                     else words["unsigned"]))
    rows += [(signature.organization.legal_name, _signature_text(signature, words)) for signature in signed.values()]
    items = format_html_join("", "<li><strong>{}</strong>: {}</li>", rows)
    return format_html('<section class="agreement-signatures"><h2>{}</h2><ul>{}</ul></section>',
                       words["signatures"], items)


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
    parts = [format_html('<header><h1>{}</h1><p class="agreement-version">{}</p></header>',
                         document_title(version), _version_line(version))]
    if version.changed_clause or version.change_note:
        titles = {clause["key"]: clause["title"] for clause in version.clauses}
        changed = ", ".join(titles.get(key, key) for key in version.changed_clause.split(",") if key)
        parts.append(format_html('<p class="agreement-change">{}: {} {}</p>', words["changed"], changed,
                                 version.change_note))
    for number, clause in enumerate(version.clauses, start=1):
        body = format_html_join("", "{}", ((_html_block(kind, items),) for kind, items in text_blocks(clause["text"])))
        parts.append(format_html('<section class="agreement-clause" id="clause-{}"><h2>{}</h2>{}</section>',
                                 clause["key"], _heading(language, number, clause["title"]), body))
    parts.append(_html_signatures(version))
    article = format_html('<article class="agreement" lang="{}">{}</article>', language,
                          format_html_join("\n", "{}", ((part,) for part in parts)))
    if not standalone:
        return str(article)
    return str(format_html('<!DOCTYPE html><html lang="{}"><head><meta charset="utf-8"><title>{}</title>'
                           "<style>body{{font-family:sans-serif;max-width:50em;margin:2em auto;line-height:1.5}}"
                           "table{{border-collapse:collapse}}td,th{{border:1px solid #999;padding:.2em .4em;"
                           "text-align:left;vertical-align:top}}</style></head><body>{}</body></html>",
                           language, document_title(version), article))


# --- PDF ------------------------------------------------------------------------------------------------------

def pdf_text(text: str) -> str:
    """`text` with every character the core fonts cannot show replaced by its closest plain form."""
    out = []
    for char in text:
        try:
            char.encode(PDF_ENCODING)
            out.append(char)
            continue
        except UnicodeEncodeError:
            pass
        if char in TRANSLITERATIONS:
            out.append(TRANSLITERATIONS[char])
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        try:
            base.encode(PDF_ENCODING)
            out.append(base or "?")
        except UnicodeEncodeError:
            out.append("?")
    return "".join(out)


class _AgreementPdf(FPDF):
    def __init__(self, footer: str, page_words: str) -> None:
        super().__init__(format="A4")
        self._footer = footer
        self._page_words = page_words

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", size=8)
        self.set_text_color(100)
        page = self._page_words.format(page=self.page_no(), pages="{nb}")
        self.cell(0, 5, pdf_text(f"{self._footer} · {page}"), align="C")
        self.set_text_color(0)


def _pdf_block(pdf: FPDF, kind: str, items: list[Any]) -> None:
    if kind == "paragraph":
        pdf.multi_cell(0, 5, pdf_text("\n".join(items)), align="J", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    elif kind == "list":
        for item in items:
            pdf.set_x(pdf.l_margin + 3)
            pdf.cell(4, 5, pdf_text("•"))
            pdf.multi_cell(0, 5, pdf_text(item), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    else:
        width = max(len(row) for row in items)
        pdf.set_font("Helvetica", size=8)
        with pdf.table(line_height=4, text_align="LEFT", first_row_as_headings=True) as table:
            for row in items:
                cells = table.row()
                for cell in [*row, *[""] * (width - len(row))]:
                    cells.cell(pdf_text(cell))
        pdf.set_font("Helvetica", size=10)
    pdf.ln(2)


def agreement_render_pdf(*, version: AgreementVersion, compress: bool = True) -> bytes:
    """The version as a PDF; the same version always gives the same bytes. `compress=False` leaves the page
    content readable (for tests and for inspecting the text)."""
    language = version.agreement.language
    title = document_title(version)
    pdf = _AgreementPdf(footer=f"{title} · {_version_line(version)}", page_words=WORDS[language]["page"])
    pdf.core_fonts_encoding = PDF_ENCODING
    pdf.set_compression(compress)
    pdf.set_creation_date(version.created_at)
    pdf.set_producer("ALX")
    pdf.set_creator("ALX")
    pdf.set_title(pdf_text(f"{title}, {_version_line(version)}"))
    pdf.set_lang(language)
    pdf.set_margins(20, 18, 20)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()
    pdf.set_font("Helvetica", style="B", size=16)
    pdf.multi_cell(0, 8, pdf_text(title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", size=10)
    pdf.multi_cell(0, 6, pdf_text(_version_line(version)), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)
    for number, clause in enumerate(version.clauses, start=1):
        if pdf.will_page_break(20):
            pdf.add_page()
        pdf.set_font("Helvetica", style="B", size=11)
        pdf.multi_cell(0, 6, pdf_text(_heading(language, number, clause["title"])), new_x=XPos.LMARGIN,
                       new_y=YPos.NEXT)
        pdf.ln(1)
        pdf.set_font("Helvetica", size=10)
        for kind, items in text_blocks(clause["text"]):
            _pdf_block(pdf, kind, items)
        pdf.ln(2)
    return bytes(pdf.output())
