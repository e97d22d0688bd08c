"""Deterministic PDF documents that people sign: core-font text, blocks of paragraphs, lists and tables.

Shared by the alliance agreements and the contracts: both are signed by recording the SHA-256 of the rendered
PDF, so the same frozen content must always give the same bytes (creation date and producer are fixed).

Fonts: no Unicode TrueType font ships with the packages ALX depends on, so the PDF uses the core font Helvetica
with Windows-1252 encoding. That covers German (ä ö ü ß), the euro sign, typographic quotes and dashes; any
other character is transliterated to its base letter (č → c, ł → l) or, failing that, to "?".
"""

from __future__ import annotations

import hashlib
import unicodedata
from datetime import datetime
from typing import Any

from fpdf import FPDF
from fpdf.enums import XPos, YPos

TRANSLITERATIONS = {
    "ł": "l",
    "Ł": "L",
    "đ": "d",
    "Đ": "D",
    "ħ": "h",
    "ı": "i",
    "ŀ": "l",
    "→": "->",
    "←": "<-",
    "≤": "<=",
    "≥": ">=",
    "−": "-",
    "‑": "-",
    "\u2009": " ",
    "\u202f": " ",
    "\u200b": "",
}
PDF_ENCODING = "cp1252"


def text_blocks(text: str) -> list[tuple[str, list[Any]]]:
    """The text as blocks: ("paragraph", [lines]), ("list", [items]) or ("table", [[cells], ...]).

    Paragraphs are separated by blank lines, list items start with "- ", table rows with "|" (the first row is
    the header)."""
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


class SignedDocumentPdf(FPDF):
    """An A4 document with a footer line ("<footer> · page n of m") on every page."""

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


def pdf_block(pdf: FPDF, kind: str, items: list[Any]) -> None:
    """Write one block from `text_blocks` at the current position."""
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


def signed_document_start(
    *,
    title: str,
    subtitle: str,
    footer: str,
    page_words: str,
    created_at: datetime,
    language: str,
    compress: bool = True,
) -> SignedDocumentPdf:
    """A new document with its fixed metadata (so its bytes depend only on the content) and its title block."""
    pdf = SignedDocumentPdf(footer=footer, page_words=page_words)
    pdf.core_fonts_encoding = PDF_ENCODING
    pdf.set_compression(compress)
    pdf.set_creation_date(created_at)
    pdf.set_producer("ALX")
    pdf.set_creator("ALX")
    pdf.set_title(pdf_text(f"{title}, {subtitle}"))
    pdf.set_lang(language)
    pdf.set_margins(20, 18, 20)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()
    pdf.set_font("Helvetica", style="B", size=16)
    pdf.multi_cell(0, 8, pdf_text(title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", size=10)
    pdf.multi_cell(0, 6, pdf_text(subtitle), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)
    return pdf


def pdf_section(pdf: FPDF, heading: str, text: str) -> None:
    """A numbered heading and its text blocks, starting a new page when the heading would be orphaned."""
    if pdf.will_page_break(20):
        pdf.add_page()
    pdf.set_font("Helvetica", style="B", size=11)
    pdf.multi_cell(0, 6, pdf_text(heading), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)
    pdf.set_font("Helvetica", size=10)
    for kind, items in text_blocks(text):
        pdf_block(pdf, kind, items)
    pdf.ln(2)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
