"""ViewSets of the organizations API: thin wrappers that read through selectors and write through services."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from core.api.filters import AlxFilterBackend
from core.api.viewsets import ActionViewSet, BaseViewSet, ReadOnlyBaseViewSet

from .. import selectors, services
from ..filters import AuditEntryFilter, CpvCodeFilter, MembershipFilter, OrganizationFilter
from ..models import CpvCode, Organization
from .serializers import (
    ApiTokenCreatedSerializer,
    ApiTokenSerializer,
    AuditEntrySerializer,
    CpvCodeDetailSerializer,
    CpvCodeSerializer,
    CpvSuggestQuerySerializer,
    CpvSuggestResponseSerializer,
    InvitationSerializer,
    MembershipSerializer,
    MeSerializer,
    OrganizationPublicSerializer,
    OrganizationSerializer,
)


def _organization_payload(validated: dict) -> dict:
    data = dict(validated)
    if "country" in data:
        data["country"] = str(data["country"])
    if "clusters" in data:
        data["clusters"] = [dict(c) for c in data["clusters"]]
    return data


class OrganizationViewSet(BaseViewSet):
    """Organizations you belong to. Anyone signed in may register a company or authority."""

    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilter
    ordering_fields = ["legal_name", "created_at", "updated_at"]

    def visible_queryset(self, user):
        if user is None:
            return Organization.objects.all()
        return selectors.organization_list_managed_by(user=user)

    def perform_create(self, serializer):
        serializer.instance = services.organization_create(
            by=self.request.user, **_organization_payload(serializer.validated_data)
        )

    def perform_update(self, serializer):
        serializer.instance = services.organization_update(
            organization=serializer.instance, by=self.request.user, **_organization_payload(serializer.validated_data)
        )
        self.ensure_still_visible(serializer.instance)

    def perform_destroy(self, instance):
        services.organization_delete(organization=instance, by=self.request.user)


class DirectoryViewSet(ReadOnlyBaseViewSet):
    """Public profiles of every organization on the platform, for finding buyers and partners."""

    serializer_class = OrganizationPublicSerializer
    # Public profiles: every signed-in user reads them (the organization's own rule opens it to members only).
    permission_classes = [permissions.IsAuthenticated]
    http_method_names = ["get", "head", "options"]
    filterset_class = OrganizationFilter
    ordering_fields = ["legal_name", "created_at"]

    def visible_queryset(self, user):
        return selectors.organization_directory()


class MembershipViewSet(BaseViewSet):
    """Memberships in your organizations. Admins change roles and remove colleagues; anyone may leave."""

    serializer_class = MembershipSerializer
    filterset_class = MembershipFilter
    http_method_names = ["get", "patch", "delete", "head", "options"]

    def visible_queryset(self, user):
        from ..models import Membership

        return Membership.objects.all() if user is None else selectors.membership_list_visible_to(user=user)

    def perform_update(self, serializer):
        serializer.instance = services.membership_set_role(
            membership=serializer.instance,
            role=serializer.validated_data.get("role", serializer.instance.role),
            by=self.request.user,
        )

    def perform_destroy(self, instance):
        services.membership_remove(membership=instance, by=self.request.user)


class InvitationViewSet(BaseViewSet):
    """Invitations sent by organizations you administer. DELETE revokes an open invitation."""

    serializer_class = InvitationSerializer
    http_method_names = ["get", "post", "delete", "head", "options"]
    filterset_fields = ["organization"]

    def visible_queryset(self, user):
        from ..models import Invitation

        return Invitation.objects.all() if user is None else selectors.invitation_list_visible_to(user=user)

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        if self.request and self.request.user.is_authenticated and "organization" in getattr(serializer, "fields", {}):
            # Only organizations you administer are valid targets; others look like they do not exist.
            serializer.fields["organization"].queryset = selectors.organizations_administered_by(user=self.request.user)
        return serializer

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance, _raw = services.membership_invite(
            organization=data["organization"], email=data["email"], role=data["role"], by=self.request.user
        )

    def destroy(self, request, *args, **kwargs):
        services.invitation_revoke(invitation=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request=serializers.Serializer,
        responses=MembershipSerializer,
        parameters=[OpenApiParameter("token", str, OpenApiParameter.PATH)],
    )
    @action(
        detail=False,
        methods=["post"],
        url_path=r"accept/(?P<token>[A-Za-z0-9_\-]{20,100})",
        permission_classes=[permissions.IsAuthenticated],
    )
    def accept(self, request, token=None):
        """Accept an invitation addressed to your e-mail address, with the token from its link."""
        membership = services.invitation_accept(raw_token=token, user=request.user)
        return Response(MembershipSerializer(membership).data, status=status.HTTP_201_CREATED)


class ApiTokenViewSet(BaseViewSet):
    """Your API tokens. The key is shown once, in the answer to POST; DELETE revokes the token."""

    serializer_class = ApiTokenSerializer
    http_method_names = ["get", "post", "delete", "head", "options"]

    def visible_queryset(self, user):
        from ..models import ApiToken

        return ApiToken.objects.all() if user is None else selectors.api_token_list_of(user=user)

    @extend_schema(responses={201: ApiTokenCreatedSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token, raw = services.api_token_create(user=request.user, **serializer.validated_data)
        token.key = raw
        return Response(ApiTokenCreatedSerializer(token).data, status=status.HTTP_201_CREATED)

    def destroy(self, request, *args, **kwargs):
        services.api_token_revoke(token=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AuditEntryViewSet(BaseViewSet):
    """The audit log of the organizations you administer (everything, for platform admins)."""

    serializer_class = AuditEntrySerializer
    filterset_class = AuditEntryFilter
    http_method_names = ["get", "head", "options"]

    def visible_queryset(self, user):
        from ..models import AuditEntry

        return AuditEntry.objects.all() if user is None else selectors.audit_entries_visible_to(user=user)


class CpvCodeViewSet(ReadOnlyBaseViewSet):
    """The CPV 2008 vocabulary: search by code prefix or words, and walk the code tree."""

    serializer_class = CpvCodeSerializer
    permission_classes = [permissions.IsAuthenticated]  # the vocabulary is public
    http_method_names = ["get", "head", "options"]
    lookup_field = "code"
    lookup_value_regex = r"\d{8}(?:-\d)?"
    paginated_actions = ("descendants",)
    filter_backends = [AlxFilterBackend]  # the tree's order or the search's ranking, no `ordering` parameter
    filterset_class = CpvCodeFilter

    def visible_queryset(self, user):
        return CpvCode.objects.filter(level=1).order_by("code")  # the tree's top; `q` searches every level

    def paginate_queryset(self, queryset):
        if self.request.query_params.get("q"):
            queryset = list(queryset)  # a search's best matches, already capped, paged like every list
        return super().paginate_queryset(queryset)

    def get_object(self):
        code = selectors.cpv_get(code=self.kwargs["code"])
        if code is None:
            raise NotFound(_("Unknown CPV code."))
        self.check_object_permissions(self.request, code)
        return code

    @extend_schema(responses=CpvCodeDetailSerializer)
    def retrieve(self, request, *args, **kwargs):
        code = self.get_object()
        code.ancestor_list = selectors.cpv_ancestors(code=code)
        code.child_list = list(selectors.cpv_children(code=code.code))
        return Response(CpvCodeDetailSerializer(code).data)

    @extend_schema(parameters=[CpvSuggestQuerySerializer], responses=CpvSuggestResponseSerializer)
    @action(detail=False, methods=["get"])
    def suggest(self, request):
        """The five CPV codes that best fit a lot's or listing's text (English or German), with the tree path.

        When unsure, the suggester backs off to the group or division (`broader`). Titles are English (the
        vocabulary's); `title_de` is ALX's own German label where its synonym file has one.
        """
        query = CpvSuggestQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        results = selectors.cpv_suggestions(title=data["title"], text=data["text"], limit=data["limit"])
        return Response({"results": results})

    @extend_schema(responses=CpvCodeSerializer(many=True), filters=False)  # pages, but takes no `q`
    @action(detail=True, methods=["get"])
    def descendants(self, request, code=None):
        """Every code below this one in the tree, paginated."""
        node = self.get_object()
        page = self.paginator.paginate_queryset(selectors.cpv_descendants(code=node.code), request, view=self)
        return self.get_paginated_response(CpvCodeSerializer(page, many=True).data)


class MeView(ActionViewSet):
    """One object, not a list: the signed-in user."""

    @extend_schema(responses=MeSerializer)
    def list(self, request):
        """The signed-in user with their memberships and platform roles."""
        return Response(MeSerializer(request.user).data)
