"""Test data for the integrity layer: an opened tender with offers at chosen prices, built through services."""

from decimal import Decimal

from tests.marketplace.factories import (
    buyer_with_officer,
    pass_deadline,
    published_tender,
    sme_with_member,
    submitted_bid,
)


def opened_tender(prices, *, lots=1, buyer=None, **tender_fields):
    """A tender whose deadline passed with one bid per entry of `prices` (a tuple per bid, one price per lot,
    or a number for one lot). Returns (tender, officer, [(bidder, user, bid)])."""
    org, officer = buyer or buyer_with_officer()
    tender = published_tender(org, officer, lots=lots, **tender_fields)
    bidders = []
    for n, price in enumerate(prices, start=1):
        sme, user = sme_with_member(legal_name=f"Supplier {n} GmbH")
        per_lot = price if isinstance(price, tuple) else (price,)
        bid = submitted_bid(tender, sme, user, prices=tuple(Decimal(str(p)) for p in per_lot))
        bidders.append((sme, user, bid))
    return pass_deadline(tender), officer, bidders
