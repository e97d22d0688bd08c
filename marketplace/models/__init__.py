"""Data of the marketplace: capacity listings, tenders and lots, questions, bids, evaluation, awards."""

from .awards import Award, AwardState, Notification
from .bids import Bid, BidDocument, BidLot, BidState, CriterionScore, Subcontractor
from .listings import (
    CapacityListing,
    CapacityUnit,
    ListingCpvCode,
    ListingKind,
    ListingState,
    ListingVisibility,
)
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
    "OPEN_FOR_BIDS", "Amendment", "Award", "AwardCriterion", "AwardMethod", "AwardState", "Bid", "BidDocument",
    "BidLot", "BidState", "CapacityListing", "CapacityUnit", "CriterionKind", "CriterionScore", "LegalBasis",
    "ListingCpvCode", "ListingKind", "ListingState", "ListingVisibility", "Lot", "LotState", "Notification",
    "Procedure", "Question", "Subcontractor", "Tender", "TenderDocument", "TenderState",
]
