"""URLs of the invoicing API under /api/v1/invoicing/."""

from django.urls import path

from . import views

urlpatterns = [
    path("validate/", views.InvoiceValidateView.as_view(), name="validate"),
]
