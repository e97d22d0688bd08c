"""ViewSets of the alliances API: alliances and members, invitations, partner search and due diligence,
first contact, announcements, and the members-only workspace."""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import MethodNotAllowed, NotFound
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from core.api.filters import choice_param
from core.api.viewsets import BaseViewSet, ConcurrencyMixin
from core.files import private_download
from organizations.models import DualUseIntensity, Organization, SmeClass, TierRole
from organizations.selectors import organizations_of

from .. import selectors, services
from ..models import Alliance, AllianceInvitation, ContactRequest, PartnerAnnouncement, SharedDocument, Task, Thread
from . import serializers as s
from .agreements import AgreementActions


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


class InvitationViewSet(ConcurrencyMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Open invitations to your organizations; an administrator accepts or declines."""

    serializer_class = s.AllianceInvitationSerializer
    queryset = AllianceInvitation.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AllianceInvitation.objects.none()
        return selectors.invitations_for(user=self.request.user).order_by("-created_at", "-id")

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


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter(name, str) for name in ("q", "cpv", "country", "region", "cluster")]
        + [
            OpenApiParameter("sme_class", enum=SmeClass.values),
            OpenApiParameter("dual_use_intensity", enum=DualUseIntensity.values),
            OpenApiParameter("tier_role", enum=TierRole.values),
            OpenApiParameter("badge", str, many=True),
        ]
    )
)
class PartnerViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Partner search over companies' public profiles; `due-diligence` shows their readiness next to yours."""

    serializer_class = s.PartnerSerializer
    filter_backends: list = []
    queryset = Organization.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Organization.objects.none()
        p = self.request.query_params
        return selectors.partner_search(
            query=p.get("q", ""),
            cpv=p.get("cpv", ""),
            country=p.get("country", ""),
            region=p.get("region", ""),
            sme_class=choice_param(p, "sme_class", SmeClass.values),
            dual_use_intensity=choice_param(p, "dual_use_intensity", DualUseIntensity.values),
            tier_role=choice_param(p, "tier_role", TierRole.values),
            cluster=p.get("cluster", ""),
            badges=p.getlist("badge"),
        )

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


class ContactViewSet(ConcurrencyMixin, mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Messages between organizations through the platform; contact details only once revealed."""

    serializer_class = s.ContactSerializer
    queryset = ContactRequest.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ContactRequest.objects.none()
        return selectors.contacts_for(user=self.request.user).select_related("revealed_by")

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


class AnnouncementViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """'Looking for partners' announcements, newest first."""

    serializer_class = s.AnnouncementSerializer
    queryset = PartnerAnnouncement.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return PartnerAnnouncement.objects.none()
        return selectors.announcements_open()

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        if self.action == "create" and not getattr(self, "swagger_fake_view", False):
            serializer.fields["organization"].queryset = organizations_of(user=self.request.user)
        return serializer

    def perform_create(self, serializer):
        serializer.instance = services.announcement_create(by=self.request.user, **serializer.validated_data)


class DocumentViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = s.SharedDocumentSerializer
    queryset = SharedDocument.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return SharedDocument.objects.none()
        return SharedDocument.objects.filter(
            alliance__in=selectors.alliance_workspace_visible_to(user=self.request.user)
        )

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiResponse(description="The file")})
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        document = self.get_object()
        return private_download(document.file, filename=document.original_name, content_type=document.content_type)


class ThreadViewSet(ConcurrencyMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = s.ThreadSerializer
    queryset = Thread.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Thread.objects.none()
        return Thread.objects.filter(alliance__in=selectors.alliance_workspace_visible_to(user=self.request.user))

    @extend_schema(request=s.MessageSerializer, responses={201: s.MessageSerializer})
    @action(detail=True, methods=["post"])
    def messages(self, request, pk=None):
        payload = s.MessageSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        message = services.message_post(thread=self.get_object(), text=payload.validated_data["text"], by=request.user)
        return Response(s.MessageSerializer(message).data, status=status.HTTP_201_CREATED)


class TaskViewSet(ConcurrencyMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet):
    serializer_class = s.TaskSerializer
    http_method_names = ["get", "patch", "head", "options"]
    permission_classes = [permissions.IsAuthenticated]
    queryset = Task.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Task.objects.none()
        return Task.objects.filter(alliance__in=selectors.alliance_workspace_visible_to(user=self.request.user))

    def perform_update(self, serializer):
        serializer.instance = services.task_set_state(
            task=serializer.instance,
            by=self.request.user,
            state=serializer.validated_data.get("state", serializer.instance.state),
        )
