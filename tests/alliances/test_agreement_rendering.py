"""An agreement rendered to HTML and PDF: stable, escaped, in English and German."""

from __future__ import annotations

import hashlib

import pytest

from alliances.agreements import (
    agreement_render_html,
    agreement_render_pdf,
    agreement_sign,
    clause_propose,
)
from alliances.agreements.rendering import pdf_text, text_blocks
from tests.alliances.agreement_team import (
    CONFIDENTIALITY_V2,
    SETTINGS_DE,
    first_version,
    form_alliance,
)

pytestmark = pytest.mark.django_db


def test_the_pdf_is_stable_and_carries_the_text(clauses):
    team = form_alliance()
    v1 = first_version(team)
    pdf = agreement_render_pdf(version=v1)
    assert pdf.startswith(b"%PDF")
    assert hashlib.sha256(pdf).hexdigest() == hashlib.sha256(agreement_render_pdf(version=v1)).hexdigest()
    readable = agreement_render_pdf(version=v1, compress=False)
    assert b"Baltic Shield Consortium" in readable
    assert b"Consortium agreement" in readable
    v2 = clause_propose(
        alliance=team.alliance, clause_key="confidentiality", text=CONFIDENTIALITY_V2, by=team.partner_admin, note=""
    )
    assert v2.pdf_sha256 != v1.pdf_sha256


def test_german_pdf_renders_umlauts_and_the_euro_sign(clauses):
    team = form_alliance(name="Küstenschutz-Konsortium Süd")
    v1 = first_version(team, language="de", settings=SETTINGS_DE)
    readable = agreement_render_pdf(version=v1, compress=False)
    assert readable.startswith(b"%PDF")
    assert "Küstenschutz-Konsortium Süd".encode("cp1252") in readable
    assert b"250.000,00" in readable
    assert "€".encode("cp1252") in readable
    assert pdf_text("Łódź Optics – 5 € ≤ 6") == "Lódz Optics – 5 € <= 6"


def test_html_escapes_the_data_and_shows_tables_lists_and_signatures(clauses):
    team = form_alliance(purpose="R&D on <b>radars</b>")
    v1 = first_version(team)
    agreement_sign(version=v1, organization=team.partner, by=team.partner_admin)
    html = agreement_render_html(version=v1)
    assert html.startswith('<article class="agreement" lang="en">')
    assert "R&amp;D on &lt;b&gt;radars&lt;/b&gt;" in html
    assert "<b>radars" not in html
    assert "<h2>1. Parties and roles</h2>" in html
    assert "<th>Work share</th>" in html
    assert "<li>" in html
    assert "not signed yet" in html
    assert v1.pdf_sha256 in html
    assert agreement_render_html(version=v1, standalone=True).startswith("<!DOCTYPE html>")


def test_clause_text_blocks():
    blocks = text_blocks("(1) One\nstill one\n\n- a\n- b\n\n| H1 | H2 |\n| x | y |")
    assert blocks == [
        ("paragraph", ["(1) One", "still one"]),
        ("list", ["a", "b"]),
        ("table", [["H1", "H2"], ["x", "y"]]),
    ]
