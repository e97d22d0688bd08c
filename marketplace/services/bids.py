"""Bids: drafted, filled per lot, submitted, replaced or withdrawn until the deadline, opened after it."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from core.formatting import format_datetime
from organizations.audit import audit_record
from organizations.lifecycle import transition
from organizations.models import Organization, User
from organizations.notifications import notify_organizations
from organizations.permissions import is_member

from ..bidders import bar_problems
from ..eligibility import eligibility_problems, subcontractor_problems
from ..models import BID_TRANSITIONS, OPEN_FOR_BIDS, Bid, BidLot, BidState, Lot, LotState, Subcontractor, Tender
from .shared import tender_link


def _deadline_passed(tender: Tender) -> ApplicationError:
    now = timezone.now()
    return ApplicationError(
        _(
            "The submission deadline (%(deadline)s) has passed; it is now %(now)s on the server. Bids can no longer "
            "change."
        )
        % {"deadline": format_datetime(tender.submission_deadline), "now": format_datetime(now)},
        code="deadline_passed",
    )


def _ensure_open(tender: Tender) -> None:
    if tender.state not in OPEN_FOR_BIDS or tender.submission_deadline <= timezone.now():
        if tender.submission_deadline <= timezone.now():
            raise _deadline_passed(tender)
        raise ApplicationError(
            _("This tender does not take bids (it is %(state)s).") % {"state": tender.get_state_display()},
            code="invalid_state",
        )


def _ensure_bidder_member(bid: Bid, by: User) -> None:
    if not is_member(by, bid.bidder_id):
        raise ApplicationError(
            _("Only members of the bidding organization may change the bid."), code="permission_denied"
        )


def _locked(bid: Bid, expected_version: int | None = None) -> Bid:
    locked = Bid.objects.select_for_update().select_related("tender__buyer", "bidder").get(pk=bid.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ApplicationError(
            _("The bid was changed meanwhile (version %(v)d). Reload and try again.") % {"v": locked.version},
            code="precondition_failed",
        )
    return locked


@transaction.atomic
def bid_create(*, tender: Tender, bidder: Organization, by: User) -> Bid:
    """Start a private draft bid for an organization the user belongs to."""
    if not is_member(by, bidder.pk):
        raise ApplicationError(
            _("You can only bid for an organization you belong to."),
            errors={"bidder": [_("You are not a member of this organization.")]},
        )
    tender = Tender.objects.select_related("buyer").get(pk=tender.pk)
    _ensure_open(tender)
    if bidder.pk == tender.buyer_id:
        message = _("The buyer's own organization cannot bid on its tender.")
        raise ApplicationError(message, errors={"bidder": [message]}, code="not_eligible")
    problems = eligibility_problems(organization=bidder, tender=tender)
    if problems:
        raise ApplicationError(problems[0], errors={"bidder": problems}, code="not_eligible")
    try:
        with transaction.atomic():
            bid = Bid.objects.create(tender=tender, bidder=bidder, created_by=by)
    except IntegrityError as error:
        raise ApplicationError(
            _("Your organization already has a bid on this tender; change that one."), code="bid_exists"
        ) from error
    audit_record(actor=by, action="bid.created", target=bid, organization=bidder)
    return bid


def _decimal(value, field: str, message: str | None = None) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError) as error:
        raise ApplicationError(_("Not a number."), errors={field: [_("Not a number.")]}) from error
    if number <= 0:
        raise ApplicationError(
            message or _("The price must be more than zero."), errors={field: [_("Must be more than 0.")]}
        )
    return number


@transaction.atomic
def bid_update(
    *,
    bid: Bid,
    by: User,
    offers: list[dict[str, Any]],
    subcontractors: list[dict] | None = None,
    expected_version: int | None = None,
) -> Bid:
    """Replace the bid's lot offers (and subcontractors). A submitted bid goes back to draft until resubmitted."""
    bid = _locked(bid, expected_version)
    _ensure_bidder_member(bid, by)
    _ensure_open(bid.tender)
    if not bid.can_be_changed:
        raise ApplicationError(_("A withdrawn bid cannot be changed; start a new one."), code="invalid_state")
    if not offers:
        raise ApplicationError(_("Offer at least one lot."), errors={"offers": [_("Offer at least one lot.")]})
    lots = {lot.pk: lot for lot in bid.tender.lots.filter(state=LotState.ACTIVE)}
    bid.lot_offers.all().delete()
    offered = []
    for index, offer in enumerate(offers):
        field = f"offers.{index}"
        lot = lots.get(offer.get("lot").pk if isinstance(offer.get("lot"), Lot) else offer.get("lot"))
        if lot is None:
            message = _("This lot is not an active lot of the tender.")
            raise ApplicationError(message, errors={f"{field}.lot": [message]})
        problems = eligibility_problems(organization=bid.bidder, tender=bid.tender, lot=lot)
        if problems:
            raise ApplicationError(problems[0], errors={f"{field}.lot": problems}, code="not_eligible")
        offered.append(lot.number)
        BidLot.objects.create(
            bid=bid,
            lot=lot,
            price=_decimal(offer.get("price"), f"{field}.price"),
            delivery_days=offer.get("delivery_days"),
            criteria_answers=offer.get("criteria_answers") or {},
        )
    if subcontractors is not None:
        bid.subcontractors.all().delete()
        total = Decimal(0)
        for index, sub in enumerate(subcontractors):
            share = _decimal(
                sub.get("share_percent"),
                f"subcontractors.{index}.share_percent",
                _("A subcontractor's share is more than 0 and at most 100 percent."),
            )
            total += share
            named = Organization.objects.filter(pk=sub.get("organization")).first() if sub.get("organization") else None
            problems = bar_problems(named, as_subcontractor=True) if named is not None else []
            if problems:
                raise ApplicationError(
                    problems[0], errors={f"subcontractors.{index}.organization": problems}, code="not_eligible"
                )
            Subcontractor.objects.create(
                bid=bid,
                organization_id=sub.get("organization"),
                name=(sub.get("name") or "").strip(),
                share_percent=share,
            )
        if total >= 100:
            message = _("Subcontractors' shares add up to %(t)s%%; the bidder must keep part of the work.") % {
                "t": total
            }
            raise ApplicationError(message, errors={"subcontractors": [message]})
    bid.version += 1
    return _bid_transition(
        bid, to=BidState.DRAFT, by=by, action="bid.updated", changes={"lots": [None, sorted(offered)]}
    )


@transaction.atomic
def bid_submit(*, bid: Bid, by: User, expected_version: int | None = None) -> Bid:
    """Submit (or resubmit, or reconfirm) the bid before the deadline; eligibility is checked per lot."""
    bid = _locked(bid, expected_version)
    _ensure_bidder_member(bid, by)
    _ensure_open(bid.tender)
    if not bid.can_be_submitted:
        raise ApplicationError(_("This bid is %(state)s.") % {"state": bid.get_state_display()}, code="invalid_state")
    offers = list(bid.lot_offers.select_related("lot"))
    if not offers:
        raise ApplicationError(_("Offer at least one lot before submitting."), code="bid_empty")
    for offer in offers:
        problems = eligibility_problems(organization=bid.bidder, tender=bid.tender, lot=offer.lot)
        if problems:
            raise ApplicationError(problems[0], errors={"offers": problems}, code="not_eligible")
    problems = subcontractor_problems(bid=bid)
    if problems:
        raise ApplicationError(problems[0], errors={"subcontractors": problems}, code="not_eligible")
    bid.submitted_at = timezone.now()
    bid.version += 1
    _bid_transition(bid, to=BidState.SUBMITTED, by=by, action="bid.submitted", fields=("submitted_at",))
    notify_organizations(
        organizations=[bid.bidder],
        link=tender_link(bid.tender),
        subject=lambda: _("Bid submitted: %(t)s") % {"t": bid.tender.title},
        body=lambda: _("Your bid was received at %(at)s.") % {"at": format_datetime(bid.submitted_at)},
    )
    return bid


@transaction.atomic
def bid_withdraw(*, bid: Bid, by: User) -> Bid:
    bid = _locked(bid)
    _ensure_bidder_member(bid, by)
    _ensure_open(bid.tender)
    if not bid.can_be_withdrawn:
        raise ApplicationError(_("The bid is already withdrawn."), code="invalid_state")
    bid.version += 1
    return _bid_transition(bid, to=BidState.WITHDRAWN, by=by, action="bid.withdrawn")


def _bid_transition(
    bid: Bid, *, to: str, by: User | None, action: str, fields: tuple[str, ...] = (), changes: dict | None = None
) -> Bid:
    """Move a locked bid along BID_TRANSITIONS (saving its version and `fields`) and audit it for its bidder."""
    return transition(
        bid,
        table=BID_TRANSITIONS,
        states=BidState,
        to=to,
        by=by,
        action=action,
        organization=bid.bidder,
        fields=(*fields, "version", "updated_at"),
        changes=changes,
        refusal=_("A bid that is %(state)s cannot become %(to)s."),
    )


def _opening_problems(*, bid: Bid, tender: Tender, at: datetime) -> list[str]:
    """Why `bid` is not valid at the opening, in the active language; empty when it is."""
    problems = (
        [] if bid.state == BidState.SUBMITTED else [_("The bid was not reconfirmed after the tender was amended.")]
    )
    for offer in bid.lot_offers.select_related("lot"):
        problems += eligibility_problems(organization=bid.bidder, tender=tender, lot=offer.lot, at=at)
    problems += subcontractor_problems(bid=bid)
    return list(dict.fromkeys(problems))  # a ban checked per lot is said once


def _in_every_language(render) -> dict[str, str]:
    """`render()` once per platform language: a bidder's members each read the reason in their own."""
    texts = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts[code] = render()
    return texts


def bids_open(*, tender: Tender, at: datetime) -> int:
    """At the deadline: exclude bids not reconfirmed or no longer eligible; return how many remain valid.
    Runs inside the caller's transaction with the tender row locked."""
    valid = 0
    for bid in Bid.objects.filter(tender=tender, state__in=[BidState.SUBMITTED, BidState.TO_RECONFIRM]).select_related(
        "bidder"
    ):
        if not _opening_problems(bid=bid, tender=tender, at=at):
            valid += 1
            continue
        reasons = _in_every_language(lambda bid=bid: " ".join(_opening_problems(bid=bid, tender=tender, at=at)))
        reason = reasons[settings.LANGUAGE_CODE]
        Bid.objects.filter(pk=bid.pk).update(
            state=BidState.EXCLUDED, exclusion_reason=reason, exclusion_reasons=reasons, version=F("version") + 1
        )
        audit_record(
            actor=None,
            action="bid.excluded",
            target=bid,
            organization=bid.bidder,
            changes={"state": [bid.state, BidState.EXCLUDED], "reason": [None, reasons]},
        )
        notify_organizations(
            organizations=[bid.bidder],
            link=tender_link(tender),
            subject=lambda: _("Your bid on %(t)s was excluded") % {"t": tender.title},
            body=lambda reasons=reasons, reason=reason: reasons.get(translation.get_language() or "", reason),
        )
    return valid
