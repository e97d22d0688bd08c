"""Router of the compliance API under /api/v1/compliance/."""

from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("frameworks", views.FrameworkViewSet, basename="framework")
router.register("assessments", views.AssessmentViewSet, basename="assessment")
router.register("evidence", views.EvidenceViewSet, basename="evidence")
router.register("badges", views.BadgeViewSet, basename="badge")
router.register("shares", views.ShareViewSet, basename="share")
router.register("licences", views.LicenceViewSet, basename="licence")
router.register("screening", views.ScreeningViewSet, basename="screening")
urlpatterns = router.urls
