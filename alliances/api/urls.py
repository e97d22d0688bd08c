"""Router of the alliances API under /api/v1/alliances/."""

from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("alliances", views.AllianceViewSet, basename="alliance")
router.register("invitations", views.InvitationViewSet, basename="alliance-invitation")
router.register("partners", views.PartnerViewSet, basename="partner")
router.register("contacts", views.ContactViewSet, basename="contact")
router.register("announcements", views.AnnouncementViewSet, basename="announcement")
router.register("documents", views.DocumentViewSet, basename="shared-document")
router.register("threads", views.ThreadViewSet, basename="thread")
router.register("tasks", views.TaskViewSet, basename="task")
urlpatterns = router.urls
