"""Open Contracting Data Standard (OCDS 1.1.5) export of tenders, with the lots and bids extensions.

Releases, release packages and record packages are plain dicts ready for JSON. Bids are sealed: they (and the
tenderers) appear only once the submission deadline has passed and the bids were opened, never drafts, and
never for a tender cancelled before or during that time. Draft tenders are not exported at all. The schemas
to validate against (core 1.1.5 plus both extensions) are copied under marketplace/data/ocds.

Packages, records and the extended schema are in ocds_packages.py; this module re-exports them, so
`marketplace.ocds` stays the one import for OCDS.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import translation

from organizations.models import Organization

from .models import BIDS_OPENED_STATES, Award, AwardState, Bid, BidState, Lot, LotState, Procedure, Tender, TenderState
from .ocds_packages import (
    EXTENSIONS,
    OCDS_VERSION,
    PUBLISHER,
    SCHEMA_DIR,
    _iso,
    compiled_release,
    merge_patch,
    record_package,
    release_package,
    release_schema,
)

__all__ = [
    "EXTENSIONS",
    "OCDS_VERSION",
    "PUBLISHER",
    "SCHEMA_DIR",
    "bids_disclosed",
    "compiled_release",
    "lot_id",
    "main_procurement_category",
    "merge_patch",
    "ocid_for",
    "party_id",
    "record_package",
    "release_package",
    "release_schema",
    "tender_release",
]

TENDER_STATUS = {
    TenderState.PUBLISHED: "active",
    TenderState.TENDERING: "active",
    TenderState.EVALUATION: "active",
    TenderState.AWARDED: "complete",
    TenderState.COMPLETED: "complete",
    TenderState.CANCELLED: "cancelled",
    TenderState.UNSUCCESSFUL: "unsuccessful",
}
LOT_STATUS = {
    LotState.ACTIVE: "active",
    LotState.AWARDED: "complete",
    LotState.UNSUCCESSFUL: "unsuccessful",
    LotState.CANCELLED: "cancelled",
}
AWARD_STATUS = {AwardState.PROPOSED: "pending", AwardState.FINAL: "active", AwardState.DECLINED: "unsuccessful"}
# A simplified call for SMEs is open to every eligible SME, hence "open"; the details say which procedure.
PROCUREMENT_METHOD = {
    Procedure.OPEN: "open",
    Procedure.RESTRICTED: "selective",
    Procedure.NEGOTIATED: "limited",
    Procedure.SIMPLIFIED_SME: "open",
}
AWARD_CRITERIA = {"lowest_price": "priceOnly", "best_value": "ratedCriteria"}
# States in which the bids have been opened at the deadline (the model's one rule of sealed bids).
BIDS_OPENED = set(BIDS_OPENED_STATES)


# --- small converters ----------------------------------------------------------------------------


def _amount(value: Decimal) -> int | float:
    """OCDS amounts are JSON numbers; whole amounts stay integers, the rest are exact to the cent."""
    return int(value) if value == value.to_integral_value() else float(value)


def _value(amount: Decimal | None, currency: str) -> dict[str, Any] | None:
    return None if amount is None else {"amount": _amount(amount), "currency": currency}


def _compact(data: dict[str, Any]) -> dict[str, Any]:
    """Drop empty fields: OCDS prefers an absent field to a null one."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def ocid_for(*, tender: Tender) -> str:
    return f"{getattr(settings, 'OCDS_OCID_PREFIX', 'ocds-alx000')}-{tender.pk}"


def party_id(*, organization: Organization) -> str:
    return f"ALX-ORG-{organization.pk}"


def lot_id(*, lot: Lot) -> str:
    return f"lot-{lot.number}"


def main_procurement_category(*, cpv: str) -> str:
    """Works for CPV division 45, goods for divisions 03-44 and 48, services for 50-98 (and anything else)."""
    division = int(cpv[:2])
    if division == 45:
        return "works"
    if 3 <= division <= 44 or division == 48:
        return "goods"
    return "services"


def _classification(cpv) -> dict[str, Any]:
    return {"scheme": "CPV", "id": cpv.code, "description": cpv.title}


# --- parties -------------------------------------------------------------------------------------


def _reference(organization: Organization) -> dict[str, Any]:
    return {"id": party_id(organization=organization), "name": organization.legal_name}


def _party(organization: Organization, roles: list[str]) -> dict[str, Any]:
    address = _compact(
        {
            "streetAddress": organization.street,
            "locality": organization.city,
            "postalCode": organization.postal_code,
            "countryName": organization.country.name if organization.country else None,
        }
    )
    identifier = _compact({"id": organization.registration_id, "legalName": organization.legal_name})
    return _compact(
        {
            **_reference(organization),
            "identifier": identifier if "id" in identifier else None,
            "address": address,
            "roles": roles,
        }
    )


def _parties(tender: Tender, bids: list[Bid], awards: list[Award]) -> list[dict[str, Any]]:
    roles: dict[int, list[str]] = {tender.buyer_id: ["buyer", "procuringEntity"]}
    organizations = {tender.buyer_id: tender.buyer}
    for bid in bids:
        organizations[bid.bidder_id] = bid.bidder
        roles.setdefault(bid.bidder_id, []).append("tenderer")
    for award in awards:  # every supplier an award refers to is a party; "supplier" unless it was declined
        bidder = award.offer.bid.bidder
        organizations[bidder.pk] = bidder
        held = roles.setdefault(bidder.pk, [])
        if award.state != AwardState.DECLINED and "supplier" not in held:
            held.append("supplier")
    return [_party(organizations[pk], roles[pk]) for pk in roles]


# --- tender, lots, bids, awards ------------------------------------------------------------------


def bids_disclosed(*, tender: Tender, now: datetime | None = None) -> bool:
    """Bids may be published only after the submission deadline, once they were opened."""
    return tender.bids_opened(now)


def _disclosed_bids(tender: Tender, disclosed: bool) -> list[Bid]:
    if not disclosed:
        return []
    return list(
        Bid.objects.filter(tender=tender, submitted_at__isnull=False)
        .exclude(state=BidState.DRAFT)
        .select_related("bidder")
        .prefetch_related("lot_offers__lot")
        .order_by("submitted_at", "pk")
    )


def _lots(tender: Tender, lots: list[Lot]) -> list[dict[str, Any]]:
    return [
        _compact(
            {
                "id": lot_id(lot=lot),
                "title": lot.title,
                "description": lot.description,
                "status": LOT_STATUS[lot.state],
                "value": _value(lot.estimated_value, tender.currency),
            }
        )
        for lot in lots
    ]


def _items(tender: Tender, lots: list[Lot]) -> list[dict[str, Any]]:
    """One item per lot, classified by the lot's CPV code; the tender's main CPV code, where it differs, as an
    additional classification (OCDS has no tender-level classification)."""
    main = [_classification(tender.main_cpv)]
    return [
        _compact(
            {
                "id": f"item-{lot.number}",
                "description": lot.description or lot.title,
                "classification": _classification(lot.cpv),
                "additionalClassifications": main if lot.cpv_id != tender.main_cpv_id else None,
                "quantity": _amount(lot.quantity) if lot.quantity is not None else None,
                "unit": {"name": lot.unit} if lot.unit else None,
                "relatedLot": lot_id(lot=lot),
            }
        )
        for lot in lots
    ]


def _amendments(tender: Tender) -> list[dict[str, Any]]:
    return [
        _compact(
            {
                "id": str(amendment.pk),
                "date": _iso(amendment.created_at),
                "rationale": amendment.reason,
                "description": "Changed: " + ", ".join(sorted(amendment.changes)) if amendment.changes else None,
            }
        )
        for amendment in tender.amendments.order_by("created_at", "pk")
    ]


def _criteria_details(tender: Tender) -> str | None:
    criteria = tender.criteria.filter(lot__isnull=True).order_by("pk")
    return "; ".join(f"{c.name} {c.weight}%" for c in criteria) or None


def _tender(
    tender: Tender, lots: list[Lot], bids: list[Bid], amendments: list[dict], *, disclosed: bool
) -> dict[str, Any]:
    tenderers = {bid.bidder_id: bid.bidder for bid in bids if bid.state != BidState.WITHDRAWN}
    return _compact(
        {
            "id": f"{ocid_for(tender=tender)}-tender",
            "title": tender.title,
            "description": tender.description,
            "status": TENDER_STATUS[tender.state],
            "procuringEntity": _reference(tender.buyer),
            "items": _items(tender, lots),
            "value": _value(tender.estimated_value, tender.currency),
            "procurementMethod": PROCUREMENT_METHOD[tender.procedure],
            "procurementMethodDetails": f"{tender.get_procedure_display()} ({tender.get_legal_basis_display()})",
            "mainProcurementCategory": main_procurement_category(cpv=tender.main_cpv_id),
            "awardCriteria": AWARD_CRITERIA[tender.award_method],
            "awardCriteriaDetails": _criteria_details(tender),
            "submissionMethod": ["electronicSubmission"],
            "tenderPeriod": {"startDate": _iso(tender.published_at), "endDate": _iso(tender.submission_deadline)},
            "enquiryPeriod": {"startDate": _iso(tender.published_at), "endDate": _iso(tender.enquiry_deadline)},
            "awardPeriod": {"startDate": _iso(tender.opening_at)},
            "hasEnquiries": tender.questions.exists(),
            "numberOfTenderers": len(tenderers) if disclosed else None,
            "tenderers": [_reference(org) for org in tenderers.values()],
            "lots": _lots(tender, lots),
            "lotDetails": {"maximumLotsAwardedPerSupplier": tender.max_lots_per_supplier}
            if tender.max_lots_per_supplier
            else None,
            "amendments": amendments,
        }
    )


def _bid_status(bid: Bid, tender: Tender) -> str:
    if bid.state == BidState.EXCLUDED:
        return "disqualified"
    if bid.state == BidState.WITHDRAWN:
        return "withdrawn"
    return "valid" if bid.state == BidState.SUBMITTED and tender.state in BIDS_OPENED else "pending"


def _bids(tender: Tender, bids: list[Bid]) -> dict[str, Any] | None:
    if not bids:
        return None
    details = []
    for bid in bids:
        offers = list(bid.lot_offers.all())
        priced = offers and bid.state != BidState.WITHDRAWN  # a bid withdrawn before the opening keeps its price
        details.append(
            _compact(
                {
                    "id": f"bid-{bid.pk}",
                    "date": _iso(bid.submitted_at),
                    "status": _bid_status(bid, tender),
                    "tenderers": [_reference(bid.bidder)],
                    "value": _value(sum((o.price for o in offers), Decimal(0)), tender.currency) if priced else None,
                    "relatedLots": [lot_id(lot=o.lot) for o in offers],
                }
            )
        )
    return {"details": details}


def _award_status(award: Award, tender: Tender) -> str:
    if tender.state == TenderState.CANCELLED and award.state == AwardState.PROPOSED:
        return "cancelled"
    return AWARD_STATUS[award.state]


def _awards(tender: Tender, awards: list[Award], bids_shown: bool) -> list[dict[str, Any]]:
    return [
        _compact(
            {
                "id": f"award-{award.pk}",
                "title": f"Lot {award.lot.number}: {award.lot.title}",
                "description": award.declined_reason,
                "status": _award_status(award, tender),
                "date": _iso(award.proposed_at),
                "value": _value(award.offer.price, tender.currency),
                "suppliers": [_reference(award.offer.bid.bidder)],
                "relatedLots": [lot_id(lot=award.lot)],
                "relatedBid": f"bid-{award.offer.bid_id}" if bids_shown else None,
            }
        )
        for award in awards
    ]


# --- releases, packages, records -----------------------------------------------------------------


def _tag(tender: Tender, awards: list[Award], amendments: list[dict]) -> list[str]:
    if tender.state == TenderState.CANCELLED:
        return ["tenderCancellation"]
    if awards:
        return ["award"]
    if amendments or tender.state in {TenderState.EVALUATION, TenderState.UNSUCCESSFUL}:
        return ["tenderUpdate"]
    return ["tender"]


def tender_release(*, tender: Tender, tag: list[str] | None = None) -> dict[str, Any]:
    """The current state of a published tender as one OCDS release. Raises ValueError for drafts."""
    tender = Tender.objects.select_related("buyer", "main_cpv").get(pk=tender.pk)
    if tender.state == TenderState.DRAFT:
        raise ValueError("Draft tenders are not published as OCDS.")
    disclosed = bids_disclosed(tender=tender)
    lots = list(tender.lots.select_related("cpv").order_by("number"))
    awards = list(
        Award.objects.filter(lot__tender=tender)
        .select_related("lot", "offer__bid__bidder")
        .order_by("lot__number", "proposed_at", "pk")
    )
    bids = _disclosed_bids(tender, disclosed)
    ocid = ocid_for(tender=tender)
    # Awards on one lot change the process without touching the tender row; the latest change dates it.
    changed = max([tender.updated_at, *(lot.updated_at for lot in lots), *(a.updated_at for a in awards)])
    with translation.override("en"):
        amendments = _amendments(tender)
        release = {
            "ocid": ocid,
            "id": f"{ocid}-{tender.version}-{changed.astimezone(UTC):%Y%m%dT%H%M%S%f}",
            "date": _iso(changed),
            "tag": tag or _tag(tender, awards, amendments),
            "initiationType": "tender",
            "language": "en",
            "parties": _parties(tender, bids, awards),
            "buyer": _reference(tender.buyer),
            "tender": _tender(tender, lots, bids, amendments, disclosed=disclosed),
            "bids": _bids(tender, bids),
            "awards": _awards(tender, awards, bids_shown=bool(bids)),
        }
    return _compact(release)
