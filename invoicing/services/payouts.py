"""Consortium payouts: every payment recorded for a consortium's invoice is split among its members.

When the seller of an invoice is a consortium (an Organization of kind consortium with its alliance), the lead
invoices for it and the buyer pays the consortium; ALX then computes, in the same transaction as the payment,
each current member's share of the paid amount and stores it as a `Payout` row, audited.

The weights are the members' agreed **cost and profit shares** (`AllianceMember.cost_share`, the "cost and
profit share" column of the agreement's schedule — the only money split the agreement model expresses; its
clause "Costs and profits" shares common costs and profits in that proportion). Shares that do not add up to
100 % are taken in proportion to their sum. A consortium that agreed no cost and profit shares (all zero) is
split by the agreed work shares; one that agreed neither is split equally, as the law of partnerships presumes
(§ 722 (1) BGB). The cents follow `invoicing/payouts/split.py`: floors first, the spare cents to whoever is
furthest behind its exact share of everything paid so far, so the shares add up to the payment exactly.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from alliances.agreements.variables import current_members
from alliances.models import Alliance, AllianceMember
from organizations.audit import audit_record
from organizations.models import OrganizationKind, User

from ..models import Payment, Payout, PayoutBasis
from ..payouts.split import Claim, split_cents

CENT = Decimal("0.01")


def consortium_alliance(seller) -> Alliance | None:
    """The alliance a seller organization stands for, when it is a consortium; else None."""
    if seller.kind != OrganizationKind.CONSORTIUM:
        return None
    return Alliance.objects.filter(organization=seller).first()


def _weights(members: list[AllianceMember]) -> tuple[str, list[Decimal]]:
    for basis, field in ((PayoutBasis.COST_SHARE, "cost_share"), (PayoutBasis.WORK_SHARE, "work_share")):
        values = [Decimal(getattr(member, field)) for member in members]
        if sum(values) > 0:
            return basis, values
    equal = (Decimal(100) / len(members)).quantize(CENT)
    return PayoutBasis.EQUAL, [equal] * len(members)


def _signed_version(alliance: Alliance, members: list[AllianceMember]) -> int | None:
    """The latest agreement version every current member has signed (the shares in force), if any."""
    agreement = getattr(alliance, "agreement", None)
    if agreement is None:
        return None
    wanted = {member.organization_id for member in members}
    for version in agreement.versions.order_by("-number").prefetch_related("signatures"):
        if wanted <= {signature.organization_id for signature in version.signatures.all()}:
            return version.number
    return None


def _history(consortium_id: int, before: Payment) -> tuple[dict[int, Fraction], dict[int, int]]:
    """Each member's exact entitlement and the cents it was given, over the consortium's earlier payouts."""
    rows = list(
        Payout.objects.filter(consortium_id=consortium_id)
        .exclude(payment=before)
        .values("payment_id", "member_id", "share", "amount")
    )
    totals: dict[int, Decimal] = {}
    paid: dict[int, int] = {}
    for row in rows:
        totals[row["payment_id"]] = totals.get(row["payment_id"], Decimal(0)) + row["share"]
        paid[row["payment_id"]] = paid.get(row["payment_id"], 0) + int(row["amount"] * 100)
    entitled: dict[int, Fraction] = {}
    given: dict[int, int] = {}
    for row in rows:
        total = totals[row["payment_id"]]
        part = Fraction(paid[row["payment_id"]]) * Fraction(row["share"]) / Fraction(total) if total else Fraction(0)
        entitled[row["member_id"]] = entitled.get(row["member_id"], Fraction(0)) + part
        given[row["member_id"]] = given.get(row["member_id"], 0) + int(row["amount"] * 100)
    return entitled, given


def payouts_record(*, payment: Payment, by: User | None) -> list[Payout]:
    """Split `payment` among the current members of the consortium that issued its invoice, store and audit
    the shares. Does nothing (returns []) for a seller that is not a consortium, or one without members.

    Runs inside the caller's transaction (`payment_record`), after the invoice row has been locked, so two
    payments of one consortium's invoices are split one after the other."""
    invoice = payment.invoice
    alliance = consortium_alliance(invoice.seller)
    if alliance is None:
        return []
    members = current_members(alliance)
    if not members:
        return []
    basis, weights = _weights(members)
    entitled, given = _history(invoice.seller_id, payment)
    claims = [
        Claim(
            key=member.organization_id,
            weight=Fraction(weight),
            entitled_before=entitled.get(member.organization_id, Fraction(0)),
            given_before=given.get(member.organization_id, 0),
        )
        for member, weight in zip(members, weights, strict=True)
    ]
    cents = split_cents(int(payment.amount * 100), claims)
    version = _signed_version(alliance, members)
    payouts = Payout.objects.bulk_create(
        [
            Payout(
                payment=payment,
                consortium_id=invoice.seller_id,
                member_id=member.organization_id,
                share=weight,
                basis=basis,
                amount=Decimal(cents[member.organization_id]) / 100,
                agreement_version=version,
                position=position,
            )
            for position, (member, weight) in enumerate(zip(members, weights, strict=True))
        ]
    )
    audit_record(
        actor=by,
        action="payout",
        target=payment,
        organization=invoice.seller,
        changes={
            member.organization.legal_name: [None, f"{payout.amount:.2f}"]
            for member, payout in zip(members, payouts, strict=True)
        },
    )
    return payouts
