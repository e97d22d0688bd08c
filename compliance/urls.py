"""Browser pages of the compliance app."""

from django.urls import path

from . import views

app_name = "compliance"
urlpatterns = [
    path("", views.index, name="index"),
    path("assessments/start/", views.assessment_start, name="assessment-start"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment"),
    path("assessments/<int:pk>/requirements/<int:requirement_pk>/answer/", views.requirement_answer, name="answer"),
    path(
        "assessments/<int:pk>/requirements/<int:requirement_pk>/evidence/",
        views.evidence_upload,
        name="evidence-upload",
    ),
    path("assessments/<int:pk>/submit/", views.assessment_submit, name="assessment-submit"),
    path("assessments/<int:pk>/export.csv", views.assessment_export, {"kind": "csv"}, name="assessment-csv"),
    path(
        "assessments/<int:pk>/statement-of-applicability.csv",
        views.assessment_export,
        {"kind": "soa"},
        name="assessment-soa",
    ),
    path("evidence/<int:pk>/download/", views.evidence_download, name="evidence-download"),
    path("sharing/", views.share_grant, name="share-grant"),
    path("sharing/<int:pk>/revoke/", views.share_revoke, name="share-revoke"),
    path("organizations/<int:pk>/readiness/", views.readiness, name="readiness"),
    path("reviews/", views.review_queue, name="review-queue"),
    path("reviews/<int:pk>/", views.review_detail, name="review"),
    path("reviews/<int:pk>/requirements/<int:requirement_pk>/comment/", views.review_comment, name="review-comment"),
    path("reviews/<int:pk>/decide/", views.review_decide, name="review-decide"),
    path("reviews/<int:pk>/take/", views.review_take, name="review-take"),
    path("reviews/<int:pk>/release/", views.review_release, name="review-release"),
]
