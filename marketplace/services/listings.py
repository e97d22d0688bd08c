"""Capacity listings: create, edit, publish, pause, expire at the end of their window."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from compliance.classification import parse_classification
from compliance.models import BadgeKind
from core.errors import ApplicationError
from core.queueing import enqueue_on_commit
from organizations.audit import audit_record, diff, snapshot
from organizations.cpv import parse_cpv_codes
from organizations.models import Organization, User
from organizations.services import validate_model

from ..attributes import attributes_checked
from ..listing_index import listings_reindex
from ..models import CapacityListing, ListingCpvCode, ListingState, ListingVisibility
from ..tasks import match_listing

LISTING_FIELDS = [
    "kind",
    "title",
    "description",
    "address",
    "country",
    "latitude",
    "longitude",
    "service_area",
    "available_from",
    "available_until",
    "quantity",
    "unit",
    "price_indication",
    "export_classification",
    "visibility",
    "visible_to_badges",
    "attributes",
]


def _apply(listing: CapacityListing, data: dict[str, Any]) -> tuple[list[str] | None, list[int] | None]:
    codes = data.pop("cpv_codes", None)
    partners = data.pop("visible_to_partners", None)
    unknown = set(data) - set(LISTING_FIELDS)
    if unknown:
        raise ApplicationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    if "export_classification" in data:
        data["export_classification"] = parse_classification(data["export_classification"]).code
    if "service_area" in data:
        area = sorted({str(c).upper() for c in data["service_area"] or []})
        wrong = [c for c in area if c not in dict(countries)]
        if wrong:
            message = _("Unknown country code: %(codes)s.") % {"codes": ", ".join(wrong)}
            raise ApplicationError(message, errors={"service_area": [message]})
        data["service_area"] = area
    if "visible_to_badges" in data:
        wrong = [b for b in data["visible_to_badges"] or [] if b not in BadgeKind.values]
        if wrong:
            message = _("Unknown badge: %(b)s.") % {"b": ", ".join(wrong)}
            raise ApplicationError(message, errors={"visible_to_badges": [message]})
    if "attributes" in data:
        data["attributes"] = attributes_checked(data["attributes"], field="attributes")
    _check_dates(data)
    for name, value in data.items():
        setattr(listing, name, value)
    if codes is not None:
        codes = parse_cpv_codes(codes, field="cpv_codes")
    if partners is not None:
        partners = [p.pk if isinstance(p, Organization) else int(p) for p in partners]
        if len(set(partners)) != Organization.objects.filter(pk__in=partners).count():
            message = _("One of the named partners does not exist.")
            raise ApplicationError(message, errors={"visible_to_partners": [message]})
    return codes, partners


# Availability is about now and the coming years: a date far outside is a typo (a century ago, year 20250).
AVAILABILITY_PAST_DAYS = 366
AVAILABILITY_FUTURE_YEARS = 10


def _check_dates(data: dict[str, Any]) -> None:
    today = timezone.localdate()
    earliest = today - timedelta(days=AVAILABILITY_PAST_DAYS)
    latest = date(today.year + AVAILABILITY_FUTURE_YEARS, 12, 31)
    errors = {}
    for name in ("available_from", "available_until"):
        value = data.get(name)
        if value is not None and not earliest <= value <= latest:
            errors[name] = [
                _("Give a date between %(earliest)s and %(latest)s.")
                % {"earliest": earliest.isoformat(), "latest": latest.isoformat()}
            ]
    if errors:
        raise ApplicationError(next(iter(errors.values()))[0], errors=errors)


def _check_visibility(listing: CapacityListing, partners_named: bool) -> None:
    if listing.visibility == ListingVisibility.BADGE_HOLDERS and not listing.visible_to_badges:
        message = _("Choose the badges a viewer must hold.")
        raise ApplicationError(message, errors={"visible_to_badges": [message]})
    if listing.visibility == ListingVisibility.PARTNERS and not partners_named:
        message = _("Name at least one partner who may see the listing.")
        raise ApplicationError(message, errors={"visible_to_partners": [message]})


def _save(listing: CapacityListing, codes, partners) -> None:
    has_partners = (
        bool(partners) if partners is not None else (listing.pk is not None and listing.visible_to_partners.exists())
    )
    _check_visibility(listing, has_partners)
    validate_model(listing)
    listing.save()
    if codes is not None:
        if not codes:
            raise ApplicationError(_("Give at least one CPV code."), errors={"cpv_codes": [_("Required.")]})
        ListingCpvCode.objects.filter(listing=listing).exclude(code_id__in=codes).delete()
        ListingCpvCode.objects.bulk_create(
            [ListingCpvCode(listing=listing, code_id=c) for c in codes], ignore_conflicts=True
        )
    if partners is not None:
        listing.visible_to_partners.set(partners)
    listings_reindex(CapacityListing.objects.filter(pk=listing.pk))


@transaction.atomic
def listing_create(*, provider: Organization, by: User, **data: Any) -> CapacityListing:
    """A new listing starts as a draft; it needs at least one CPV code."""
    if "cpv_codes" not in data:
        raise ApplicationError(_("Give at least one CPV code."), errors={"cpv_codes": [_("Required.")]})
    listing = CapacityListing(provider=provider)
    codes, partners = _apply(listing, data)
    _save(listing, codes, partners)
    audit_record(
        actor=by,
        action="listing.created",
        target=listing,
        organization=provider,
        changes=diff({}, snapshot(listing, LISTING_FIELDS)),
    )
    return listing


@transaction.atomic
def listing_update(*, listing: CapacityListing, by: User, **data: Any) -> CapacityListing:
    listing = CapacityListing.objects.select_for_update().get(pk=listing.pk)
    if listing.state == ListingState.EXPIRED:
        raise ApplicationError(_("An expired listing cannot be changed; create a new one."), code="listing_expired")
    before = snapshot(listing, LISTING_FIELDS)
    codes, partners = _apply(listing, data)
    _save(listing, codes, partners)
    audit_record(
        actor=by,
        action="listing.updated",
        target=listing,
        organization=listing.provider,
        changes=diff(before, snapshot(listing, LISTING_FIELDS)),
    )
    _queue_matching(listing)
    return listing


_TRANSITIONS = {  # action: (allowed source states, target state, audit action)
    "publish": ({ListingState.DRAFT, ListingState.PAUSED}, ListingState.PUBLISHED, "listing.published"),
    "pause": ({ListingState.PUBLISHED}, ListingState.PAUSED, "listing.paused"),
}


@transaction.atomic
def listing_transition(*, listing: CapacityListing, action: str, by: User) -> CapacityListing:
    """publish (from draft or paused) or pause (from published)."""
    listing = CapacityListing.objects.select_for_update().get(pk=listing.pk)
    sources, target, audit_action = _TRANSITIONS[action]
    if listing.state not in sources:
        raise ApplicationError(
            _("This listing is %(state)s; it cannot be changed that way.")
            % {"state": listing.get_state_display().lower()},
            code="invalid_state",
        )
    if action == "publish" and listing.available_until < timezone.localdate():
        raise ApplicationError(
            _("The availability window has ended; move it before publishing."),
            errors={"available_until": [_("This date is in the past.")]},
        )
    before = listing.state
    listing.state = target
    if action == "publish" and listing.published_at is None:
        listing.published_at = timezone.now()
    listing.save(update_fields=["state", "published_at", "updated_at"])
    audit_record(
        actor=by,
        action=audit_action,
        target=listing,
        organization=listing.provider,
        changes={"state": [before, target]},
    )
    _queue_matching(listing)
    return listing


def _queue_matching(listing: CapacityListing) -> None:
    """A listing that appears, changes or disappears is re-ranked into the open lots after commit."""
    listing_id = listing.pk
    enqueue_on_commit(match_listing, listing_id)


def listings_expire() -> int:
    """Listings whose window has ended become expired (Celery beat, daily)."""
    today = timezone.localdate()
    expired = 0
    with transaction.atomic():
        for listing in (
            CapacityListing.objects.select_for_update(skip_locked=True)
            .filter(available_until__lt=today)
            .exclude(state=ListingState.EXPIRED)
        ):
            before = listing.state
            listing.state = ListingState.EXPIRED
            listing.save(update_fields=["state", "updated_at"])
            audit_record(
                actor=None,
                action="listing.expired",
                target=listing,
                organization=listing.provider,
                changes={"state": [before, ListingState.EXPIRED]},
            )
            expired += 1
    return expired
