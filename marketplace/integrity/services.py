"""Writes of the integrity layer: the explanation procedure for abnormally low tenders (request with a
deadline, the bidder's answer with documents, the officer's decision with reasons) and the buyer's settings.

Each runs in one transaction with the case row locked, moves the case only along `ALT_TRANSITIONS`
(`transition`), audits, notifies the other side, and queues the flags' recompute when a decision changes
which offers are valid."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ApplicationError, refuse
from core.files import check_upload, sha256_of
from core.formatting import format_datetime
from organizations.audit import audit_record
from organizations.models import Organization, User
from organizations.notifications import notify_organizations
from organizations.permissions import is_member

from ..models import BIDS_OPENED_STATES, Lot, TenderState
from ..services.shared import tender_link
from .access import ensure_officer
from .models import ALT_TRANSITIONS, AltCase, AltDocument, AltRule, AltState, BuyerIntegritySettings, FixedPriceLot
from .triggers import flags_recompute_later

DOCUMENT_MAX_BYTES = 25 * 1024 * 1024


def _locked(case: AltCase) -> AltCase:
    return (
        AltCase.objects.select_for_update().select_related("tender__buyer", "lot", "offer__bid__bidder").get(pk=case.pk)
    )


def transition(
    case: AltCase, *, to: str, by: User | None, action: str, fields: tuple[str, ...] = (), changes: dict | None = None
) -> AltCase:
    """Move a (locked) case to `to` if the table allows it, save the state and `fields`, and audit it."""
    before = case.state
    if to not in ALT_TRANSITIONS[before]:
        raise ApplicationError(
            _("This case is %(state)s; it cannot become %(to)s.")
            % {"state": AltState(before).label.lower(), "to": AltState(to).label.lower()},
            code="invalid_state",
        )
    case.state = to
    case.full_clean(exclude=["offer", "lot", "tender"])
    case.save(update_fields=["state", "updated_at", *fields])
    audit_record(
        actor=by,
        action=f"alt_case.{action}",
        target=case,
        organization=case.tender.buyer,
        changes={"state": [before, to], **(changes or {})},
    )
    return case


def _ensure_evaluating(case: AltCase) -> None:
    if case.tender.state != TenderState.EVALUATION:
        raise refuse(_("Abnormally low tenders are handled during the evaluation."), code="invalid_state")


@transaction.atomic
def alt_request_send(*, case: AltCase, text: str, respond_by: datetime, by: User) -> AltCase:
    """Ask the bidder to explain the price or costs (Art. 69(1)); the answer is due by `respond_by`."""
    case = _locked(case)
    ensure_officer(by, case.tender.buyer_id)
    _ensure_evaluating(case)
    text = (text or "").strip()
    if not text:
        raise refuse(
            _("Say what the bidder should explain (e.g. the cost of labour, the technical solution)."), field="text"
        )
    if respond_by is None or respond_by <= timezone.now():
        raise refuse(_("The answer deadline must lie in the future."), field="respond_by")
    case.request_text, case.respond_by, case.requested_at = text, respond_by, timezone.now()
    transition(
        case,
        to=AltState.REQUESTED,
        by=by,
        action="requested",
        fields=("request_text", "respond_by", "requested_at"),
        changes={"respond_by": [None, respond_by.isoformat()]},
    )
    notify_organizations(
        organizations=[case.offer.bid.bidder],
        link=f"/marketplace/integrity/alt/{case.pk}/",
        subject=lambda: _("Explain your price: lot %(n)d of %(t)s") % {"n": case.lot.number, "t": case.tender.title},
        body=lambda: _("The buyer asks you to explain your offer by %(date)s.") % {"date": format_datetime(respond_by)},
    )
    return case


@transaction.atomic
def alt_answer(*, case: AltCase, text: str, by: User, uploads: Iterable[UploadedFile] = ()) -> AltCase:
    """The bidder's explanation, with documents kept private like the bid's own; due by the deadline."""
    case = _locked(case)
    if not is_member(by, case.offer.bid.bidder_id):
        raise ApplicationError(_("Only the bidder may answer."), code="permission_denied")
    if case.state != AltState.REQUESTED:
        raise refuse(_("No explanation is requested from you."), code="invalid_state")
    if case.respond_by and case.respond_by < timezone.now():
        raise refuse(
            _("The deadline for the explanation (%(date)s) has passed.")
            % {"date": case.respond_by.isoformat(timespec="minutes")},
            code="deadline_passed",
        )
    text = (text or "").strip()
    if not text:
        raise refuse(_("Write the explanation."), field="text")
    names = []
    for upload in uploads:
        name, content_type = check_upload(upload, max_bytes=DOCUMENT_MAX_BYTES)
        digest = sha256_of(upload)
        document = AltDocument(
            case=case, original_name=name, content_type=content_type, size=upload.size, sha256=digest
        )
        document.file.save(f"{digest[:16]}-{name}", upload, save=False)
        document.save()
        names.append(name)
    case.answer_text, case.answered_at = text, timezone.now()
    transition(
        case,
        to=AltState.ANSWERED,
        by=by,
        action="answered",
        fields=("answer_text", "answered_at"),
        changes={"documents": [None, names]},
    )
    notify_organizations(
        organizations=[case.tender.buyer],
        link=f"/marketplace/integrity/alt/{case.pk}/",
        subject=lambda: _("Explanation received: lot %(n)d of %(t)s") % {"n": case.lot.number, "t": case.tender.title},
    )
    return case


@transaction.atomic
def alt_decide(*, case: AltCase, accept: bool, reason: str, by: User) -> AltCase:
    """Accept the offer, or reject it as abnormally low (only after the bidder was asked, and once it answered
    or its deadline passed: Art. 69(3)). The reasons are recorded and the bidder is told."""
    case = _locked(case)
    ensure_officer(by, case.tender.buyer_id)
    _ensure_evaluating(case)
    reason = (reason or "").strip()
    if not reason:
        raise refuse(_("Give the reasons for the decision; they are recorded."), field="reason")
    if not accept and case.state == AltState.FLAGGED:
        raise refuse(
            _("An offer may not be rejected as abnormally low before the bidder was asked to explain."),
            code="explanation_required",
        )
    if not accept and case.state == AltState.REQUESTED and case.respond_by > timezone.now():
        raise refuse(
            _("Wait for the bidder's answer or its deadline (%(date)s) before rejecting.")
            % {"date": case.respond_by.isoformat(timespec="minutes")},
            code="explanation_pending",
        )
    case.decision_reason, case.decided_at, case.decided_by = reason, timezone.now(), by
    target = AltState.ACCEPTED if accept else AltState.REJECTED
    transition(
        case,
        to=target,
        by=by,
        action=target,
        fields=("decision_reason", "decided_at", "decided_by"),
        changes={"reason": [None, reason]},
    )
    notify_organizations(
        organizations=[case.offer.bid.bidder],
        link=tender_link(case.tender),
        subject=lambda: (
            (
                _("Your explanation was accepted: lot %(n)d of %(t)s")
                if accept
                else _("Your offer was rejected as abnormally low: lot %(n)d of %(t)s")
            )
            % {"n": case.lot.number, "t": case.tender.title}
        ),
        body=reason,
    )
    flags_recompute_later(tender_id=case.tender_id)
    return case


@transaction.atomic
def integrity_settings_set(
    *,
    buyer: Organization,
    by: User,
    rule: str = AltRule.MEAN_OR_ESTIMATE,
    threshold_percent: Decimal = Decimal(20),
    min_bids: int = 3,
) -> BuyerIntegritySettings:
    """The buyer's abnormally-low-tender rule; applies to flags computed from now on."""
    ensure_officer(by, buyer.pk)
    settings_row, _created = BuyerIntegritySettings.objects.get_or_create(buyer=buyer)
    before = [settings_row.alt_rule, str(settings_row.alt_threshold_percent), settings_row.alt_min_bids]
    settings_row.alt_rule, settings_row.alt_threshold_percent, settings_row.alt_min_bids = (
        rule,
        Decimal(threshold_percent),
        int(min_bids),
    )
    settings_row.full_clean(exclude=["buyer"])
    settings_row.save()
    audit_record(
        actor=by,
        action="integrity.settings_changed",
        target=settings_row,
        organization=buyer,
        changes={"alt": [before, [rule, str(threshold_percent), int(min_bids)]]},
    )
    return settings_row


@transaction.atomic
def lot_fixed_price_set(*, lot: Lot, fixed: bool, by: User, reason: str = "") -> FixedPriceLot | None:
    """Declare (or withdraw) that the buyer set the lot's price in advance: the price-comparing flags do not apply
    to it (Cardinal's exclusion "prices predetermined by the buyer"). Only before the bids are opened: declared
    afterwards it would hide flags already raised."""
    lot = Lot.objects.select_for_update(of=("self",)).select_related("tender").get(pk=lot.pk)
    ensure_officer(by, lot.tender.buyer_id)
    if lot.tender.state in BIDS_OPENED_STATES or lot.tender.submission_deadline <= timezone.now():
        raise refuse(
            _("A fixed price is declared before the bids are opened; it cannot change afterwards."),
            code="invalid_state",
        )
    current = FixedPriceLot.objects.filter(lot=lot).first()
    reason = (reason or "").strip()
    if fixed:
        if not reason:
            raise refuse(_("Say how the price was set (e.g. a regulated tariff)."), field="reason")
        row = current or FixedPriceLot(lot=lot)
        before = current.reason if current else None
        row.reason = reason
        row.save()
    else:
        row, before = None, current.reason if current else None
        if current:
            current.delete()
    audit_record(
        actor=by,
        action="integrity.lot_fixed_price",
        target=lot.tender,
        organization=lot.tender.buyer,
        changes={f"lot {lot.number} fixed price": [before, reason if fixed else None]},
    )
    return row
