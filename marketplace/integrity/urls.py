"""Browser pages of the integrity layer, under /marketplace/integrity/."""

from django.urls import path

from . import views

app_name = "integrity"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("tenders/<int:pk>/", views.tender_flags, name="tender-flags"),
    path("settings/", views.buyer_settings, name="settings"),
    path("settings/lots/<int:lot_pk>/fixed-price/", views.lot_fixed_price, name="lot-fixed-price"),
    path("alt/<int:pk>/", views.alt_case, name="alt-case"),
    path("alt/<int:pk>/request/", views.alt_request, name="alt-request"),
    path("alt/<int:pk>/answer/", views.alt_answer, name="alt-answer"),
    path("alt/<int:pk>/decide/", views.alt_decide, name="alt-decide"),
    path("alt/<int:pk>/documents/<int:document_pk>/", views.alt_document, name="alt-document"),
]
