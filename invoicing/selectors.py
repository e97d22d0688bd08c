"""Reads of the invoicing app, narrowed in SQL to what the user may see.

An invoice is visible to the members of its seller and its buyer and — when the seller is a consortium — to the
members of the consortium's current member organizations (`contracting.roles.party_organization_ids`, one
subquery), like the contract it invoices.
"""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from contracting.roles import party_organization_ids
from organizations.models import User

from .models import Invoice, InvoiceLine, InvoiceState, RuleFinding


def invoice_list_visible_to(*, user: User | None) -> QuerySet[Invoice]:
    """Invoices where one of the user's organizations (or consortia) is the seller, or the buyer once it is sent
    (a draft is the seller's own)."""
    orgs = party_organization_ids(user)
    return (
        Invoice.objects.filter(Q(seller_id__in=orgs) | (Q(buyer_id__in=orgs) & ~Q(state=InvoiceState.DRAFT)))
        .select_related("seller", "buyer", "contract", "order")
        .defer("document")
    )


def invoice_detail(*, invoice: Invoice) -> Invoice:
    """A visible invoice with its lines (and their order lines) and its findings."""
    return (
        Invoice.objects.select_related("seller", "buyer", "contract", "order")
        .prefetch_related(
            Prefetch("lines", InvoiceLine.objects.select_related("order_line")),
            Prefetch("findings", RuleFinding.objects.order_by("id")),
        )
        .get(pk=invoice.pk)
    )


def invoices_issued(*, user: User) -> QuerySet[Invoice]:
    """The supplier's list: invoices whose seller is one of the user's organizations or consortia."""
    return invoice_list_visible_to(user=user).filter(seller_id__in=party_organization_ids(user))


def invoices_to_approve(*, user: User) -> QuerySet[Invoice]:
    """The buyer's queue: sent invoices to one of the user's organizations, oldest due first."""
    return (
        invoice_list_visible_to(user=user)
        .filter(buyer_id__in=party_organization_ids(user), state=InvoiceState.SENT)
        .order_by("due_date", "id")
    )
