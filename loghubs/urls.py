"""Browser pages of the loghubs app."""

from django.urls import path

from . import views

app_name = "loghubs"
urlpatterns = [
    path("", views.index, name="index"),
    path("hubs/pick/", views.hub_pick, name="hub-pick"),
    path("bookings/pick/", views.booking_pick, name="booking-pick"),
    path("requests/new/", views.request_create, name="request-create"),
    path("requests/<int:pk>/", views.request_detail, name="request-detail"),
    path("requests/<int:pk>/cancel/", views.request_cancel, name="request-cancel"),
    path("requests/<int:pk>/route/", views.request_route, name="request-route"),
    path("requests/<int:pk>/offer/", views.offer_create, name="offer-create"),
    path("requests/<int:pk>/decline/", views.request_decline, name="request-decline"),
    path("requests/<int:pk>/cancellation/", views.request_cancellation_decide, name="request-cancellation"),
    path("offers/", views.offer_inbox, name="offers"),
    path("offers/<int:pk>/accept/", views.offer_accept, name="offer-accept"),
    path("offers/<int:pk>/decline/", views.offer_decline, name="offer-decline"),
    path("bookings/", views.booking_calendar, name="bookings"),
    path("bookings/<int:pk>/check-in/", views.booking_check_in, name="booking-check-in"),
    path("bookings/<int:pk>/complete/", views.booking_complete, name="booking-complete"),
    path("jcc/", views.dashboard, name="jcc-dashboard"),
    path("jcc/conflicts/resolve/", views.conflict_resolve, name="conflict-resolve"),
    path("hub/", views.hub_overview, name="hub"),
    path("services/<int:pk>/", views.service_edit, name="service-edit"),
    path("services/<int:pk>/slots/", views.service_slots_open, name="service-slots-open"),
]
