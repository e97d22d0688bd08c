"""Reads of consortium payouts, narrowed in SQL to the consortia the user stands for.

Payouts (and the statements made of them) are the consortium's internal split: they are visible to the
members of the consortium's Organization (the lead's people) and of its current member organizations —
`contracting.roles.party_organization_ids`, the same subquery that lets them see the consortium's contracts
and invoices. The buyer paid the consortium, not its members, and does not see how the consortium shares the
money; a member that has left sees no more of it, as with the contracts. Anyone else gets a 404.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Min, QuerySet, Sum

from contracting.roles import party_organization_ids
from organizations.models import Organization, OrganizationKind, User

from ..models import Payout


def payout_consortia_visible_to(*, user: User | None) -> QuerySet[Organization]:
    """The consortia (with an alliance) whose payouts the user may see."""
    return Organization.objects.filter(
        kind=OrganizationKind.CONSORTIUM, alliance__isnull=False, pk__in=party_organization_ids(user)
    ).order_by("legal_name", "pk")


def payout_list_visible_to(*, user: User | None) -> QuerySet[Payout]:
    return (
        Payout.objects.filter(consortium__in=payout_consortia_visible_to(user=user))
        .select_related("payment__invoice", "consortium", "member")
        .order_by("payment__paid_on", "payment_id", "position", "id")
    )


@dataclass
class Statement:
    """One member's payout statement for one consortium: each payment with the member's share of it."""

    consortium: Organization
    member: Organization
    rows: list[Payout] = field(default_factory=list)

    @property
    def totals(self) -> list[tuple[str, Decimal]]:
        """The member's total per currency (a consortium may invoice in more than one)."""
        sums: dict[str, Decimal] = {}
        for row in self.rows:
            currency = row.payment.invoice.currency
            sums[currency] = sums.get(currency, Decimal(0)) + row.amount
        return sorted(sums.items())


def payout_members(*, consortium: Organization) -> list[tuple[Organization, list[tuple[str, Decimal]]]]:
    """The organizations that received payouts of the consortium, lead first, with their totals per currency."""
    currency = "payment__invoice__currency"
    rows = (
        Payout.objects.filter(consortium=consortium)
        .values("member_id", currency)
        .annotate(total=Sum("amount"), position=Min("position"))
        .order_by("member_id", currency)
    )
    totals: dict[int, list[tuple[str, Decimal]]] = {}
    positions: dict[int, int] = {}
    for row in rows:
        totals.setdefault(row["member_id"], []).append((row[currency], row["total"]))
        positions[row["member_id"]] = min(positions.get(row["member_id"], row["position"]), row["position"])
    organizations = Organization.objects.in_bulk(list(totals))
    order = sorted(totals, key=lambda pk: (positions[pk], organizations[pk].legal_name))
    return [(organizations[pk], totals[pk]) for pk in order]


def payout_statement(*, user: User | None, consortium_id: int, member_id: int) -> Statement | None:
    """The member's statement, or None when the user may not see the consortium or the member had no share."""
    consortium = payout_consortia_visible_to(user=user).filter(pk=consortium_id).first()
    if consortium is None:
        return None
    rows = list(payout_list_visible_to(user=user).filter(consortium=consortium, member_id=member_id))
    if not rows:
        return None
    return Statement(consortium=consortium, member=rows[0].member, rows=rows)
