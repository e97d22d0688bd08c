"""Browser pages of the alliances app."""

from django.urls import path

from . import views

app_name = "alliances"
urlpatterns = [
    path("", views.index, name="index"),
    path("kinds/", views.kinds, name="kinds"),
    path("new/", views.alliance_create, name="create"),
    path("invitations/<int:pk>/<str:answer>/", views.invitation_answer, name="invitation-answer"),
    path("partners/", views.partner_search, name="partners"),
    path("partners/<int:pk>/", views.partner_detail, name="partner"),
    path("partners/<int:pk>/contact/", views.partner_contact, name="partner-contact"),
    path("partners/<int:pk>/invite/", views.partner_invite, name="partner-invite"),
    path("announcements/", views.announcements, name="announcements"),
    path("contacts/", views.contacts, name="contacts"),
    path("contacts/<int:pk>/reveal/", views.contact_reveal, name="contact-reveal"),
    path("<int:pk>/", views.alliance_detail, name="detail"),
    path("<int:pk>/shares/", views.members_set, name="members-set"),
    path("<int:pk>/invite/", views.invite, name="invite"),
    path("<int:pk>/leave/", views.leave, name="leave"),
    path("<int:pk>/dissolve/", views.dissolve, name="dissolve"),
    path("<int:pk>/workspace/", views.workspace, name="workspace"),
    path("<int:pk>/workspace/threads/", views.thread_start, name="thread-start"),
    path("<int:pk>/workspace/threads/<int:thread_pk>/messages/", views.message_post, name="message-post"),
    path("<int:pk>/workspace/documents/", views.document_upload, name="document-upload"),
    path("<int:pk>/workspace/documents/<int:document_pk>/", views.document_download, name="document-download"),
    path("<int:pk>/workspace/tasks/", views.task_add, name="task-add"),
    path("<int:pk>/workspace/tasks/<int:task_pk>/toggle/", views.task_toggle, name="task-toggle"),
    path("<int:pk>/agreement/", views.agreement_page, name="agreement"),
    path("<int:pk>/agreement/clauses/", views.clause_change, name="clause-change"),
    path("<int:pk>/agreement/sign/", views.sign, name="sign"),
    path("<int:pk>/agreement/diff/", views.version_diff, name="diff"),
    path("<int:pk>/agreement/v<int:number>/", views.version_html, name="version"),
    path("<int:pk>/agreement/v<int:number>/pdf/", views.version_pdf, name="version-pdf"),
]
