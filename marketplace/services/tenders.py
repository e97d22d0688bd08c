"""Tenders: drafted with lots and criteria, published in a second step, amended with a reason.

Cancelling a tender or a lot is in cancellation.py, the moves at the deadlines in deadlines.py."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from compliance.classification import parse_classification
from compliance.models import BadgeKind
from core.errors import ApplicationError
from core.formatting import format_datetime, format_money
from core.queueing import enqueue_on_commit
from organizations.audit import audit_record, diff, snapshot
from organizations.cpv import parse_cpv_codes
from organizations.models import Organization, User
from organizations.notifications import notify_organizations
from organizations.services import validate_model

from ..attributes import attributes_checked
from ..integrity.triggers import flags_recompute_later
from ..models import (
    Amendment,
    AwardCriterion,
    AwardMethod,
    Bid,
    BidState,
    CriterionKind,
    Lot,
    Tender,
    TenderState,
)
from ..tasks import match_tender
from .ocds import tender_release_publish
from .shared import ensure_officer_of, tender_link, tender_locked, tender_transition

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


@transaction.atomic
def tender_update(
    *, tender: Tender, by: User, expected_version: int | None = None, reason: str = "", **data: Any
) -> Tender:
    """Edit a draft freely; a published tender changes only through an amendment with a reason, and every
    submitted bid must then be reconfirmed."""
    tender = tender_locked(tender, expected_version)
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
    tender = tender_locked(tender, expected_version)
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
    tender_id = tender.pk
    enqueue_on_commit(match_tender, tender_id)
