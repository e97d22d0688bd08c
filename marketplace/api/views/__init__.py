"""ViewSets of the marketplace API, one module per concept."""

from .bids import AwardViewSet, BidViewSet, NotificationViewSet
from .listings import ListingViewSet
from .tenders import FeedViewSet, LotViewSet, QuestionViewSet, TenderViewSet

__all__ = ["AwardViewSet", "BidViewSet", "FeedViewSet", "ListingViewSet", "LotViewSet", "NotificationViewSet",
           "QuestionViewSet", "TenderViewSet"]
