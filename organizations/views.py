"""Browser pages of the organizations app: sign-up, organizations, members, tokens, audit log (the dashboard
lives in the dashboard app, which may read every app)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.http import require_POST

from core.errors import ApplicationError
from core.forms import add_application_error

from . import selectors, services
from .audit_actions import action_label
from .audit_display import ChangeReader
from .forms import (
    AccountSettingsForm,
    ApiTokenForm,
    InviteForm,
    LoginForm,
    MembershipRoleForm,
    OrganizationForm,
    SignUpForm,
)
from .middleware import CHOSEN_LANGUAGE_KEY, SESSION_KEY
from .models import Invitation, MembershipRole, Organization, OrganizationKind
from .pickers import LIMIT, Option, picker_answer
from .services import hash_secret

PAGE_SIZE = 25


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _organization_for(user, pk: int, action: str = "view") -> Organization:
    """The organization if the user may `action` it; otherwise 404, so others' ids reveal nothing."""
    organization = selectors.organization_list_managed_by(user=user).filter(pk=pk).first()
    if organization is None:
        raise Http404
    if not user.has_perm(f"organizations.{action}_organization", organization):
        raise PermissionDenied
    return organization


def sign_up(request):
    if request.user.is_authenticated:
        return redirect("dashboard")
    next_url = request.GET.get("next") or request.POST.get("next") or ""
    form = SignUpForm(request.POST or None, initial={"email": request.GET.get("email", "")})
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_sign_up(
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password"],
                language=get_language(),
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome to ALX, %(name)s.") % {"name": user.full_name})
            if next_url.startswith("/") and not next_url.startswith("//"):
                return redirect(next_url)
            return redirect("organization-create")
    return render(request, "registration/signup.html", {"form": form, "next": next_url})


@login_required
@require_POST
def switch_organization(request):
    membership = (
        selectors.memberships_of(user=request.user).filter(organization_id=request.POST.get("organization")).first()
    )
    if membership is None:
        raise Http404
    request.session[SESSION_KEY] = membership.organization_id
    messages.info(request, _("You now act for %(org)s.") % {"org": membership.organization})
    return redirect(request.POST.get("next") or "dashboard")


@login_required
def organization_create(request):
    allow_any_kind = request.user.is_platform_admin
    form = OrganizationForm(request.POST or None, allow_any_kind=allow_any_kind)
    if request.method == "POST" and form.is_valid():
        try:
            organization = services.organization_create(by=request.user, **form.service_data())
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            request.session[SESSION_KEY] = organization.pk
            messages.success(request, _("%(org)s is registered. You are its administrator.") % {"org": organization})
            return redirect("organization-detail", pk=organization.pk)
    return render(request, "organizations/organization_form.html", {"form": form, "creating": True})


@login_required
def organization_edit(request, pk: int):
    organization = _organization_for(request.user, pk, "change")
    initial = {
        **{field: getattr(organization, field) for field in services.ORGANIZATION_FIELDS},
        "country": organization.country.code,
        "capability_codes": ", ".join(code.code for code in organization.capability_codes.all()),
        "clusters": "\n".join(f"{c.name}, {c.region}".rstrip(", ") for c in organization.clusters.all()),
    }
    form = OrganizationForm(request.POST or None, initial=initial, allow_any_kind=request.user.is_platform_admin)
    if organization.kind not in services.SELF_SERVICE_KINDS:
        form.fields["kind"].choices = [(organization.kind, organization.get_kind_display())]
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_update(organization=organization, by=request.user, **form.service_data())
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("The profile was saved."))
            return redirect("organization-detail", pk=organization.pk)
    return render(request, "organizations/organization_form.html", {"form": form, "organization": organization})


@login_required
def organization_detail(request, pk: int):
    organization = _organization_for(request.user, pk)
    is_admin = request.user.has_perm("organizations.change_organization", organization)
    invite_form = InviteForm(request.POST or None) if is_admin else None
    if request.method == "POST":
        if not is_admin:
            raise PermissionDenied
        if invite_form.is_valid():
            try:
                services.membership_invite(organization=organization, by=request.user, **invite_form.cleaned_data)
            except ApplicationError as error:
                add_application_error(invite_form, error)
            else:
                email = invite_form.cleaned_data["email"]
                messages.success(request, _("Invitation sent to %(email)s.") % {"email": email})
                return redirect("organization-detail", pk=organization.pk)
    members = organization.memberships.select_related("user").order_by("user__email")
    invitations = organization.invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True) if is_admin else []
    return render(
        request,
        "organizations/organization_detail.html",
        {
            "organization": organization,
            "members": members,
            "invitations": invitations,
            "is_admin": is_admin,
            "invite_form": invite_form,
            "role_choices": MembershipRole.choices,
        },
    )


@login_required
@require_POST
def membership_change(request, pk: int):
    membership = get_object_or_404(selectors.membership_list_visible_to(user=request.user), pk=pk)
    removing = request.POST.get("action") == "remove"
    if not request.user.has_perm(
        "organizations.delete_membership" if removing else "organizations.change_membership", membership
    ):
        raise PermissionDenied
    try:
        if removing:
            services.membership_remove(membership=membership, by=request.user)
            messages.success(request, _("%(user)s was removed.") % {"user": membership.user})
        else:
            form = MembershipRoleForm(request.POST)
            if not form.is_valid():
                raise ApplicationError(_("Choose a valid role."))
            services.membership_set_role(membership=membership, role=form.cleaned_data["role"], by=request.user)
            messages.success(request, _("The role of %(user)s was changed.") % {"user": membership.user})
    except ApplicationError as error:
        messages.error(request, error.message)
    if removing and membership.user_id == request.user.pk:
        return redirect("dashboard")
    return redirect("organization-detail", pk=membership.organization_id)


@login_required
@require_POST
def invitation_revoke(request, pk: int):
    invitation = get_object_or_404(selectors.invitation_list_visible_to(user=request.user), pk=pk)
    try:
        services.invitation_revoke(invitation=invitation, by=request.user)
        messages.success(request, _("The invitation to %(email)s was revoked.") % {"email": invitation.email})
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("organization-detail", pk=invitation.organization_id)


def invitation_accept(request, token: str):
    invitation = Invitation.objects.select_related("organization").filter(token_hash=hash_secret(token)).first()
    if invitation is None or not invitation.is_open:
        return render(request, "organizations/invitation_invalid.html", status=404)
    if not request.user.is_authenticated:
        return render(request, "organizations/invitation_accept.html", {"invitation": invitation, "token": token})
    if request.method == "POST":
        try:
            membership = services.invitation_accept(raw_token=token, user=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            request.session[SESSION_KEY] = membership.organization_id
            messages.success(request, _("You joined %(org)s.") % {"org": membership.organization})
            return redirect("dashboard")
    return render(request, "organizations/invitation_accept.html", {"invitation": invitation, "token": token})


@login_required
def directory(request):
    query = request.GET.get("q", "").strip()
    queryset = selectors.organization_directory(
        query=query, country=request.GET.get("country", ""), kind=request.GET.get("kind", "")
    )
    return render(request, "organizations/directory.html", {"page": _page(request, queryset), "query": query})


@login_required
def account_settings(request):
    form = AccountSettingsForm(
        request.POST or None,
        initial={
            "full_name": request.user.full_name,
            "time_zone": request.user.time_zone,
            "language": request.user.language or get_language(),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            data = {**form.cleaned_data, "language": form.cleaned_data.get("language") or None}  # blank: unchanged
            services.user_settings_update(user=request.user, **data)
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            if request.user.language:
                translation.activate(request.user.language)  # the confirmation already speaks the new language
            messages.success(request, _("Your settings are saved."))
            return redirect("account-settings")
    return render(request, "organizations/account_settings.html", {"form": form}, status=400 if form.is_bound else 200)


class LoginView(auth_views.LoginView):
    """Django's login page; a language picked in the menu just before logging in becomes the user's setting, and
    otherwise the user's own setting takes over from the next page on (organizations.middleware)."""

    authentication_form = LoginForm

    def form_valid(self, form):
        chosen = self.request.session.get(CHOSEN_LANGUAGE_KEY)
        response = super().form_valid(form)
        if chosen:
            services.user_language_set(user=form.get_user(), language=chosen)
            self.request.session.pop(CHOSEN_LANGUAGE_KEY, None)
        return response


def set_language(request):
    """The language menu (Django's view, which sets the cookie); a signed-in user's choice also becomes their
    setting, and a visitor's is remembered for the login that follows (organizations.signals)."""
    response = i18n.set_language(request)
    language = request.POST.get("language", "") if request.method == "POST" else ""
    if language:
        if request.user.is_authenticated:
            services.user_language_set(user=request.user, language=language)
        else:
            request.session[CHOSEN_LANGUAGE_KEY] = language
    return response


@login_required
def api_tokens(request):
    form = ApiTokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_key = services.api_token_create(user=request.user, **form.cleaned_data)
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("Token created. Copy the key now: it will not be shown again."))
            form = ApiTokenForm()
    return render(
        request,
        "organizations/api_tokens.html",
        {"form": form, "new_key": new_key, "tokens": selectors.api_token_list_of(user=request.user)},
    )


@login_required
@require_POST
def api_token_revoke(request, pk: int):
    token = get_object_or_404(selectors.api_token_list_of(user=request.user), pk=pk)
    services.api_token_revoke(token=token, by=request.user)
    messages.success(
        request, _("Token “%(name)s” was revoked; requests with it are now refused.") % {"name": token.name}
    )
    return redirect("api-tokens")


@login_required
def audit_log(request):
    entries = selectors.audit_entries_visible_to(user=request.user)
    if request.GET.get("organization"):
        entries = entries.filter(organization_id=request.GET["organization"])
    page = _page(request, entries)
    reader = ChangeReader(list(page))
    rows = [(entry, action_label(entry.action), reader.lines(entry)) for entry in page]
    return render(request, "organizations/audit_log.html", {"page": page, "rows": rows})


PICKABLE_KINDS = {OrganizationKind.COMPANY, OrganizationKind.CONSORTIUM, OrganizationKind.AUTHORITY}


@login_required
def organization_pick(request):
    """Picker answer: organizations by name; `kinds` narrows to some of companies, consortia and authorities
    (nations and the JCC are not partners one picks), `exclude` leaves the user's own organization out."""
    kinds = [kind for kind in request.GET.get("kinds", "").split(",") if kind in PICKABLE_KINDS] or PICKABLE_KINDS
    found = selectors.organizations_to_pick(query=request.GET.get("q", ""), kinds=list(kinds))
    if request.GET.get("exclude") == "own" and request.organization:
        found = found.exclude(pk=request.organization.pk)
    return picker_answer(
        request,
        (Option(org.pk, org.legal_name, f"{org.get_kind_display()} · {org.country.name}") for org in found[:LIMIT]),
    )


@login_required
def cpv_suggest(request):
    """HTMX fragment: up to 15 CPV codes for the autocomplete list."""
    codes = selectors.cpv_search(query=request.GET.get("q", ""), limit=15)
    return render(request, "organizations/_cpv_options.html", {"codes": codes})


@login_required
def cpv_suggest_text(request):
    """HTMX fragment: the five CPV codes that fit the title and description being typed."""
    error = ""
    try:
        suggestions = selectors.cpv_suggestions(title=request.GET.get("title", ""), text=request.GET.get("text", ""))
    except ApplicationError as exc:
        suggestions, error = [], exc.message
    for suggestion in suggestions:
        suggestion["percent"] = round(100 * suggestion["confidence"])
    return render(request, "organizations/_cpv_suggestions.html", {"suggestions": suggestions, "error": error})
