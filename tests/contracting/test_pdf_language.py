"""The contract's language: fixed when the contract is drawn up (German for a German-speaking buyer unless the
officer chooses), frozen in every revision, so the PDF — and the SHA-256 both sides sign — is the same whoever
downloads it, in whatever language they read ALX."""

import hashlib

import pytest
from django.utils import translation

from contracting import services
from contracting.models import ContractRevision
from contracting.rendering import contract_render_pdf
from tests.contracting.factories import deal

pytestmark = pytest.mark.django_db


def _text(revision) -> str:
    return contract_render_pdf(revision=revision, compress=False).decode("cp1252")


def test_a_german_buyers_contract_is_written_in_german_and_signs_with_one_hash(cpv, compliance_data, client_for):
    d = deal()  # the buyer is in Germany
    contract = d.draft(framework=True, max_quantity="500", skonto_percent="2.5", skonto_days=10)
    assert contract.language == "de"
    revision = contract.revisions.get()
    text = _text(revision)
    for heading in (
        "1. Vertragsparteien",
        "4. Preisblatt",
        "6. Zahlungsbedingungen",
        "Fassung 1",
        "Auftraggeber: Procurement Office",
        "Dies ist ein Rahmenvertrag",
        "Skonto: 2,5 %",
        "Seite 1 von ",
        "Position",
    ):
        assert heading in text, heading
    assert "Price schedule" not in text
    assert "Payment terms" not in text
    # an English-speaking supplier downloads the same bytes as a German officer
    with translation.override("en"):
        english_reader = client_for(d.supplier_admin).get(f"/api/v1/contracting/contracts/{contract.pk}/pdf/")
    with translation.override("de"):
        german_reader = client_for(d.officer).get(
            f"/api/v1/contracting/contracts/{contract.pk}/pdf/", HTTP_ACCEPT_LANGUAGE="de"
        )
    assert english_reader.content == german_reader.content
    digest = hashlib.sha256(english_reader.content).hexdigest()
    assert digest == revision.pdf_sha256
    services.contract_sign(revision=revision, by=d.officer, pdf_sha256=digest)
    services.contract_sign(revision=revision, by=d.supplier_admin, pdf_sha256=digest)
    contract.refresh_from_db()
    assert contract.signed_at is not None
    amendment = services.contract_amend(contract=contract, by=d.officer, reason="Mehr Lagerfläche", value="60000")
    assert "Fassung 2 \\(Änderung: Mehr Lagerfläche\\)" in _text(amendment)  # amendments keep the language


def test_the_officer_may_choose_english_and_a_bad_language_is_refused(cpv, compliance_data, client_for):
    d = deal()
    client = client_for(d.officer)
    refused = client.post(
        "/api/v1/contracting/contracts/",
        {"tender": d.tender.pk, "supplier": d.supplier.pk, "language": "fr"},
        format="json",
    )
    assert refused.status_code == 400
    assert "language" in refused.json()["errors"]
    created = client.post(
        "/api/v1/contracting/contracts/",
        {"tender": d.tender.pk, "supplier": d.supplier.pk, "language": "en"},
        format="json",
    )
    assert created.status_code == 201
    assert created.json()["language"] == "en"
    with translation.override("de"):
        text = _text(ContractRevision.objects.get(contract_id=created.json()["id"]))
    assert "1. Parties" in text
    assert "4. Price schedule" in text
    assert "Vertragsparteien" not in text
