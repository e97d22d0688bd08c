"""ViewSets of the alliances API: alliances and members, invitations, partner search and due diligence,
first contact, announcements, and the members-only workspace."""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, permissions, status
from rest_framework.decorators import action
from rest_framework.exceptions import MethodNotAllowed, NotFound
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from core.api.filters import AlxFilterBackend
from core.api.viewsets import BaseViewSet, VisibleViewSet
from core.files import private_download
from organizations.models import Organization
from organizations.selectors import organizations_of

from .. import selectors, services
from ..models import Alliance, AllianceInvitation, ContactRequest, SharedDocument, Task, Thread
from . import serializers as s
from .agreements import AgreementActions
from .filters import PartnerFilter


class AllianceViewSet(AgreementActions, BaseViewSet):
    """Alliances of your organizations (and those you are invited to). Nobody else sees them."""

    serializer_class = s.AllianceSerializer
    http_method_names = ["get", "post", "put", "head", "options"]  # PUT only on /members/
    object_action_permissions = {
        action: "view"
        for action in (
            "invite",
            "members_set",
            "leave",
            "dissolve",
            "threads",
            "documents",
            "tasks",
            "agreement",
            "agreement_propose",
            "agreement_diff",
            "agreement_document",
            "agreement_sign",
            "agreement_background_ip",
        )
    }

    def visible_queryset(self, user):
        if user is None:
            return Alliance.objects.all()
        return selectors.alliance_list_visible_to(user=user).prefetch_related("members__organization")

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        if self.action == "create" and not getattr(self, "swagger_fake_view", False):
            serializer.fields["founder"].queryset = organizations_of(user=self.request.user)
        return serializer

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.alliance_create(by=self.request.user, **data)

    def update(self, request, *args, **kwargs):
        raise MethodNotAllowed(request.method)  # alliances change through their actions, never wholesale

    def _workspace(self):
        alliance = self.get_object()
        if not selectors.alliance_workspace_visible_to(user=self.request.user).filter(pk=alliance.pk).exists():
            raise NotFound()  # invitees see the alliance, not its workspace
        return alliance

    @extend_schema(request=s.AllianceInvitationSerializer, responses={201: s.AllianceInvitationSerializer})
    @action(detail=True, methods=["post"])
    def invite(self, request, pk=None):
        payload = s.AllianceInvitationSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        invitation = services.alliance_invite(
            alliance=self._workspace(),
            by=request.user,
            organization=payload.validated_data["organization"],
            message=payload.validated_data.get("message", ""),
            role=payload.validated_data.get("role", "partner"),
        )
        return Response(s.AllianceInvitationSerializer(invitation).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.MembersInputSerializer, responses=s.AllianceSerializer)
    @action(detail=True, methods=["put"], url_path="members")
    def members_set(self, request, pk=None):
        """Shares of work and money (each adding up to 100%), contributions, lots and the lead."""
        alliance = self._workspace()
        payload = s.MembersInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        lead_id = payload.validated_data.get("lead")
        lead = Organization.objects.filter(pk=lead_id).first() if lead_id else None
        if lead_id and lead is None:
            raise NotFound("No such organization.")
        services.members_set(
            alliance=alliance, by=request.user, rows=[dict(r) for r in payload.validated_data["members"]], lead=lead
        )
        return Response(s.AllianceSerializer(self.get_queryset().get(pk=alliance.pk)).data)

    @extend_schema(request=s.LeaveSerializer, responses=s.AllianceSerializer)
    @action(detail=True, methods=["post"])
    def leave(self, request, pk=None):
        alliance = self._workspace()
        payload = s.LeaveSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        organization = organizations_of(user=request.user).filter(pk=payload.validated_data["organization"]).first()
        if organization is None:
            raise NotFound("Not one of your organizations.")
        services.alliance_leave(
            alliance=alliance,
            organization=organization,
            by=request.user,
            exit_steps_done=payload.validated_data["exit_steps_done"],
            reason=payload.validated_data["reason"],
        )
        return Response(s.AllianceSerializer(Alliance.objects.get(pk=alliance.pk)).data)

    @extend_schema(request=s.DissolveSerializer, responses=s.AllianceSerializer)
    @action(detail=True, methods=["post"])
    def dissolve(self, request, pk=None):
        payload = s.DissolveSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        alliance = services.alliance_dissolve(
            alliance=self._workspace(),
            by=request.user,
            reason=payload.validated_data["reason"],
            final=payload.validated_data["final"],
        )
        return Response(s.AllianceSerializer(alliance).data)

    @extend_schema(request=s.ThreadSerializer, responses={200: s.ThreadSerializer(many=True), 201: s.ThreadSerializer})
    @action(detail=True, methods=["get", "post"])
    def threads(self, request, pk=None):
        alliance = self._workspace()
        if request.method == "POST":
            payload = s.ThreadSerializer(data=request.data)
            payload.is_valid(raise_exception=True)
            thread = services.thread_start(alliance=alliance, by=request.user, **payload.validated_data)
            return Response(s.ThreadSerializer(thread).data, status=status.HTTP_201_CREATED)
        threads = alliance.threads.prefetch_related("messages__author", "messages__organization")
        return Response(s.ThreadSerializer(threads, many=True).data)

    @extend_schema(
        request={"multipart/form-data": s.SharedDocumentSerializer},
        responses={200: s.SharedDocumentSerializer(many=True), 201: s.SharedDocumentSerializer},
    )
    @action(detail=True, methods=["get", "post"], parser_classes=[MultiPartParser, FormParser])
    def documents(self, request, pk=None):
        alliance = self._workspace()
        if request.method == "POST":
            payload = s.SharedDocumentSerializer(data=request.data)
            payload.is_valid(raise_exception=True)
            replaces_id = payload.validated_data.get("replaces")
            replaces = alliance.documents.filter(pk=replaces_id).first() if replaces_id else None
            if replaces_id and replaces is None:
                raise NotFound("No such document in this alliance.")
            document = services.document_upload(
                alliance=alliance,
                title=payload.validated_data.get("title", ""),
                upload=payload.validated_data["file"],
                replaces=replaces,
                by=request.user,
            )
            return Response(s.SharedDocumentSerializer(document).data, status=status.HTTP_201_CREATED)
        return Response(s.SharedDocumentSerializer(alliance.documents.all(), many=True).data)

    @extend_schema(request=s.TaskSerializer, responses=s.TaskSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def tasks(self, request, pk=None):
        alliance = self._workspace()
        if request.method == "POST":
            payload = s.TaskSerializer(data=request.data)
            payload.is_valid(raise_exception=True)
            data = payload.validated_data
            task = services.task_add(
                alliance=alliance,
                title=data["title"],
                assignee=data.get("assignee"),
                due_on=data.get("due_on"),
                by=request.user,
            )
            return Response(s.TaskSerializer(task).data, status=status.HTTP_201_CREATED)
        return Response(s.TaskSerializer(alliance.tasks.all(), many=True).data)


# The models below have no object-permission rule: who may see them is their selector's one rule (an outsider gets
# 404), and what each may do is the service's (a missing right is a 403 from it), so being signed in is enough.
SIGNED_IN = [permissions.IsAuthenticated]


class InvitationViewSet(mixins.ListModelMixin, VisibleViewSet):
    """Open invitations to your organizations; an administrator accepts or declines."""

    serializer_class = s.AllianceInvitationSerializer
    permission_classes = SIGNED_IN

    def visible_queryset(self, user):
        if user is None:
            return AllianceInvitation.objects.all()
        return selectors.invitations_for(user=user).order_by("-created_at", "-id")

    def _answer(self, request, pk, accept):
        invitation = self.get_object()  # a malformed id is a 404 like a missing one
        invitation = services.invitation_answer(invitation=invitation, accept=accept, by=request.user)
        return Response(s.AllianceInvitationSerializer(invitation).data)

    @extend_schema(request=None, responses=s.AllianceInvitationSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._answer(request, pk, True)

    @extend_schema(request=None, responses=s.AllianceInvitationSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        return self._answer(request, pk, False)


class PartnerViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, VisibleViewSet):
    """Partner search over companies' public profiles; `due-diligence` shows their readiness next to yours."""

    serializer_class = s.PartnerSerializer
    permission_classes = SIGNED_IN  # public profiles: every signed-in user may read them
    filter_backends = [AlxFilterBackend]  # the search's order, no `ordering` parameter
    filterset_class = PartnerFilter

    def visible_queryset(self, user):
        return selectors.partner_search()

    @extend_schema(
        parameters=[OpenApiParameter("viewer", int, description="your organization")],
        responses={200: OpenApiResponse(description="badges, shared scores, licences, open issues")},
    )
    @action(detail=True, methods=["get"], url_path="due-diligence")
    def due_diligence(self, request, pk=None):
        viewer_id = request.query_params.get("viewer", "")
        if not str(pk).isdigit() or (viewer_id and not viewer_id.isdigit()):
            raise NotFound()  # a malformed id is a 404 like a missing one
        partner = Organization.objects.filter(pk=pk, kind="company").first()
        mine = organizations_of(user=request.user)
        viewer = mine.filter(pk=viewer_id or 0).first() or mine.order_by("pk").first()
        if partner is None or viewer is None:
            raise NotFound()
        sides = []
        for organization in (partner, viewer):
            report = selectors.due_diligence(viewer=viewer, partner=organization)
            sides.append(
                {
                    "organization": organization.pk,
                    "name": organization.legal_name,
                    "badges": [{"kind": b.kind, "level": b.level, "valid_until": b.valid_until} for b in report.badges],
                    "shared": report.shared,
                    "scores": [{"framework": f, "score": sc} for f, sc in report.scores],
                    "licences": report.licences if report.shared else None,
                    "expired_evidence": report.expired_evidence if report.shared else None,
                }
            )
        return Response({"partner": sides[0], "you": sides[1]})


class ContactViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, VisibleViewSet):
    """Messages between organizations through the platform; contact details only once revealed."""

    serializer_class = s.ContactSerializer
    permission_classes = SIGNED_IN

    def visible_queryset(self, user):
        if user is None:
            return ContactRequest.objects.all()
        return selectors.contacts_for(user=user).select_related("revealed_by")

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        if self.action == "create" and not getattr(self, "swagger_fake_view", False):
            serializer.fields["sender"].queryset = organizations_of(user=self.request.user)
        return serializer

    def perform_create(self, serializer):
        serializer.instance = services.contact_request_send(by=self.request.user, **serializer.validated_data)

    @extend_schema(request=None, responses=s.ContactSerializer)
    @action(detail=True, methods=["post"])
    def reveal(self, request, pk=None):
        contact = self.get_object()  # a malformed id is a 404 like a missing one
        return Response(s.ContactSerializer(services.contact_details_reveal(contact=contact, by=request.user)).data)


class AnnouncementViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, VisibleViewSet):
    """'Looking for partners' announcements, newest first."""

    serializer_class = s.AnnouncementSerializer
    permission_classes = SIGNED_IN  # open announcements are for everyone signed in

    def visible_queryset(self, user):
        return selectors.announcements_open()

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        if self.action == "create" and not getattr(self, "swagger_fake_view", False):
            serializer.fields["organization"].queryset = organizations_of(user=self.request.user)
        return serializer

    def perform_create(self, serializer):
        serializer.instance = services.announcement_create(by=self.request.user, **serializer.validated_data)


class WorkspaceViewSet(VisibleViewSet):
    """What lives in an alliance's workspace: only current members see it (an invitee or outsider gets 404)."""

    permission_classes = SIGNED_IN
    workspace_model: type[SharedDocument] | type[Thread] | type[Task]

    def visible_queryset(self, user):
        if user is None:
            return self.workspace_model.objects.all()
        return self.workspace_model.objects.filter(
            alliance__in=selectors.alliance_workspace_visible_to(user=user)
        ).order_by("pk")


class DocumentViewSet(mixins.RetrieveModelMixin, WorkspaceViewSet):
    serializer_class = s.SharedDocumentSerializer
    workspace_model = SharedDocument

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiResponse(description="The file")})
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        document = self.get_object()
        return private_download(document.file, filename=document.original_name, content_type=document.content_type)


class ThreadViewSet(mixins.RetrieveModelMixin, WorkspaceViewSet):
    serializer_class = s.ThreadSerializer
    workspace_model = Thread

    @extend_schema(request=s.MessageSerializer, responses={201: s.MessageSerializer})
    @action(detail=True, methods=["post"])
    def messages(self, request, pk=None):
        payload = s.MessageSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        message = services.message_post(thread=self.get_object(), text=payload.validated_data["text"], by=request.user)
        return Response(s.MessageSerializer(message).data, status=status.HTTP_201_CREATED)


class TaskViewSet(mixins.RetrieveModelMixin, mixins.UpdateModelMixin, WorkspaceViewSet):
    serializer_class = s.TaskSerializer
    http_method_names = ["get", "patch", "head", "options"]
    workspace_model = Task

    def perform_update(self, serializer):
        serializer.instance = services.task_set_state(
            task=serializer.instance,
            by=self.request.user,
            state=serializer.validated_data.get("state", serializer.instance.state),
        )
