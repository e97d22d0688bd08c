"""Object-permission rules of the marketplace; the services re-check roles (officer, bidder) on every write."""

from __future__ import annotations

from typing import cast

from django.db.models import Model

from organizations.models import User
from organizations.permissions import is_member, register_rule

from .models import (
    Award,
    Bid,
    BidDocument,
    CapacityListing,
    Lot,
    Question,
    SavedSearch,
    Tender,
    TenderDocument,
    TenderState,
)


@register_rule(CapacityListing)
def listing_rule(user: User, action: str, obj: CapacityListing) -> bool:
    return True if action == "view" else is_member(user, obj.provider_id)


@register_rule(Tender)
def tender_rule(user: User, action: str, obj: Tender) -> bool:
    if action == "view":
        return obj.state != TenderState.DRAFT or is_member(user, obj.buyer_id)
    return is_member(user, obj.buyer_id)


@register_rule(Lot)
def lot_rule(user: User, action: str, obj: Lot) -> bool:
    return tender_rule(user, action, obj.tender)


# The document and saved-search rules take any Model, as the registry's Rule type says (register_rule hands
# each rule instances of its own model only), so that they add no entry to the older rules' mypy baseline.


@register_rule(TenderDocument)
def tender_document_rule(user: User, action: str, obj: Model) -> bool:
    return tender_rule(user, action, cast(TenderDocument, obj).tender)


@register_rule(Question)
def question_rule(user: User, action: str, obj: Question) -> bool:
    return True if action == "view" else is_member(user, obj.tender.buyer_id)


@register_rule(Bid)
def bid_rule(user: User, action: str, obj: Bid) -> bool:
    # Visibility (sealed until the deadline) is decided by the selector; here only who may act.
    return is_member(user, obj.bidder_id) or (action == "view" and is_member(user, obj.tender.buyer_id))


@register_rule(BidDocument)
def bid_document_rule(user: User, action: str, obj: Model) -> bool:
    return bid_rule(user, action, cast(BidDocument, obj).bid)


@register_rule(Award)
def award_rule(user: User, action: str, obj: Award) -> bool:
    return (
        True
        if action == "view"
        else (is_member(user, obj.offer.bid.bidder_id) or is_member(user, obj.lot.tender.buyer_id))
    )


@register_rule(SavedSearch)
def saved_search_rule(user: User, action: str, obj: Model) -> bool:
    return cast(SavedSearch, obj).user_id == user.pk
