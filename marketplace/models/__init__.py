"""Data of the marketplace: capacity listings, tenders and lots, questions, bids, evaluation, awards."""

from .awards import Award, AwardState, Notification
from .bids import Bid, BidDocument, BidLot, BidState, CriterionScore, Subcontractor
from .feed import ChangeEvent, ChangeKind, OcdsRelease
from .listings import (
    CapacityListing,
    CapacityUnit,
    ListingCpvCode,
    ListingKind,
    ListingState,
    ListingVisibility,
)
from .matching import DigestFrequency, Match, MatchRun, SavedSearch, SavedSearchHit
from .tenders import (
    OPEN_FOR_BIDS,
    Amendment,
    AwardCriterion,
    AwardMethod,
    CriterionKind,
    LegalBasis,
    Lot,
    LotState,
    Procedure,
    Question,
    Tender,
    TenderDocument,
    TenderState,
)

__all__ = [
    "Amendment",
    "Award",
    "AwardCriterion",
    "AwardMethod",
    "AwardState",
    "Bid",
    "BidDocument",
    "BidLot",
    "BidState",
    "CapacityListing",
    "CapacityUnit",
    "ChangeEvent",
    "ChangeKind",
    "CriterionKind",
    "CriterionScore",
    "DigestFrequency",
    "LegalBasis",
    "ListingCpvCode",
    "ListingKind",
    "ListingState",
    "ListingVisibility",
    "Lot",
    "LotState",
    "Match",
    "MatchRun",
    "Notification",
    "OcdsRelease",
    "OPEN_FOR_BIDS",
    "Procedure",
    "Question",
    "SavedSearch",
    "SavedSearchHit",
    "Subcontractor",
    "Tender",
    "TenderDocument",
    "TenderState",
]
