"""The buyer's spend per contract: committed (contract value), delivered (accepted goods receipts), invoiced, paid.

Only contracts whose buyer is one of the user's own organizations count (its members see them; the supplier's
side and everyone else get none), narrowed in SQL. Each figure is one correlated subquery, so the page costs
the same few queries however many contracts, deliveries, invoices and payments there are. The period keeps
contracts that run in it, at their full value, and counts the goods receipts, invoices and payments dated in
it. Amounts are net of VAT (`reports.common`); each contract's figures are in its currency, totals per currency.
"""

from __future__ import annotations

from django.db.models import F, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Round

from contracting.models import Contract, ContractState, DeliveryLine
from organizations.models import Membership, User

from ..models import Invoice, Payment
from .common import ALL_TIME, AMOUNT, Period, invoiced_net, paid_net, payments_counted

FIGURES = ("committed", "delivered", "invoiced", "paid", "paid_gross")


def _sum(queryset: QuerySet, group: str, expression) -> Coalesce:
    """One number per contract: the sum of `expression` over `queryset`'s rows of the outer contract."""
    rows = queryset.order_by().values(group).annotate(total=Sum(expression, output_field=AMOUNT)).values("total")
    return Coalesce(Round(Subquery(rows, output_field=AMOUNT), 2), Value(0), output_field=AMOUNT)


def buyer_organization_ids(user: User | None) -> QuerySet:
    """The organizations whose spend the user sees: the ones the user is a member of (a subquery)."""
    if user is None or not user.is_authenticated:
        return Membership.objects.none().values("organization_id")
    return Membership.objects.filter(user=user).values("organization_id")


def spend_by_contract(*, user: User | None, period: Period = ALL_TIME) -> QuerySet[Contract]:
    """The signed contracts the user's organizations buy, running in `period`, each with `committed`,
    `delivered`, `invoiced`, `paid` (net) and `paid_gross` (with VAT, as recorded); largest first."""
    contracts = Contract.objects.filter(buyer_id__in=buyer_organization_ids(user)).exclude(state=ContractState.DRAFT)
    if period.until:
        contracts = contracts.filter(period_start__lte=period.until)
    if period.since:
        contracts = contracts.filter(period_end__gte=period.since)
    delivered = DeliveryLine.objects.filter(delivery__order__contract=OuterRef("pk"), accepted_quantity__gt=0).filter(
        period.q("delivery__acceptance__decided_at__date")
    )
    invoices = Invoice.objects.filter(contract=OuterRef("pk")).filter(period.q("issue_date"))
    payments = Payment.objects.filter(invoice__contract=OuterRef("pk")).filter(payments_counted(), period.q("paid_on"))
    return (
        contracts.select_related("supplier", "buyer")
        .annotate(
            committed=F("value"),
            delivered=_sum(
                delivered, "delivery__order__contract", F("accepted_quantity") * F("order_line__unit_price")
            ),
            invoiced=_sum(invoices, "contract", invoiced_net()),
            paid=_sum(payments, "invoice__contract", paid_net()),
            paid_gross=_sum(payments, "invoice__contract", F("amount")),
        )
        .order_by("-value", "-id")
    )


def spend_totals(contracts: QuerySet[Contract]) -> list[dict]:
    """The figures of `spend_by_contract` added up per currency, in one query: [{currency, committed, ...}]."""
    return [
        dict(row)
        for row in contracts.order_by()
        .values("currency")
        .annotate(contracts=Sum(Value(1)), **{name: Sum(name, output_field=AMOUNT) for name in FIGURES})
        .order_by("currency")
    ]
