"""Drawing up contracts from a tender's final awards: parties, lots, value, period, price lines and the terms a
revision freezes. Signing is in services/signing.py, amendments and the end of a contract in services/amendments.py.

Lock order: the contract row first, then its revisions; orders lock the contract row too (services/orders.py),
so an amendment of the ceiling and a call-off never interleave.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alliances.models import Alliance
from core.pdf import sha256_hex
from marketplace.models import Award, AwardState, Tender
from organizations.audit import audit_record
from organizations.models import Organization, User
from organizations.notifications import notify_organizations

from .. import roles
from ..models import (
    CONTRACT_LANGUAGES,
    Contract,
    ContractLine,
    ContractLot,
    ContractRevision,
)
from ..models.contracts import GERMAN_SPEAKING_COUNTRIES
from ..rendering import contract_render_pdf
from .common import forbidden, refuse

# Lot units are free text in the marketplace; these common spellings map to UN/ECE Rec 20 codes.
LOT_UNITS = {
    "pallet places": "XPX",
    "pallets": "XPX",
    "pallet": "XPX",
    "paletten": "XPX",
    "palette": "XPX",
    "palettenstellplätze": "XPX",
    "stück": "C62",
    "stunden": "HUR",
    "tage": "DAY",
    "m²": "MTK",
    "m2": "MTK",
    "kg": "KGM",
    "t": "TNE",
    "tonnes": "TNE",
    "l": "LTR",
    "litres": "LTR",
    "m": "MTR",
    "m³": "MTQ",
    "hours": "HUR",
    "days": "DAY",
    "pieces": "C62",
    "units": "C62",
    "trucks_per_day": "DAY",
}
CENT = Decimal("0.01")


def contract_link(contract: Contract) -> str:
    return f"/contracting/contracts/{contract.pk}/"


def _locked(contract: Contract) -> Contract:
    return Contract.objects.select_for_update(of=("self",)).select_related("buyer", "supplier").get(pk=contract.pk)


def _members(supplier: Organization) -> list[dict]:
    alliance = Alliance.objects.filter(organization=supplier).first()
    if alliance is None:
        return []
    return [
        {"id": m.organization_id, "name": m.organization.legal_name, "role": m.role}
        for m in alliance.members.filter(left_at__isnull=True).select_related("organization").order_by("id")
    ]


def _line_terms(lines) -> list[dict]:
    return [
        {
            "position": line.position,
            "description": line.description,
            "quantity": str(line.quantity),
            "unit": line.unit,
            "unit_price": str(line.unit_price),
            "amount": str(line.amount),
            "lot": line.lot_id,
        }
        for line in lines
    ]


def contract_terms(contract: Contract, *, lines=None) -> dict:
    """The terms as the PDF shows them and a revision freezes them (strings, so the JSON keeps every digit)."""
    tender = contract.tender
    return {
        "title": contract.title,
        "language": contract.language,
        "tender": {"id": tender.pk, "title": tender.title},
        "buyer": {"id": contract.buyer_id, "name": contract.buyer.legal_name, "country": str(contract.buyer.country)},
        "supplier": {
            "id": contract.supplier_id,
            "name": contract.supplier.legal_name,
            "country": str(contract.supplier.country),
            "kind": contract.supplier.kind,
            "members": _members(contract.supplier),
        },
        "lots": [
            {"id": cl.lot_id, "number": cl.lot.number, "title": cl.lot.title, "award": cl.award_id}
            for cl in contract.lots.select_related("lot").order_by("lot__number")
        ],
        "framework": contract.is_framework,
        "value": str(contract.value),
        "currency": contract.currency,
        "max_value": None if contract.max_value is None else str(contract.max_value),
        "max_quantity": None if contract.max_quantity is None else str(contract.max_quantity),
        "period_start": contract.period_start.isoformat(),
        "period_end": contract.period_end.isoformat(),
        "delivery_places": list(contract.delivery_places),
        "payment_days": contract.payment_days,
        "skonto_percent": str(contract.skonto_percent),
        "skonto_days": contract.skonto_days,
        "lines": _line_terms(lines if lines is not None else contract.lines.order_by("position")),
        "documents": [
            {"id": d.pk, "name": d.original_name, "sha256": d.sha256}
            for d in tender.documents.order_by("uploaded_at", "id")
        ],
    }


def _revision_create(
    *, contract: Contract, terms: dict, by: User | None, reason: str = "", diff: dict | None = None
) -> ContractRevision:
    number = (contract.revisions.aggregate(last=Max("number"))["last"] or 0) + 1
    revision = ContractRevision.objects.create(
        contract=contract, number=number, terms=terms, reason=reason, diff=diff or {}, created_by=by
    )
    revision.pdf_sha256 = sha256_hex(contract_render_pdf(revision=revision))
    revision.save(update_fields=["pdf_sha256"])
    return revision


def _lot_line(position: int, award: Award, language: str) -> ContractLine:
    lot, price = award.lot, award.offer.price
    quantity = lot.quantity if lot.quantity else None
    unit = LOT_UNITS.get((lot.unit or "").strip().lower(), "C62") if quantity else "LS"
    quantity = quantity or Decimal("1")
    unit_price = (price / quantity).quantize(Decimal("0.0001"))
    return ContractLine(
        position=position,
        lot=lot,
        # In the contract's language: the line is part of the signed text.
        description=_in(language, lambda: _("Lot %(n)s: %(title)s") % {"n": lot.number, "title": lot.title})[:300],
        quantity=quantity,
        unit=unit,
        unit_price=unit_price,
    )


def _in(language: str, render: Callable[[], str]) -> str:
    with translation.override(language):
        return str(render())


def _ceiling(value, *, field: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation as error:
        raise refuse(_("Enter a number."), field=field) from error
    if number <= 0:
        raise refuse(_("The ceiling must be more than zero."), field=field)
    return number


@transaction.atomic
def contract_draft(
    *,
    tender: Tender,
    supplier: Organization,
    by: User | None,
    framework: bool = False,
    max_value=None,
    max_quantity=None,
    payment_days: int = 30,
    skonto_percent=Decimal("0"),
    skonto_days: int = 0,
    language: str | None = None,
) -> Contract:
    """Draw up the contract for the lots of `tender` finally awarded to `supplier` and not yet under contract:
    parties (with a consortium's members), lots, value (the winning prices), period, delivery places, payment
    terms, price lines from each lot and its winning offer, and the tender's documents. Revision 1 waits for
    both sides' signatures. `by` is a procurement officer of the buyer (None: the platform, from the beat task).
    A framework contract takes a ceiling (maximum value, default the awarded value; optional maximum quantity).
    `language` is the language of the contract's text (default: German for a buyer from a German-speaking
    country, else English); it is fixed for every revision, so the signed PDF's bytes never depend on a reader."""
    tender = Tender.objects.select_for_update().select_related("buyer").get(pk=tender.pk)
    if by is not None and not roles.is_officer_of(by, tender.buyer_id):
        raise forbidden(
            _("Only procurement officers of %(buyer)s may draw up its contracts.") % {"buyer": tender.buyer.legal_name}
        )
    awards = list(
        Award.objects.select_for_update(of=("self",))
        .select_related("lot", "offer__bid")
        .filter(lot__tender=tender, state=AwardState.FINAL, offer__bid__bidder=supplier, contract_lot__isnull=True)
        .order_by("lot__number")
    )
    if not awards:
        raise refuse(
            _("%(supplier)s holds no final award on this tender that is not under contract yet.")
            % {"supplier": supplier.legal_name},
            field="supplier",
            code="no_final_award",
        )
    errors = {}
    if not 0 <= Decimal(str(skonto_percent)) < 100:
        errors["skonto_percent"] = [_("Skonto runs from 0 to under 100 %.")]
    if int(skonto_days) > int(payment_days):
        errors["skonto_days"] = [_("The Skonto period must end before payment is due.")]
    language = language or contract_language_for(buyer=tender.buyer)
    if language not in dict(CONTRACT_LANGUAGES):
        errors["language"] = [_("Choose a language ALX writes contracts in.")]
    if errors:
        raise refuse(next(iter(errors.values()))[0], field=next(iter(errors)))
    value = sum((a.offer.price for a in awards), Decimal("0")).quantize(CENT)
    start = tender.performance_start or timezone.localdate()
    end = (
        tender.performance_end
        if tender.performance_end and tender.performance_end >= start
        else (start + timedelta(days=365))
    )
    contract = Contract.objects.create(
        tender=tender,
        buyer=tender.buyer,
        supplier=supplier,
        title=tender.title[:250],
        is_framework=framework,
        value=value,
        currency=tender.currency,
        max_value=(_ceiling(max_value, field="max_value") or value) if framework else value,
        max_quantity=_ceiling(max_quantity, field="max_quantity") if framework else None,
        period_start=start,
        period_end=end,
        delivery_places=[tender.place_of_performance] if tender.place_of_performance else [],
        payment_days=int(payment_days),
        skonto_percent=Decimal(str(skonto_percent)),
        skonto_days=int(skonto_days),
        language=language,
    )
    ContractLot.objects.bulk_create(ContractLot(contract=contract, award=a, lot=a.lot) for a in awards)
    lines = [_lot_line(n, a, language) for n, a in enumerate(awards, start=1)]
    for line in lines:
        line.contract = contract
    ContractLine.objects.bulk_create(lines)
    revision = _revision_create(contract=contract, terms=contract_terms(contract), by=by)
    audit_record(
        actor=by,
        action="contract.drafted",
        target=contract,
        organization=tender.buyer,
        changes={
            "supplier": [None, supplier.legal_name],
            "value": [None, str(value)],
            "lots": [None, [a.lot.number for a in awards]],
            "pdf_sha256": [None, revision.pdf_sha256],
        },
    )
    notify_organizations(
        organizations=[tender.buyer, supplier],
        link=contract_link(contract),
        subject=lambda: (
            _("Contract C-%(id)d drawn up for signature: %(title)s") % {"id": contract.pk, "title": contract.title}
        ),
    )
    return contract


def contract_language_for(*, buyer: Organization) -> str:
    """The default language of a buyer's contracts: German for German-speaking countries, else English."""
    return "de" if buyer.country and buyer.country.code in GERMAN_SPEAKING_COUNTRIES else "en"


def contracts_draft_for_final_awards() -> int:
    """Beat task: every final award without a contract gets one (per tender and supplier), drafted by the
    platform with default terms. Returns how many contracts were drawn up."""
    pairs = (
        Award.objects.filter(state=AwardState.FINAL, contract_lot__isnull=True)
        .values_list("lot__tender_id", "offer__bid__bidder_id")
        .distinct()
    )
    count = 0
    for tender_id, supplier_id in list(pairs):
        contract_draft(
            tender=Tender.objects.get(pk=tender_id), supplier=Organization.objects.get(pk=supplier_id), by=None
        )
        count += 1
    return count
