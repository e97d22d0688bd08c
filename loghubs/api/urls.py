"""Router of the loghubs API under /api/v1/loghubs/."""

from rest_framework.routers import DefaultRouter

from . import views

NATION = r"nap/(?P<nation_id>[0-9]+)"

router = DefaultRouter()
router.register("hubs", views.HubViewSet, basename="hub")
router.register(f"{NATION}/requests", views.NapRequestViewSet, basename="nap-request")
router.register(f"{NATION}/offers", views.NapOfferViewSet, basename="nap-offer")
router.register(f"{NATION}/bookings", views.NapBookingViewSet, basename="nap-booking")
router.register(f"{NATION}/hubs", views.NapHubViewSet, basename="nap-hub")
router.register("jcc/requests", views.JccRequestViewSet, basename="jcc-request")
router.register("jcc/conflicts", views.JccConflictViewSet, basename="jcc-conflict")
router.register("jcc/utilisation", views.JccUtilisationViewSet, basename="jcc-utilisation")
router.register("planner", views.PlannerViewSet, basename="planner")
router.register("operator/bookings", views.OperatorBookingViewSet, basename="operator-booking")
router.register("operator/requests", views.OperatorRequestViewSet, basename="operator-request")
router.register("operator/services", views.OperatorServiceViewSet, basename="operator-service")
urlpatterns = router.urls
