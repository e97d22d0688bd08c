"""ViewSets of the marketplace API, one module per concept."""

from .bids import AwardViewSet, BidDocumentViewSet, BidViewSet
from .feed import FeedViewSet, ReleaseFeedViewSet
from .listings import ListingViewSet
from .matching import MatchRunViewSet, MatchViewSet, SavedSearchViewSet
from .tenders import LotViewSet, QuestionViewSet, TenderDocumentViewSet, TenderViewSet

__all__ = [
    "AwardViewSet",
    "BidDocumentViewSet",
    "BidViewSet",
    "FeedViewSet",
    "ListingViewSet",
    "LotViewSet",
    "MatchRunViewSet",
    "MatchViewSet",
    "QuestionViewSet",
    "ReleaseFeedViewSet",
    "SavedSearchViewSet",
    "TenderDocumentViewSet",
    "TenderViewSet",
]
