"""URLs of the invoicing API under /api/v1/invoicing/."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from . import payouts, reports, views

router = DefaultRouter()
router.register("invoices", views.InvoiceViewSet, basename="invoice")
router.register("payouts", payouts.PayoutViewSet, basename="payout")

urlpatterns = [
    path("validate/", views.InvoiceValidateView.as_view(), name="validate"),
    path("sme-share/", reports.SmeShareView.as_view(), name="sme-share"),
    *router.urls,
]
