"""Browser pages of the marketplace: the hub, tenders for suppliers and for buyers, bids, notifications, matching.

Views only read through the selectors (bids stay sealed until the submission deadline) and write through
the services; a domain error re-renders the form with the message on its field, or comes back as a message.
"""

from .bids import bid_edit, bid_list, bid_submit, bid_withdraw
from .buying import (
    award_decline,
    award_propose,
    lot_cancel,
    offer_score,
    question_answer,
    tender_amend,
    tender_cancel,
    tender_create,
    tender_mine,
    tender_publish,
)
from .committee import tender_committee
from .hub import index, notification_list, notification_read, notification_read_all
from .listings import listing_create, listing_detail, listing_mine, listing_search, listing_transition
from .matching import (
    fits_mine,
    rematch,
    rematch_progress,
    saved_search_delete,
    saved_search_list,
    tender_fits,
    tender_invite,
)
from .pickers import listing_pick, tender_pick
from .tenders import tender_detail, tender_search

__all__ = [
    "award_decline",
    "award_propose",
    "bid_edit",
    "bid_list",
    "bid_submit",
    "bid_withdraw",
    "fits_mine",
    "index",
    "listing_create",
    "listing_detail",
    "listing_mine",
    "listing_pick",
    "listing_search",
    "listing_transition",
    "lot_cancel",
    "notification_list",
    "notification_read",
    "notification_read_all",
    "offer_score",
    "question_answer",
    "rematch",
    "rematch_progress",
    "saved_search_delete",
    "saved_search_list",
    "tender_amend",
    "tender_cancel",
    "tender_committee",
    "tender_create",
    "tender_detail",
    "tender_fits",
    "tender_invite",
    "tender_mine",
    "tender_pick",
    "tender_publish",
    "tender_search",
]
