"""Contracts and their implementation as OCDS 1.1: a release of the tender's contracting process (same ocid as
marketplace's tender releases) with the contract, its amendments, its signed documents, and its deliveries as
implementation milestones (type "delivery"). Payments join as transactions with e-invoicing (part 2).

marketplace cannot import contracting (layering), so the contract release is built here and served at
/api/v1/contracting/contracts/<id>/ocds/; an integrator merges it with the tender's releases by ocid.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Max

from marketplace.ocds import ocid_for, party_id, release_package

from .models import Contract, ContractState, DeliveryState

CONTRACT_STATUS = {ContractState.DRAFT: "pending", ContractState.SIGNED: "pending", ContractState.ACTIVE: "active",
                   ContractState.COMPLETED: "terminated", ContractState.TERMINATED: "terminated"}
MILESTONE_STATUS = {DeliveryState.ANNOUNCED: "scheduled", DeliveryState.IN_TRANSIT: "scheduled",
                    DeliveryState.DELIVERED: "met", DeliveryState.ACCEPTED: "met",
                    DeliveryState.PARTLY_ACCEPTED: "partiallyMet", DeliveryState.REJECTED: "notMet"}


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _day(value) -> str | None:
    return None if value is None else f"{value.isoformat()}T00:00:00Z"


def _amount(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _compact(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def _party(organization, roles: list[str]) -> dict[str, Any]:
    return _compact({"id": party_id(organization=organization), "name": organization.legal_name,
                     "address": _compact({"countryName": organization.country.name if organization.country else None}),
                     "roles": roles})


def _milestones(contract: Contract) -> list[dict[str, Any]]:
    milestones = []
    for order in contract.orders.prefetch_related("deliveries").order_by("number"):
        for delivery in order.deliveries.order_by("number"):
            milestones.append(_compact({
                "id": f"delivery-{delivery.pk}", "title": f"Delivery {delivery} of order {order}",
                "type": "delivery", "status": MILESTONE_STATUS[delivery.state],
                "dueDate": _day(delivery.promised_date), "dateMet": _iso(delivery.delivered_at),
                "dateModified": _iso(delivery.updated_at),
                "description": "late" if delivery.is_late else None}))
    return milestones


def contract_release(*, contract: Contract) -> dict[str, Any]:
    """The contract's current state as one OCDS release (tags contract, contractAmendment, implementation)."""
    contract = Contract.objects.select_related("tender", "buyer", "supplier").get(pk=contract.pk)
    revisions = list(contract.revisions.order_by("number"))
    first_award = contract.lots.order_by("lot__number").values_list("award_id", flat=True).first()
    milestones = _milestones(contract)
    changed = max([contract.updated_at, *(r.created_at for r in revisions),
                   contract.orders.aggregate(last=Max("deliveries__updated_at"))["last"] or contract.updated_at])
    ocid = ocid_for(tender=contract.tender)
    amendments = [_compact({"id": f"revision-{r.number}", "date": _iso(r.signed_at or r.created_at),
                            "rationale": r.reason, "description": ", ".join(sorted(r.diff))})
                  for r in revisions if r.is_amendment]
    tag = ["contract"] + (["contractAmendment"] if amendments else []) + (["implementation"] if milestones else [])
    parties = [_party(contract.buyer, ["buyer"]), _party(contract.supplier, ["supplier"])]
    for member in (revisions[-1].terms["supplier"].get("members") if revisions else []) or []:
        parties.append({"id": f"ALX-ORG-{member['id']}", "name": member["name"], "roles": ["tenderer"]})
    body = _compact({
        "id": f"contract-{contract.pk}", "awardID": f"award-{first_award}", "title": contract.title,
        "status": CONTRACT_STATUS[contract.state],
        "period": {"startDate": _day(contract.period_start), "endDate": _day(contract.period_end)},
        "value": {"amount": _amount(contract.value), "currency": contract.currency},
        "dateSigned": _iso(contract.signed_at),
        "documents": [{"id": f"revision-{r.number}",
                       "documentType": "contractSigned" if r.signed_at else "contractDraft",
                       "title": f"Contract C-{contract.pk}, revision {r.number} (SHA-256 {r.pdf_sha256})",
                       "format": "application/pdf", "datePublished": _iso(r.created_at)} for r in revisions],
        "amendments": amendments,
        "implementation": _compact({"milestones": milestones}),
    })
    return _compact({
        "ocid": ocid, "id": f"{ocid}-contract-{contract.pk}-{changed.astimezone(UTC):%Y%m%dT%H%M%S%f}",
        "date": _iso(changed), "tag": tag, "initiationType": "tender", "language": "en", "parties": parties,
        "buyer": {"id": party_id(organization=contract.buyer), "name": contract.buyer.legal_name},
        "contracts": [body],
    })


def contract_release_package(*, contract: Contract, request=None) -> dict[str, Any]:
    uri = request.build_absolute_uri() if request is not None else f"/api/v1/contracting/contracts/{contract.pk}/ocds/"
    return release_package(releases=[contract_release(contract=contract)], uri=uri)
