"""Signing contracts: each side signs the pending revision (the SHA-256 of the rendered PDF, who signed when);
with both signatures a draft becomes signed and active, or an amendment comes into force.

Lock order: the contract row first, then its revisions (as in services/contracts.py and services/orders.py).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.pdf import sha256_hex
from organizations.audit import audit_record
from organizations.models import Organization, User
from organizations.notifications import notify_organizations

from .. import roles
from ..integrity import contract_flags_recompute_later
from ..models import CONTRACT_TRANSITIONS, Contract, ContractLine, ContractRevision, ContractSignature, ContractState
from ..rendering import contract_render_pdf
from .common import forbidden, refuse, transition
from .contracts import _locked, contract_link
from .ocds import contract_publish


def _side_of(user: User, contract: Contract) -> Organization:
    if roles.is_buyer_officer(user, contract):
        return contract.buyer
    if roles.is_supplier_signatory(user, contract):
        return contract.supplier
    raise forbidden(
        _("Only a procurement officer of %(buyer)s or an administrator of %(supplier)s may sign.")
        % {"buyer": contract.buyer.legal_name, "supplier": contract.supplier.legal_name},
        field="organization",
    )


def _apply_terms(contract: Contract, terms: dict) -> None:
    """An amendment signed by both sides comes into force: the contract takes its value, period and lines."""
    contract.value = Decimal(terms["value"])
    contract.max_value = None if terms["max_value"] is None else Decimal(terms["max_value"])
    contract.max_quantity = None if terms["max_quantity"] is None else Decimal(terms["max_quantity"])
    contract.period_start = date.fromisoformat(terms["period_start"])
    contract.period_end = date.fromisoformat(terms["period_end"])
    contract.save(update_fields=["value", "max_value", "max_quantity", "period_start", "period_end", "updated_at"])
    contract.lines.all().delete()
    ContractLine.objects.bulk_create(
        ContractLine(
            contract=contract,
            position=line["position"],
            lot_id=line.get("lot"),
            description=line["description"],
            quantity=Decimal(line["quantity"]),
            unit=line["unit"],
            unit_price=Decimal(line["unit_price"]),
        )
        for line in terms["lines"]
    )


@transaction.atomic
def contract_sign(*, revision: ContractRevision, by: User, pdf_sha256: str | None = None) -> ContractSignature:
    """One side signs the pending revision: a procurement officer for the buyer, an administrator for the supplier
    (a consortium's Organization carries its lead's administrators). Records who, when and the PDF's SHA-256;
    pass `pdf_sha256` (of the PDF the signatory read) to make sure it is the same document. With both signatures
    the draft becomes signed (and active once its period has started), or the amendment comes into force."""
    contract = _locked(revision.contract)
    revision = ContractRevision.objects.select_for_update().get(pk=revision.pk)
    organization = _side_of(by, contract)
    if revision.signed_at is not None:
        raise refuse(
            _("Revision %(n)d is already signed by both sides.") % {"n": revision.number},
            field="revision",
            code="already_signed",
        )
    if contract.state in (ContractState.TERMINATED, ContractState.COMPLETED):
        raise refuse(_("This contract is closed; nothing more can be signed."), code="invalid_state")
    if revision.signatures.filter(organization=organization).exists():
        raise refuse(
            _("%(org)s has already signed revision %(n)d.") % {"org": organization.legal_name, "n": revision.number},
            field="organization",
            code="already_signed",
        )
    digest = sha256_hex(contract_render_pdf(revision=revision))
    if pdf_sha256 is not None and pdf_sha256.strip().lower() != digest:
        raise refuse(
            _("The document differs from the one you reviewed; download it again before signing."),
            field="pdf_sha256",
            code="document_changed",
        )
    signature = ContractSignature.objects.create(
        revision=revision, organization=organization, signed_by=by, pdf_sha256=digest
    )
    audit_record(
        actor=by,
        action="contract.signed",
        target=contract,
        organization=organization,
        changes={"revision": [None, revision.number], "pdf_sha256": [None, digest]},
    )
    signed = set(revision.signatures.values_list("organization_id", flat=True))
    if {contract.buyer_id, contract.supplier_id} <= signed:
        _both_signed(contract, revision, by)
    else:
        other = contract.supplier if organization.pk == contract.buyer_id else contract.buyer
        notify_organizations(
            organizations=[other],
            link=contract_link(contract),
            subject=lambda: (
                _("%(org)s signed contract C-%(id)d; your signature is awaited")
                % {"org": organization.legal_name, "id": contract.pk}
            ),
        )
    return signature


def _both_signed(contract: Contract, revision: ContractRevision, by: User) -> None:
    now = timezone.now()
    revision.signed_at = now
    revision.save(update_fields=["signed_at"])
    if revision.is_amendment:
        _apply_terms(contract, revision.terms)
        audit_record(
            actor=by,
            action="contract.amended",
            target=contract,
            organization=contract.buyer,
            changes={"revision": [revision.number - 1, revision.number], **revision.diff},
        )
        contract_flags_recompute_later(contract=contract)
    else:
        contract.signed_at = now
        transition(
            contract,
            table=CONTRACT_TRANSITIONS,
            to=ContractState.SIGNED,
            by=by,
            action="fully_signed",
            organization=contract.buyer,
            fields=("signed_at",),
        )
        if contract.period_start <= timezone.localdate():
            transition(
                contract,
                table=CONTRACT_TRANSITIONS,
                to=ContractState.ACTIVE,
                by=by,
                action="activated",
                organization=contract.buyer,
            )
    contract_publish(contract=contract.pk, change="amended" if revision.is_amendment else "signed")
    notify_organizations(
        organizations=[contract.buyer, contract.supplier],
        link=contract_link(contract),
        subject=lambda: (
            _("Contract C-%(id)d revision %(n)d is signed by both sides") % {"id": contract.pk, "n": revision.number}
        ),
    )


def contracts_activate(*, today: date | None = None) -> int:
    """Beat task: signed contracts whose period has started become active."""
    today = today or timezone.localdate()
    count = 0
    for pk in Contract.objects.filter(state=ContractState.SIGNED, period_start__lte=today).values_list("pk", flat=True):
        with transaction.atomic():
            contract = _locked(Contract(pk=pk))
            if contract.state == ContractState.SIGNED:
                transition(
                    contract,
                    table=CONTRACT_TRANSITIONS,
                    to=ContractState.ACTIVE,
                    by=None,
                    action="activated",
                    organization=contract.buyer,
                )
                contract_publish(contract=contract.pk, change="activated")
                count += 1
    return count
