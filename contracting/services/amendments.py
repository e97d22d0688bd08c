"""Amendments of signed contracts (value, period, price lines) with a reason, a diff and both sides' signatures,
as Prozorro's contract changes; and the end of a contract: completed or terminated with a reason."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from organizations.audit import audit_record
from organizations.models import User
from organizations.notifications import notify_organizations

from .. import roles
from ..models import CONTRACT_TRANSITIONS, Contract, ContractRevision, ContractState, OrderState
from ..units import unit_codes
from .common import ensure_buyer_officer, forbidden, refuse, required_reason, transition
from .contracts import CENT, _locked, _revision_create, contract_link, contract_terms
from .ocds import contract_publish
from .orders import order_cancel_open


def _decimal(value, *, field: str, positive: bool = True) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError) as error:
        raise refuse(_("Enter a number."), field=field) from error
    if number < 0 or (positive and number == 0):
        raise refuse(_("Enter a number above zero."), field=field)
    return number


def _clean_lines(rows: list[dict]) -> list[dict]:
    """Price lines as the amendment gives them, checked field by field (errors name the line)."""
    if not rows:
        raise refuse(_("A contract needs at least one price line."), field="lines")
    cleaned = []
    for index, row in enumerate(rows):
        prefix = f"lines.{index}"
        description = str(row.get("description", "")).strip()
        if not description:
            raise refuse(_("Describe the line."), field=f"{prefix}.description")
        unit = str(row.get("unit", "")).strip().upper()
        if unit not in unit_codes():
            raise refuse(
                _("“%(unit)s” is not a unit code ALX knows (UN/ECE Rec 20, e.g. C62, KGM, HUR).") % {"unit": unit},
                field=f"{prefix}.unit",
            )
        quantity = _decimal(row.get("quantity"), field=f"{prefix}.quantity")
        unit_price = _decimal(row.get("unit_price"), field=f"{prefix}.unit_price", positive=False)
        cleaned.append(
            {
                "position": index + 1,
                "description": description[:300],
                "quantity": str(quantity),
                "unit": unit,
                "unit_price": str(unit_price),
                "amount": str((quantity * unit_price).quantize(CENT)),
                "lot": row.get("lot"),
            }
        )
    return cleaned


def _diff(before: dict, after: dict) -> dict:
    keys = ("value", "max_value", "max_quantity", "period_start", "period_end", "lines")
    return {key: [before[key], after[key]] for key in keys if before[key] != after[key]}


def _amend_ceiling(contract: Contract, after: dict, *, max_value, max_quantity) -> None:
    """A plain contract's orders are bounded by its value; a framework's ceiling may move, never below what is
    already ordered."""
    if not contract.is_framework:
        after["max_value"] = after["value"]
        return
    for name, number in (("max_value", max_value), ("max_quantity", max_quantity)):
        if number not in (None, ""):
            after[name] = str(_decimal(number, field=name))
    if after["max_value"] is not None and Decimal(after["max_value"]) < contract.ordered_value:
        raise refuse(
            _("Orders worth %(ordered)s are already placed; the ceiling cannot go below that.")
            % {"ordered": contract.ordered_value},
            field="max_value",
        )
    if after["max_quantity"] is not None and Decimal(after["max_quantity"]) < contract.ordered_quantity:
        raise refuse(
            _("A quantity of %(ordered)s is already ordered; the ceiling cannot go below that.")
            % {"ordered": contract.ordered_quantity},
            field="max_quantity",
        )


@transaction.atomic
def contract_amend(
    *,
    contract: Contract,
    by: User,
    reason: str,
    value=None,
    max_value=None,
    max_quantity=None,
    period_start: date | None = None,
    period_end: date | None = None,
    lines: list[dict] | None = None,
) -> ContractRevision:
    """Propose an amendment: the changed value, ceiling, period or price lines, with the reason. It becomes a new
    revision with its diff against the terms in force, and comes into force when both sides have signed it.
    Either side may propose (the buyer's officers, the supplier's administrators)."""
    contract = _locked(contract)
    if not (roles.is_buyer_officer(by, contract) or roles.is_supplier_signatory(by, contract)):
        raise forbidden(
            _("Only a procurement officer of the buyer or an administrator of the supplier may propose an amendment.")
        )
    if not contract.can_be_amended:
        raise refuse(
            _("Only a signed or active contract without a pending amendment can be amended."),
            code="invalid_state",
        )
    reason = required_reason(reason, what=_("the amendment"))
    current = contract.revisions.filter(signed_at__isnull=False).order_by("-number").first()
    before = contract_terms(contract)
    after = dict(before)
    if value not in (None, ""):
        after["value"] = str(_decimal(value, field="value").quantize(CENT))
    _amend_ceiling(contract, after, max_value=max_value, max_quantity=max_quantity)
    if period_start is not None:
        after["period_start"] = period_start.isoformat()
    if period_end is not None:
        after["period_end"] = period_end.isoformat()
    if after["period_end"] < after["period_start"]:
        raise refuse(_("The period ends before it starts."), field="period_end")
    if lines is not None:
        after["lines"] = _clean_lines(lines)
    diff = _diff(before, after)
    if not diff:
        raise refuse(_("The amendment changes nothing."), field="non_field_errors", code="unchanged")
    revision = _revision_create(contract=contract, terms=after, by=by, reason=reason, diff=diff)
    audit_record(
        actor=by,
        action="contract.amendment_proposed",
        target=contract,
        organization=contract.buyer,
        changes={
            "revision": [current.number if current else None, revision.number],
            "reason": [None, reason],
            "changed": [None, sorted(diff)],
        },
    )
    notify_organizations(
        organizations=[contract.buyer, contract.supplier],
        link=contract_link(contract),
        subject=lambda: (
            _("Amendment to contract C-%(id)d awaits signatures: %(reason)s")
            % {"id": contract.pk, "reason": reason[:80]}
        ),
    )
    return revision


@transaction.atomic
def contract_terminate(*, contract: Contract, by: User, reason: str) -> Contract:
    """The buyer ends the contract early, with the reason; open orders are cancelled and give back the ceiling."""
    contract = _locked(contract)
    ensure_buyer_officer(by, contract, doing=_("terminate the contract"))
    reason = required_reason(reason, what=_("terminating"))
    contract.termination_reason = reason
    transition(
        contract,
        table=CONTRACT_TRANSITIONS,
        to=ContractState.TERMINATED,
        by=by,
        action="terminated",
        organization=contract.buyer,
        reason=reason,
        fields=("termination_reason",),
    )
    contract.revisions.filter(signed_at__isnull=True).delete()
    order_cancel_open(contract=contract, by=by, reason=reason)
    contract_publish(contract=contract.pk, change="terminated")
    notify_organizations(
        organizations=[contract.buyer, contract.supplier],
        link=contract_link(contract),
        subject=lambda: _("Contract C-%(id)d was terminated: %(reason)s") % {"id": contract.pk, "reason": reason[:80]},
    )
    return contract


@transaction.atomic
def contract_complete(*, contract: Contract, by: User) -> Contract:
    """The buyer closes an active contract whose orders are all completed or cancelled."""
    contract = _locked(contract)
    ensure_buyer_officer(by, contract, doing=_("complete the contract"))
    if contract.orders.exclude(state__in=[OrderState.COMPLETED, OrderState.CANCELLED]).exists():
        raise refuse(_("Some orders are still open; complete or cancel them first."), code="orders_open")
    transition(
        contract,
        table=CONTRACT_TRANSITIONS,
        to=ContractState.COMPLETED,
        by=by,
        action="completed",
        organization=contract.buyer,
    )
    contract_publish(contract=contract.pk, change="completed")
    return contract
