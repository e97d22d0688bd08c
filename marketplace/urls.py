"""Browser pages of the marketplace app (tender pages live at /marketplace/tenders/<id>/, the link that
notifications carry)."""

from django.urls import path

from . import views

app_name = "marketplace"
urlpatterns = [
    path("", views.index, name="index"),
    path("tenders/", views.tender_search, name="tender-search"),
    path("tenders/mine/", views.tender_mine, name="tender-mine"),
    path("tenders/pick/", views.tender_pick, name="tender-pick"),
    path("listings/pick/", views.listing_pick, name="listing-pick"),
    path("tenders/new/", views.tender_create, name="tender-create"),
    path("tenders/<int:pk>/", views.tender_detail, name="tender-detail"),
    path("tenders/<int:pk>/edit/", views.tender_amend, name="tender-amend"),
    path("tenders/<int:pk>/publish/", views.tender_publish, name="tender-publish"),
    path("tenders/<int:pk>/cancel/", views.tender_cancel, name="tender-cancel"),
    path("tenders/<int:pk>/committee/", views.tender_committee, name="tender-committee"),
    path("tenders/<int:pk>/bid/", views.bid_edit, name="bid-edit"),
    path("lots/<int:pk>/cancel/", views.lot_cancel, name="lot-cancel"),
    path("lots/<int:pk>/award/", views.award_propose, name="award-propose"),
    path("awards/<int:pk>/decline/", views.award_decline, name="award-decline"),
    path("questions/<int:pk>/answer/", views.question_answer, name="question-answer"),
    path("offers/<int:pk>/score/", views.offer_score, name="offer-score"),
    path("bids/", views.bid_list, name="bid-list"),
    path("bids/<int:pk>/submit/", views.bid_submit, name="bid-submit"),
    path("bids/<int:pk>/withdraw/", views.bid_withdraw, name="bid-withdraw"),
    path("listings/", views.listing_search, name="listing-search"),
    path("listings/mine/", views.listing_mine, name="listing-mine"),
    path("listings/new/", views.listing_create, name="listing-create"),
    path("listings/<int:pk>/", views.listing_detail, name="listing-detail"),
    path("listings/<int:pk>/<slug:action>/", views.listing_transition, name="listing-transition"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read/", views.notification_read_all, name="notifications-read-all"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification-read"),
    # matching: suppliers that fit a tender, tenders that fit you, saved searches, the full re-match
    path("tenders/<int:pk>/fits/", views.tender_fits, name="tender-fits"),
    path("tenders/<int:pk>/invite/<int:organization_pk>/", views.tender_invite, name="tender-invite"),
    path("fits/", views.fits_mine, name="fits-mine"),
    path("saved-searches/", views.saved_search_list, name="saved-searches"),
    path("saved-searches/<int:pk>/delete/", views.saved_search_delete, name="saved-search-delete"),
    path("rematch/", views.rematch, name="rematch"),
    path("rematch/progress/", views.rematch_progress, name="rematch-progress"),
]
