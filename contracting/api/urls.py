"""Router of the contracting API under /api/v1/contracting/."""

from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("contracts", views.ContractViewSet, basename="contract")
router.register("orders", views.OrderViewSet, basename="order")
router.register("deliveries", views.DeliveryViewSet, basename="delivery")
router.register("events", views.TrackingEventViewSet, basename="event")
router.register("units", views.UnitViewSet, basename="unit")
router.register("booking-links", views.BookingLinkViewSet, basename="booking-link")
urlpatterns = router.urls
