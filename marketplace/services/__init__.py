"""Writes of the marketplace: listings, tenders, questions, bids, evaluation and award."""

from ..listing_index import listings_reindex
from .bids import bid_create, bid_submit, bid_update, bid_withdraw, bids_open
from .cancellation import lot_cancel, tender_cancel
from .committee import evaluation_committee_set
from .deadlines import tenders_advance
from .documents import bid_document_add, tender_document_add
from .evaluation import (
    award_decline,
    award_propose,
    awards_finalise,
    criterion_score_set,
    lot_ranking,
    tender_complete,
    tender_settle,
)
from .listings import listing_create, listing_transition, listing_update, listings_expire
from .ocds import tender_release_publish, tender_releases
from .questions import question_answer, question_ask
from .tenders import tender_create, tender_publish, tender_update

__all__ = [
    "award_decline",
    "award_propose",
    "awards_finalise",
    "bid_create",
    "bid_document_add",
    "bid_submit",
    "bid_update",
    "bid_withdraw",
    "bids_open",
    "criterion_score_set",
    "evaluation_committee_set",
    "listing_create",
    "listing_transition",
    "listing_update",
    "listings_expire",
    "listings_reindex",
    "lot_cancel",
    "lot_ranking",
    "question_answer",
    "question_ask",
    "tender_cancel",
    "tender_complete",
    "tender_create",
    "tender_document_add",
    "tender_publish",
    "tender_release_publish",
    "tender_releases",
    "tender_settle",
    "tender_update",
    "tenders_advance",
]
