"""Router of the organizations API under /api/v1/organizations/."""

from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("organizations", views.OrganizationViewSet, basename="organization")
router.register("directory", views.DirectoryViewSet, basename="directory")
router.register("memberships", views.MembershipViewSet, basename="membership")
router.register("invitations", views.InvitationViewSet, basename="invitation")
router.register("tokens", views.ApiTokenViewSet, basename="apitoken")
router.register("audit", views.AuditEntryViewSet, basename="auditentry")
router.register("cpv", views.CpvCodeViewSet, basename="cpv")
router.register("me", views.MeView, basename="me")
urlpatterns = router.urls
