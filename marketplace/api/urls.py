"""Router of the marketplace API under /api/v1/marketplace/."""

from rest_framework.routers import DefaultRouter

from organizations.api.notifications import NotificationViewSet

from . import views

router = DefaultRouter()
router.register("listings", views.ListingViewSet, basename="listing")
router.register("tenders", views.TenderViewSet, basename="tender")
router.register("lots", views.LotViewSet, basename="lot")
router.register("questions", views.QuestionViewSet, basename="question")
router.register("bids", views.BidViewSet, basename="bid")
router.register("awards", views.AwardViewSet, basename="award")
router.register("tender-documents", views.TenderDocumentViewSet, basename="tender-document")
router.register("bid-documents", views.BidDocumentViewSet, basename="bid-document")
router.register("feed", views.FeedViewSet, basename="feed")
router.register("ocds-releases", views.ReleaseFeedViewSet, basename="ocds-release")
router.register("matches", views.MatchViewSet, basename="match")
router.register("saved-searches", views.SavedSearchViewSet, basename="saved-search")
router.register("match-runs", views.MatchRunViewSet, basename="match-run")
# Notifications live in organizations; their routes stay here, where clients already call them.
router.register("notifications", NotificationViewSet, basename="notification")
urlpatterns = router.urls
