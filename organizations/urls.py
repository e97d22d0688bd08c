"""Browser pages of the organizations app and the account pages."""

from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
from .forms import LanguagePasswordResetForm

urlpatterns = [
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/signup/", views.sign_up, name="signup"),
    path(
        "accounts/password-reset/",
        auth_views.PasswordResetView.as_view(form_class=LanguagePasswordResetForm),
        name="password_reset",
    ),
    path("accounts/password-reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "accounts/reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"
    ),
    path("accounts/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("accounts/settings/", views.account_settings, name="account-settings"),
    path("accounts/tokens/", views.api_tokens, name="api-tokens"),
    path("accounts/tokens/<int:pk>/revoke/", views.api_token_revoke, name="api-token-revoke"),
    path("organizations/", views.directory, name="directory"),
    path("organizations/new/", views.organization_create, name="organization-create"),
    path("organizations/switch/", views.switch_organization, name="organization-switch"),
    path("organizations/<int:pk>/", views.organization_detail, name="organization-detail"),
    path("organizations/<int:pk>/edit/", views.organization_edit, name="organization-edit"),
    path("memberships/<int:pk>/", views.membership_change, name="membership-change"),
    path("invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation-revoke"),
    path("invitations/accept/<str:token>/", views.invitation_accept, name="accept-invitation"),
    path("audit/", views.audit_log, name="audit-log"),
    path("cpv/suggest/", views.cpv_suggest, name="cpv-suggest"),
    path("organizations/pick/", views.organization_pick, name="organization-pick"),
    path("cpv/suggest-for-text/", views.cpv_suggest_text, name="cpv-suggest-text"),
]
