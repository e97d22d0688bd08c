"""ViewSets of the marketplace API, one module per concept."""

from .bids import AwardViewSet, BidDocumentViewSet, BidViewSet, NotificationViewSet
from .listings import ListingViewSet
from .tenders import FeedViewSet, LotViewSet, QuestionViewSet, TenderDocumentViewSet, TenderViewSet

__all__ = [
    "AwardViewSet",
    "BidDocumentViewSet",
    "BidViewSet",
    "FeedViewSet",
    "ListingViewSet",
    "LotViewSet",
    "NotificationViewSet",
    "QuestionViewSet",
    "TenderDocumentViewSet",
    "TenderViewSet",
]
