"""Browser pages of the contracting app."""

from django.urls import path

from . import views

app_name = "contracting"
urlpatterns = [
    path("", views.index, name="index"),
    path("contracts/<int:pk>/", views.contract_detail, name="contract-detail"),
    path("contracts/<int:pk>/revisions/<int:number>/pdf/", views.contract_pdf, name="contract-pdf"),
    path("contracts/<int:pk>/sign/", views.contract_sign, name="contract-sign"),
    path("contracts/<int:pk>/amend/", views.contract_amend, name="contract-amend"),
    path("contracts/<int:pk>/terminate/", views.contract_terminate, name="contract-terminate"),
    path("contracts/<int:pk>/orders/", views.order_create, name="order-create"),
    path("orders/<int:pk>/", views.order_detail, name="order-detail"),
    path("orders/<int:pk>/confirm/", views.order_confirm, name="order-confirm"),
    path("orders/<int:pk>/cancel/", views.order_cancel, name="order-cancel"),
    path("orders/<int:pk>/deliveries/", views.delivery_create, name="delivery-create"),
    path("board/", views.orders_board, name="board"),
    path("to-accept/", views.accept_queue, name="to-accept"),
    path("deliveries/<int:pk>/", views.delivery_detail, name="delivery-detail"),
    path("deliveries/<int:pk>/events/", views.delivery_event, name="delivery-event"),
    path("deliveries/<int:pk>/proof/", views.delivery_proof, name="delivery-proof"),
    path("deliveries/<int:pk>/proof/file/", views.delivery_proof_file, name="delivery-proof-file"),
    path("deliveries/<int:pk>/booking/", views.delivery_booking, name="delivery-booking"),
    path("deliveries/<int:pk>/accept/", views.delivery_accept, name="delivery-accept"),
    path("tenders/<int:tender_pk>/", views.tender_contracts, name="tender-contracts"),
    path("jcc/bookings/", views.jcc_bookings, name="jcc-bookings"),
]
