"""Reads of the invoicing app, narrowed in SQL to what the user may see."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from organizations.models import User
from organizations.selectors import organization_ids_of

from .models import Invoice


def invoice_list_visible_to(*, user: User) -> QuerySet[Invoice]:
    """Invoices where one of the user's organizations is the seller or the buyer (consortium members: later)."""
    orgs = organization_ids_of(user=user)
    return Invoice.objects.filter(Q(seller_id__in=orgs) | Q(buyer_id__in=orgs)).select_related("seller", "buyer")
