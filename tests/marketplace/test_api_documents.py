"""Tender documents are public with the tender; bid documents are sealed with the bid; limits are clear."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from marketplace.services import documents
from tests.marketplace.factories import (
    buyer_with_officer,
    pass_deadline,
    published_tender,
    sme_with_member,
    submitted_bid,
)
from tests.organizations.factories import OrganizationFactory, member_of

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _read(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def setup(settings, tmp_path, compliance_data):
    settings.MEDIA_ROOT = tmp_path
    buyer, officer = buyer_with_officer()
    tender = published_tender(buyer, officer)
    sme, member = sme_with_member()
    bid = submitted_bid(tender, sme, member)
    return tender, officer, bid, member


def test_tender_document_needs_a_reason_after_publication_and_is_public(setup):
    tender, officer, _bid, _member = setup
    url = f"/api/v1/marketplace/tenders/{tender.pk}/documents/"
    no_reason = api(officer).post(url, {"file": SimpleUploadedFile("spec.pdf", b"%PDF spec")}, format="multipart")
    assert no_reason.status_code == 400
    assert "reason" in no_reason.json()["errors"]
    added = api(officer).post(
        url, {"file": SimpleUploadedFile("spec.pdf", b"%PDF spec"), "reason": "Spec added"}, format="multipart"
    )
    assert added.status_code == 201
    outsider = api(member_of(OrganizationFactory()))
    download = outsider.get(added.json()["download_url"])
    assert download.status_code == 200
    assert _read(download) == b"%PDF spec"
    assert tender.amendments.filter(reason="Spec added").exists()


def test_bid_documents_stay_sealed_until_the_deadline(setup):
    tender, officer, bid, member = setup
    added = api(member).post(
        f"/api/v1/marketplace/bids/{bid.pk}/documents/",
        {"file": SimpleUploadedFile("offer.pdf", b"%PDF offer")},
        format="multipart",
    )
    assert added.status_code == 201
    bid.refresh_from_db()
    assert bid.state == "draft"  # changed content must be submitted again
    assert api(officer).get(added.json()["download_url"]).status_code == 404
    api(member).post(f"/api/v1/marketplace/bids/{bid.pk}/submit/")
    pass_deadline(tender)
    download = api(officer).get(added.json()["download_url"])
    assert download.status_code == 200
    assert _read(download) == b"%PDF offer"


def test_oversized_and_disallowed_documents_are_refused(setup, monkeypatch):
    _tender, _officer, bid, member = setup
    monkeypatch.setattr(documents, "DOCUMENT_MAX_BYTES", 10)
    big = api(member).post(
        f"/api/v1/marketplace/bids/{bid.pk}/documents/",
        {"file": SimpleUploadedFile("offer.pdf", b"x" * 11)},
        format="multipart",
    )
    assert big.status_code == 413
    assert big.json()["type"] == "file_too_large"
    exe = api(member).post(
        f"/api/v1/marketplace/bids/{bid.pk}/documents/",
        {"file": SimpleUploadedFile("offer.exe", b"MZ")},
        format="multipart",
    )
    assert exe.status_code == 400
    assert exe.json()["errors"]["file"]
    assert not bid.documents.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("offer.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"),  # a Windows program renamed
        ("offer.pdf", b"<!doctype html><html><body><script>alert(1)</script></body></html>"),
        ("scan.png", b"%PDF-1.4 not a picture"),
        ("notes.txt", b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 32),
    ],
)
def test_a_file_whose_content_does_not_match_its_extension_is_refused(setup, name, content):
    _tender, _officer, bid, member = setup
    response = api(member).post(
        f"/api/v1/marketplace/bids/{bid.pk}/documents/", {"file": SimpleUploadedFile(name, content)}, format="multipart"
    )
    assert response.status_code == 400
    assert response.json()["type"] == "file_content_mismatch"
    assert "does not match" in response.json()["errors"]["file"][0]
    assert not bid.documents.exists()


def test_a_real_pdf_and_plain_text_are_accepted(setup):
    _tender, _officer, bid, member = setup
    for name, content in [("offer.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"), ("notes.txt", "Grüße\n".encode())]:
        response = api(member).post(
            f"/api/v1/marketplace/bids/{bid.pk}/documents/",
            {"file": SimpleUploadedFile(name, content)},
            format="multipart",
        )
        assert response.status_code == 201, response.content


def test_a_nul_character_in_a_multipart_text_field_is_a_field_error(setup):
    tender, officer, _bid, _member = setup
    response = api(officer).post(
        f"/api/v1/marketplace/tenders/{tender.pk}/documents/",
        {"file": SimpleUploadedFile("spec.pdf", b"%PDF spec"), "reason": "Spec\x00"},
        format="multipart",
    )
    assert response.status_code == 400
    assert "reason" in response.json()["errors"]
