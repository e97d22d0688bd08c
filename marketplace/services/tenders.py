"""Tenders: drafted with lots and criteria, published in a second step, amended with a reason, cancelled,
and moved through their states by the deadlines (exactly once, however often beat runs)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from compliance.classification import parse_classification
from compliance.models import BadgeKind
from core.errors import ApplicationError
from core.formatting import format_datetime, format_money
from core.queueing import enqueue_on_commit
from organizations.audit import audit_record, diff, snapshot
from organizations.cpv import parse_cpv_codes
from organizations.lifecycle import transition
from organizations.models import Organization, PlatformRoleKind, User
from organizations.notifications import Body, notify_organizations
from organizations.permissions import is_member
from organizations.services import validate_model

from ..attributes import attributes_checked
from ..integrity.triggers import flags_recompute_later
from ..models import (
    LOT_TRANSITIONS,
    OPEN_FOR_BIDS,
    TENDER_TRANSITIONS,
    Amendment,
    AwardCriterion,
    AwardMethod,
    Bid,
    BidState,
    CriterionKind,
    Lot,
    LotState,
    Tender,
    TenderState,
)
from .ocds import tender_release_publish

TENDER_FIELDS = [
    "title",
    "description",
    "procedure",
    "legal_basis",
    "place_of_performance",
    "performance_country",
    "performance_latitude",
    "performance_longitude",
    "performance_start",
    "performance_end",
    "estimated_value",
    "currency",
    "enquiry_deadline",
    "submission_deadline",
    "opening_at",
    "award_method",
    "required_badges",
    "max_lots_per_supplier",
    "standstill_days",
]
LOT_FIELDS = [
    "title",
    "description",
    "quantity",
    "unit",
    "estimated_value",
    "export_classification",
    "sme_only",
    "partial_offers",
    "required_attributes",
    "preferred_attributes",
]


def tender_transition(
    tender: Tender,
    *,
    to: str,
    by: User | None,
    action: str,
    reason: str = "",
    fields: tuple[str, ...] = (),
    changes: dict | None = None,
) -> Tender:
    """Move a locked tender along TENDER_TRANSITIONS, saving `fields` too, and audit it (409 if not allowed)."""
    return transition(
        tender,
        table=TENDER_TRANSITIONS,
        states=TenderState,
        to=to,
        by=by,
        action=action,
        organization=tender.buyer,
        reason=reason,
        fields=(*fields, "updated_at"),
        changes=changes,
        refusal=_("A tender that is %(state)s cannot become %(to)s."),
    )


def tender_link(tender: Tender) -> str:
    return reverse("marketplace:tender-detail", args=[tender.pk])


def ensure_officer_of(*, user: User, buyer: Organization) -> None:
    if not user.has_platform_role(PlatformRoleKind.PROCUREMENT_OFFICER) or not is_member(user, buyer.pk):
        raise ApplicationError(
            _("Only procurement officers of the buying organization may do this."), code="permission_denied"
        )


DEADLINES = ("enquiry_deadline", "submission_deadline", "opening_at")


def _check_deadlines(tender: Tender, *, now: datetime, fields=DEADLINES) -> None:
    """The deadlines in `fields` must lie ahead (by the server's clock) and all of them in order."""
    errors = {}
    for name in fields:
        value = getattr(tender, name)
        if value is not None and value <= now:
            errors[name] = [_("This moment has passed (it is now %(now)s).") % {"now": format_datetime(now)}]
    if tender.enquiry_deadline and tender.submission_deadline and tender.enquiry_deadline > tender.submission_deadline:
        errors.setdefault("enquiry_deadline", []).append(_("Questions must close before the bids are due."))
    if tender.submission_deadline and tender.opening_at and tender.submission_deadline > tender.opening_at:
        errors.setdefault("opening_at", []).append(_("The opening cannot come before the submission deadline."))
    if errors:
        raise ApplicationError(next(iter(errors.values()))[0], errors=errors, code="invalid_deadlines")


def _check_criteria(criteria: list[dict], *, method: str, field: str) -> None:
    if not criteria:
        if method == AwardMethod.BEST_VALUE:
            message = _("Best value needs weighted criteria (e.g. price 60, quality 40).")
            raise ApplicationError(message, errors={field: [message]})
        return
    total = sum(int(c.get("weight", 0)) for c in criteria)
    if total != 100:
        message = _("The criteria weights add up to %(total)d; they must add up to 100.") % {"total": total}
        raise ApplicationError(message, errors={field: [message]})
    if not any(c.get("kind") == CriterionKind.PRICE for c in criteria):
        message = _("One criterion must be the price.")
        raise ApplicationError(message, errors={field: [message]})
    wrong = [c.get("kind") for c in criteria if c.get("kind") not in CriterionKind.values]
    if wrong:
        raise ApplicationError(_("Unknown criterion kind."), errors={field: [_("Unknown criterion kind.")]})


def _check_amounts(obj, *, prefix: str = "", quantity: bool = False) -> None:
    """Estimated values are not negative; a lot's quantity is more than zero."""
    errors = {}
    if obj.estimated_value is not None and obj.estimated_value < 0:
        errors[f"{prefix}estimated_value"] = [_("Must not be negative.")]
    if quantity and obj.quantity is not None and obj.quantity <= 0:
        errors[f"{prefix}quantity"] = [_("The quantity must be more than zero.")]
    if errors:
        raise ApplicationError(next(iter(errors.values()))[0], errors=errors)


def _check_performance_period(tender: Tender) -> None:
    if tender.performance_start and tender.performance_end and tender.performance_end < tender.performance_start:
        message = _("The performance period ends before it starts.")
        raise ApplicationError(message, errors={"performance_end": [message]})


def _write_lots(tender: Tender, lots: list[dict]) -> None:
    if not lots:
        raise ApplicationError(_("A tender needs at least one lot."), errors={"lots": [_("Add a lot.")]})
    tender.lots.all().delete()
    for number, data in enumerate(lots, start=1):
        field = f"lots.{number - 1}"
        if not data.get("cpv"):
            message = _("Lot %(n)d needs a CPV code.") % {"n": number}
            raise ApplicationError(message, errors={f"{field}.cpv": [message]})
        cpv = parse_cpv_codes([data["cpv"]], field=f"{field}.cpv")[0]
        values = {k: data[k] for k in LOT_FIELDS if k in data}
        values["export_classification"] = parse_classification(
            values.get("export_classification"), field=f"{field}.export_classification"
        ).code
        for name in ("required_attributes", "preferred_attributes"):
            if name in values:
                values[name] = attributes_checked(values[name], field=f"{field}.{name}")
        lot = Lot(tender=tender, number=number, cpv_id=cpv, **values)
        _check_amounts(lot, prefix=f"{field}.", quantity=True)
        validate_model(lot, exclude=["tender"])
        lot.save()
        if data.get("criteria"):
            _check_criteria(data["criteria"], method=tender.award_method, field=f"{field}.criteria")
            AwardCriterion.objects.bulk_create(
                AwardCriterion(tender=tender, lot=lot, name=c["name"], kind=c["kind"], weight=int(c["weight"]))
                for c in data["criteria"]
            )


def _write(tender: Tender, data: dict[str, Any], *, now: datetime) -> None:
    lots = data.pop("lots", None)
    criteria = data.pop("criteria", None)
    main_cpv = data.pop("main_cpv", None)
    unknown = set(data) - set(TENDER_FIELDS)
    if unknown:
        raise ApplicationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    for name, value in data.items():
        setattr(tender, name, value)
    deadlines_set = [name for name in DEADLINES if name in data]
    if main_cpv is not None:
        tender.main_cpv_id = parse_cpv_codes([main_cpv], field="main_cpv")[0]
    wrong = [b for b in tender.required_badges if b not in BadgeKind.values]
    if wrong:
        raise ApplicationError(
            _("Unknown badge: %(b)s.") % {"b": ", ".join(wrong)},
            errors={"required_badges": [_("Unknown badge: %(b)s.") % {"b": ", ".join(wrong)}]},
        )
    _check_deadlines(tender, now=now, fields=DEADLINES if tender.pk is None else deadlines_set)
    _check_performance_period(tender)
    _check_amounts(tender)
    validate_model(tender, exclude=["buyer", "main_cpv"] if tender.main_cpv_id is None else ["buyer"])
    if tender.main_cpv_id is None:
        raise ApplicationError(_("Give the tender's main CPV code."), errors={"main_cpv": [_("Required.")]})
    tender.save()
    if criteria is not None:
        _check_criteria(criteria, method=tender.award_method, field="criteria")
        tender.criteria.filter(lot__isnull=True).delete()
        AwardCriterion.objects.bulk_create(
            AwardCriterion(tender=tender, name=c["name"], kind=c["kind"], weight=int(c["weight"])) for c in criteria
        )
    elif tender.award_method == AwardMethod.BEST_VALUE and not tender.criteria.filter(lot__isnull=True).exists():
        _check_criteria([], method=tender.award_method, field="criteria")
    if lots is not None:
        _write_lots(tender, lots)
    _check_lot_values(tender, on_lots=lots is not None)


def _check_lot_values(tender: Tender, *, on_lots: bool) -> None:
    """The lots' estimated values add up to at most the tender's (as OCDS and Prozorro read them: the lots
    split the tender's value); the message goes to the first lot that tips the sum over."""
    if tender.estimated_value is None:
        return
    total = Decimal(0)
    for index, lot in enumerate(tender.lots.order_by("number")):
        total += lot.estimated_value or 0
        if total > tender.estimated_value:
            message = _(
                "The lots' estimated values (%(total)s so far) exceed the tender's estimated value (%(value)s)."
            ) % {
                "total": format_money(total, tender.currency),
                "value": format_money(tender.estimated_value, tender.currency),
            }
            field = f"lots.{index}.estimated_value" if on_lots else "estimated_value"
            raise ApplicationError(message, errors={field: [message]})


@transaction.atomic
def tender_create(*, buyer: Organization, by: User, **data: Any) -> Tender:
    """Draft a tender with its lots and criteria. Publishing is a separate step, so a retried create never
    posts twice."""
    ensure_officer_of(user=by, buyer=buyer)
    tender = Tender(buyer=buyer, created_by=by)
    if "lots" not in data:
        raise ApplicationError(_("A tender needs at least one lot."), errors={"lots": [_("Add a lot.")]})
    _write(tender, data, now=timezone.now())
    audit_record(
        actor=by,
        action="tender.created",
        target=tender,
        organization=buyer,
        changes=diff({}, snapshot(tender, ["title", "procedure", "submission_deadline"])),
    )
    return tender


def _locked(tender: Tender, expected_version: int | None) -> Tender:
    locked = Tender.objects.select_for_update().get(pk=tender.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ApplicationError(
            _("The tender was changed by someone else (version %(v)d). Reload and try again.") % {"v": locked.version},
            code="precondition_failed",
        )
    return locked


@transaction.atomic
def tender_update(
    *, tender: Tender, by: User, expected_version: int | None = None, reason: str = "", **data: Any
) -> Tender:
    """Edit a draft freely; a published tender changes only through an amendment with a reason, and every
    submitted bid must then be reconfirmed."""
    tender = _locked(tender, expected_version)
    ensure_officer_of(user=by, buyer=tender.buyer)
    if not tender.can_be_amended:
        raise ApplicationError(_("A tender in evaluation or later cannot be changed."), code="invalid_state")
    published = tender.state != TenderState.DRAFT
    if published and not reason.strip():
        message = _("Say why the published tender is amended.")
        raise ApplicationError(message, errors={"reason": [message]})
    if published and ("lots" in data or "criteria" in data):
        message = _("Lots and criteria are fixed once published; cancel a lot or the tender instead.")
        raise ApplicationError(message, errors={"lots": [message]}, code="invalid_state")
    before = snapshot(tender, TENDER_FIELDS)
    _write(tender, data, now=timezone.now())
    Tender.objects.filter(pk=tender.pk).update(version=F("version") + 1)
    tender.refresh_from_db()
    changes = diff(before, snapshot(tender, TENDER_FIELDS))
    audit_record(
        actor=by,
        action="tender.amended" if published else "tender.updated",
        target=tender,
        organization=tender.buyer,
        changes=changes,
    )
    if published:
        _queue_matching(tender)
        Amendment.objects.create(tender=tender, reason=reason.strip(), changes=changes, created_by=by)
        flags_recompute_later(tender_id=tender.pk)  # e.g. a moved deadline changes the submission period
        bids = Bid.objects.filter(tender=tender, state=BidState.SUBMITTED)
        bidders = [bid.bidder for bid in bids.select_related("bidder")]
        bids.update(state=BidState.TO_RECONFIRM)
        notify_organizations(
            organizations=bidders,
            link=tender_link(tender),
            subject=lambda: _("Tender amended: %(t)s — reconfirm your bid") % {"t": tender.title},
            body=reason.strip(),
        )
        tender_release_publish(tender=tender)
    return tender


@transaction.atomic
def tender_publish(*, tender: Tender, by: User, expected_version: int | None = None) -> Tender:
    tender = _locked(tender, expected_version)
    ensure_officer_of(user=by, buyer=tender.buyer)
    if not tender.can_be_published:
        raise ApplicationError(_("The tender is already published."), code="invalid_state")
    _check_deadlines(tender, now=timezone.now())
    if not tender.lots.exists():
        raise ApplicationError(_("A tender needs at least one lot."), errors={"lots": [_("Add a lot.")]})
    tender.published_at = timezone.now()
    tender.version += 1
    tender_transition(
        tender, to=TenderState.PUBLISHED, by=by, action="tender.published", fields=("published_at", "version")
    )
    tender_release_publish(tender=tender)
    _queue_matching(tender)
    return tender


def _queue_matching(tender: Tender) -> None:
    from ..tasks import match_tender

    tender_id = tender.pk
    enqueue_on_commit(match_tender, tender_id)


@transaction.atomic
def tender_cancel(*, tender: Tender, reason: str, by: User) -> Tender:
    tender = _locked(tender, None)
    ensure_officer_of(user=by, buyer=tender.buyer)
    if not reason.strip():
        raise ApplicationError(_("Give the reason for the cancellation."), errors={"reason": [_("Required.")]})
    if not tender.can_be_cancelled:
        raise ApplicationError(_("This tender can no longer be cancelled."), code="invalid_state")
    tender.state_reason = reason.strip()
    tender.version += 1
    tender_transition(
        tender,
        to=TenderState.CANCELLED,
        by=by,
        action="tender.cancelled",
        reason=reason.strip(),
        fields=("state_reason", "version"),
    )
    tender.lots.exclude(state=LotState.AWARDED).update(state=LotState.CANCELLED, state_reason=reason.strip())
    _notify_bidders(tender, lambda: _("Tender cancelled: %(t)s") % {"t": tender.title}, reason.strip())
    tender_release_publish(tender=tender)
    return tender


@transaction.atomic
def lot_cancel(*, lot: Lot, reason: str, by: User) -> Lot:
    lot = Lot.objects.select_for_update().select_related("tender__buyer").get(pk=lot.pk)
    ensure_officer_of(user=by, buyer=lot.tender.buyer)
    if not reason.strip():
        raise ApplicationError(_("Give the reason for the cancellation."), errors={"reason": [_("Required.")]})
    if not lot.is_open:
        raise ApplicationError(_("This lot is no longer active."), code="invalid_state")
    lot.state_reason = reason.strip()
    transition(
        lot,
        table=LOT_TRANSITIONS,
        states=LotState,
        to=LotState.CANCELLED,
        by=by,
        action="lot.cancelled",
        organization=lot.tender.buyer,
        reason=reason.strip(),
        fields=("state_reason", "updated_at"),
        refusal=_("A lot that is %(state)s cannot become %(to)s."),
    )
    Tender.objects.filter(pk=lot.tender_id).update(version=F("version") + 1, updated_at=timezone.now())
    _notify_bidders(
        lot.tender,
        lambda: _("Lot %(n)d of %(t)s cancelled") % {"n": lot.number, "t": lot.tender.title},
        reason.strip(),
        lot=lot,
    )
    from .evaluation import tender_settle

    tender_settle(tender=lot.tender)
    tender_release_publish(tender=lot.tender)
    return lot


def _notify_bidders(tender: Tender, subject: Body, body: Body, lot: Lot | None = None) -> None:
    bids = Bid.objects.filter(tender=tender).exclude(state__in=[BidState.DRAFT, BidState.WITHDRAWN])
    if lot is not None:
        bids = bids.filter(lot_offers__lot=lot)
    notify_organizations(
        organizations=[b.bidder for b in bids.select_related("bidder")],
        subject=subject,
        body=body,
        link=tender_link(tender),
    )


def tenders_advance(*, now: datetime | None = None) -> dict[str, int]:
    """Move tenders whose deadlines passed: published → tendering → evaluation (or unsuccessful without bids).

    Each row is locked and re-checked, so two beat runs at once move each tender exactly once."""
    from .bids import bids_open

    now = now or timezone.now()
    moved = {"tendering": 0, "evaluation": 0, "unsuccessful": 0}
    with transaction.atomic():
        for tender in Tender.objects.select_for_update(skip_locked=True).filter(
            state=TenderState.PUBLISHED, enquiry_deadline__lte=now, submission_deadline__gt=now
        ):
            tender_transition(tender, to=TenderState.TENDERING, by=None, action="tender.questions_closed")
            tender_release_publish(tender=tender)
            moved["tendering"] += 1
    with transaction.atomic():
        for tender in Tender.objects.select_for_update(skip_locked=True).filter(
            state__in=OPEN_FOR_BIDS, submission_deadline__lte=now
        ):
            valid = bids_open(tender=tender, at=tender.submission_deadline)
            tender.version += 1
            tender_transition(
                tender,
                to=TenderState.EVALUATION if valid else TenderState.UNSUCCESSFUL,
                by=None,
                action="tender.bids_opened" if valid else "tender.unsuccessful",
                fields=("version",),
                changes={"valid_bids": [None, valid]},
            )
            if not valid:
                tender.lots.filter(state=LotState.ACTIVE).update(state=LotState.UNSUCCESSFUL)
            tender_release_publish(tender=tender)
            moved[tender.state] += 1
            flags_recompute_later(tender_id=tender.pk)
    return moved
