"""Object-permission rules of invoicing: the parties see and act; the services decide which side may do what."""

from __future__ import annotations

from typing import cast

from django.db.models import Model

from contracting.roles import visible_organization_ids
from organizations.models import User
from organizations.permissions import register_rule

from .models import Invoice, InvoiceState, Payout


@register_rule(Invoice)
def invoice_rule(user: User, action: str, obj: Invoice) -> bool:
    ids = visible_organization_ids(user)
    return action in ("view", "change") and (
        obj.seller_id in ids or (obj.buyer_id in ids and obj.state != InvoiceState.DRAFT)
    )


@register_rule(Payout)
def payout_rule(user: User, action: str, obj: Model) -> bool:
    """A consortium's payouts are for its own people and its current members' (not the buyer's)."""
    return action == "view" and cast(Payout, obj).consortium_id in visible_organization_ids(user)
