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
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["errors"]
    added = api(officer).post(url, {"file": SimpleUploadedFile("spec.pdf", b"%PDF spec"), "reason": "Spec added"},
                              format="multipart")
    assert added.status_code == 201
    outsider = api(member_of(OrganizationFactory()))
    download = outsider.get(added.json()["download_url"])
    assert download.status_code == 200 and _read(download) == b"%PDF spec"
    assert tender.amendments.filter(reason="Spec added").exists()


def test_bid_documents_stay_sealed_until_the_deadline(setup):
    tender, officer, bid, member = setup
    added = api(member).post(f"/api/v1/marketplace/bids/{bid.pk}/documents/",
                             {"file": SimpleUploadedFile("offer.pdf", b"%PDF offer")}, format="multipart")
    assert added.status_code == 201
    bid.refresh_from_db()
    assert bid.state == "draft"  # changed content must be submitted again
    assert api(officer).get(added.json()["download_url"]).status_code == 404
    api(member).post(f"/api/v1/marketplace/bids/{bid.pk}/submit/")
    pass_deadline(tender)
    download = api(officer).get(added.json()["download_url"])
    assert download.status_code == 200 and _read(download) == b"%PDF offer"


def test_oversized_and_disallowed_documents_are_refused(setup, monkeypatch):
    _tender, _officer, bid, member = setup
    monkeypatch.setattr(documents, "DOCUMENT_MAX_BYTES", 10)
    big = api(member).post(f"/api/v1/marketplace/bids/{bid.pk}/documents/",
                           {"file": SimpleUploadedFile("offer.pdf", b"x" * 11)}, format="multipart")
    assert big.status_code == 413 and big.json()["type"] == "file_too_large"
    exe = api(member).post(f"/api/v1/marketplace/bids/{bid.pk}/documents/",
                           {"file": SimpleUploadedFile("offer.exe", b"MZ")}, format="multipart")
    assert exe.status_code == 400 and exe.json()["errors"]["file"]
    assert not bid.documents.exists()
