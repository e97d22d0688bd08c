"""Documents of tenders (public with the tender) and of bids (sealed with the bid)."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from core.files import check_upload, sha256_of
from organizations.audit import audit_record
from organizations.models import User

from ..models import Amendment, Bid, BidDocument, BidState, Tender, TenderDocument, TenderState
from .bids import _ensure_bidder_member, _ensure_open, _locked
from .shared import ensure_officer_of

DOCUMENT_MAX_BYTES = 25 * 1024 * 1024


@transaction.atomic
def tender_document_add(*, tender: Tender, upload: UploadedFile, by: User, reason: str = "") -> TenderDocument:
    """Attach a document; after publication this is an amendment and needs a reason."""
    tender = Tender.objects.select_for_update().select_related("buyer").get(pk=tender.pk)
    ensure_officer_of(user=by, buyer=tender.buyer)
    if not tender.can_be_amended:
        raise ApplicationError(_("Documents can be added only until the submission deadline."), code="invalid_state")
    if tender.state != TenderState.DRAFT and not reason.strip():
        message = _("Say why the document is added to the published tender.")
        raise ApplicationError(message, errors={"reason": [message]})
    name, content_type = check_upload(upload, max_bytes=DOCUMENT_MAX_BYTES)
    digest = sha256_of(upload)
    document = TenderDocument(
        tender=tender, original_name=name, content_type=content_type, size=upload.size, sha256=digest, uploaded_by=by
    )
    document.file.save(f"{digest[:16]}-{name}", upload, save=False)
    document.save()
    if tender.state != TenderState.DRAFT:
        Amendment.objects.create(
            tender=tender, reason=reason.strip(), created_by=by, changes={"documents": [None, name]}
        )
    tender.version += 1
    tender.save(update_fields=["version", "updated_at"])
    audit_record(
        actor=by,
        action="tender.document_added",
        target=tender,
        organization=tender.buyer,
        changes={"document": [None, name], "sha256": [None, digest]},
    )
    return document


@transaction.atomic
def bid_document_add(*, bid: Bid, upload: UploadedFile, by: User) -> BidDocument:
    """Attach a document to a bid before the deadline; a submitted bid must then be submitted again."""
    bid = _locked(bid)
    _ensure_bidder_member(bid, by)
    _ensure_open(bid.tender)
    if bid.state == BidState.WITHDRAWN:
        raise ApplicationError(_("A withdrawn bid cannot be changed."), code="invalid_state")
    name, content_type = check_upload(upload, max_bytes=DOCUMENT_MAX_BYTES)
    digest = sha256_of(upload)
    document = BidDocument(bid=bid, original_name=name, content_type=content_type, size=upload.size, sha256=digest)
    document.file.save(f"{digest[:16]}-{name}", upload, save=False)
    document.save()
    before = bid.state
    bid.state = BidState.DRAFT
    bid.version += 1
    bid.save(update_fields=["state", "version", "updated_at"])
    audit_record(
        actor=by,
        action="bid.document_added",
        target=bid,
        organization=bid.bidder,
        changes={"document": [None, name], "state": [before, bid.state]},
    )
    return document
