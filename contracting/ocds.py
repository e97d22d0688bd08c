"""Contracts and their implementation as OCDS 1.1: a release of the tender's contracting process (same ocid as
marketplace's tender releases) with the contract, its amendments, its signed documents, its deliveries as
implementation milestones (type "delivery") and its payments as implementation transactions.

Payments are recorded by invoicing, which sits above contracting: it contributes them through
`register_transaction_source` (contracting never imports invoicing). The release of a public contract is stored
among the tender's releases by contracting/services/ocds.py; this module only builds it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Max
from django.urls import reverse

from marketplace.ocds import ocid_for, party_id, release_package

from .models import Contract, ContractState, DeliveryState

CONTRACT_STATUS = {
    ContractState.DRAFT: "pending",
    ContractState.SIGNED: "pending",
    ContractState.ACTIVE: "active",
    ContractState.COMPLETED: "terminated",
    ContractState.TERMINATED: "terminated",
}
MILESTONE_STATUS = {
    DeliveryState.ANNOUNCED: "scheduled",
    DeliveryState.IN_TRANSIT: "scheduled",
    DeliveryState.DELIVERED: "met",
    DeliveryState.ACCEPTED: "met",
    DeliveryState.PARTLY_ACCEPTED: "partiallyMet",
    DeliveryState.REJECTED: "notMet",
}

# A source of a contract's implementation transactions: the contract in, OCDS Transaction objects out, each with
# `id`, `date`, `value`, `payer` and `payee` (organization references, {"id", "name"}).
TransactionSource = Callable[[Contract], list[dict[str, Any]]]
_TRANSACTION_SOURCES: list[TransactionSource] = []


def register_transaction_source(source: TransactionSource) -> TransactionSource:
    """Let a higher app (invoicing) add transactions to every contract release; usable as a decorator."""
    if source not in _TRANSACTION_SOURCES:
        _TRANSACTION_SOURCES.append(source)
    return source


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _day(value) -> str | None:
    return None if value is None else f"{value.isoformat()}T00:00:00Z"


def amount(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def organization_reference(organization) -> dict[str, str]:
    return {"id": party_id(organization=organization), "name": organization.legal_name}


def _compact(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def _party(organization, roles: list[str]) -> dict[str, Any]:
    return _compact(
        {
            **organization_reference(organization),
            "address": _compact({"countryName": organization.country.name if organization.country else None}),
            "roles": roles,
        }
    )


def _milestones(contract: Contract) -> list[dict[str, Any]]:
    """Deliveries as milestones. No dateModified: tracking moves a delivery's row often without changing what
    OCDS says of it, and every change of content is a new stored release."""
    milestones = []
    for order in contract.orders.prefetch_related("deliveries").order_by("number"):
        for delivery in order.deliveries.order_by("number"):
            milestones.append(
                _compact(
                    {
                        "id": f"delivery-{delivery.pk}",
                        "title": f"Delivery {delivery} of order {order}",
                        "type": "delivery",
                        "status": MILESTONE_STATUS[delivery.state],
                        "dueDate": _day(delivery.promised_date),
                        "dateMet": _iso(delivery.delivered_at),
                        "description": "late" if delivery.is_late else None,
                    }
                )
            )
    return milestones


def _transactions(contract: Contract) -> list[dict[str, Any]]:
    rows = [row for source in _TRANSACTION_SOURCES for row in source(contract)]
    return sorted(rows, key=lambda row: (row.get("date") or "", str(row["id"])))


def _parties(contract: Contract, members: list[dict], transactions: list[dict]) -> list[dict[str, Any]]:
    parties = [_party(contract.buyer, ["buyer"]), _party(contract.supplier, ["supplier"])]
    parties += [{"id": f"ALX-ORG-{member['id']}", "name": member["name"], "roles": ["tenderer"]} for member in members]
    by_id = {party["id"]: party for party in parties}
    for row in transactions:  # whoever pays or is paid is a party in that role
        for side, role in (("payer", "payer"), ("payee", "payee")):
            reference = row.get(side)
            if not reference:
                continue
            party = by_id.setdefault(reference["id"], {**reference, "roles": []})
            if party not in parties:
                parties.append(party)
            if role not in party["roles"]:
                party["roles"].append(role)
    return parties


def contract_release(
    *, contract: Contract, tag: list[str] | None = None, date: datetime | None = None
) -> dict[str, Any]:
    """The contract's current state as one OCDS release. Without `tag` it says what the release contains
    (contract, contractAmendment, implementation); without `date` it is dated by the latest change it shows."""
    contract = Contract.objects.select_related("tender", "buyer", "supplier").get(pk=contract.pk)
    revisions = list(contract.revisions.order_by("number"))
    first_award = contract.lots.order_by("lot__number").values_list("award_id", flat=True).first()
    milestones = _milestones(contract)
    transactions = _transactions(contract)
    changed = date or max(
        [
            contract.updated_at,
            *(r.created_at for r in revisions),
            contract.orders.aggregate(last=Max("deliveries__updated_at"))["last"] or contract.updated_at,
        ]
    )
    ocid = ocid_for(tender=contract.tender)
    amendments = [
        _compact(
            {
                "id": f"revision-{r.number}",
                "date": _iso(r.signed_at or r.created_at),
                "rationale": r.reason,
                "description": ", ".join(sorted(r.diff)),
            }
        )
        for r in revisions
        if r.is_amendment
    ]
    implementation = _compact({"milestones": milestones, "transactions": transactions})
    tag = tag or (
        ["contract"] + (["contractAmendment"] if amendments else []) + (["implementation"] if implementation else [])
    )
    members = (revisions[-1].terms["supplier"].get("members") if revisions else []) or []
    body = _compact(
        {
            "id": f"contract-{contract.pk}",
            "awardID": f"award-{first_award}",
            "title": contract.title,
            "description": (
                f"Terminated: {contract.termination_reason}"
                if contract.state == ContractState.TERMINATED and contract.termination_reason
                else None
            ),
            "status": CONTRACT_STATUS[contract.state],
            "period": {"startDate": _day(contract.period_start), "endDate": _day(contract.period_end)},
            "value": {"amount": amount(contract.value), "currency": contract.currency},
            "dateSigned": _iso(contract.signed_at),
            "documents": [
                {
                    "id": f"revision-{r.number}",
                    "documentType": "contractSigned" if r.signed_at else "contractDraft",
                    "title": f"Contract C-{contract.pk}, revision {r.number} (SHA-256 {r.pdf_sha256})",
                    "format": "application/pdf",
                    "datePublished": _iso(r.created_at),
                }
                for r in revisions
            ],
            "amendments": amendments,
            "implementation": implementation,
        }
    )
    return _compact(
        {
            "ocid": ocid,
            "id": f"{ocid}-contract-{contract.pk}-{changed.astimezone(UTC):%Y%m%dT%H%M%S%f}",
            "date": _iso(changed),
            "tag": tag,
            "initiationType": "tender",
            "language": "en",
            "parties": _parties(contract, members, transactions),
            "buyer": organization_reference(contract.buyer),
            "contracts": [body],
        }
    )


def contract_public_release(*, contract: Contract, tag: list[str], date: datetime) -> dict[str, Any]:
    """The release as the public sees it: signed revisions only (a pending amendment is not public until both
    sides have signed it)."""
    release = contract_release(contract=contract, tag=tag, date=date)
    signed = {
        f"revision-{number}"
        for number in contract.revisions.filter(signed_at__isnull=False).values_list("number", flat=True)
    }
    body = release["contracts"][0]
    body["documents"] = [d for d in body.get("documents", []) if d["id"] in signed]
    body["amendments"] = [a for a in body.get("amendments", []) if a["id"] in signed]
    release["contracts"][0] = _compact(body)
    return release


def contract_release_package(*, contract: Contract, request=None) -> dict[str, Any]:
    # OCDS wants an absolute `uri`; outside a request (tasks, tests) the platform's own address stands in.
    path = reverse("contracting-api:contract-ocds", args=[contract.pk])
    uri = request.build_absolute_uri() if request is not None else settings.ALX_BASE_URL.rstrip("/") + path
    return release_package(releases=[contract_release(contract=contract)], uri=uri)
