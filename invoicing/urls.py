"""Browser pages of the invoicing app."""

from django.urls import path

from . import report_views, views, views_payouts

app_name = "invoicing"
urlpatterns = [
    path("", views.index, name="index"),
    path("to-approve/", views.to_approve, name="to-approve"),
    path("spend/", report_views.spend, name="spend"),
    path("sme-share/", report_views.sme_share, name="sme-share"),
    path("upload/", views.upload, name="upload"),
    path("payouts/", views_payouts.payouts_index, name="payouts"),
    path("payouts/<int:pk>/", views_payouts.payouts_consortium, name="payouts-consortium"),
    path(
        "payouts/<int:pk>/members/<int:member_pk>/statement.<str:kind>",
        views_payouts.payout_statement,
        name="payout-statement",
    ),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/document/<str:syntax>/", views.download, name="download"),
    path("<int:pk>/<str:step>/", views.act, name="act"),
    path("orders/<int:order_pk>/invoice/", views.draft, name="draft"),
]
