"""Serializers of the alliances API."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.serializers import StrictModelSerializer, StrictSerializer
from organizations.models import Organization

from ..models import (
    Alliance,
    AllianceInvitation,
    AllianceKind,
    AllianceMember,
    ContactRequest,
    Message,
    PartnerAnnouncement,
    SharedDocument,
    Task,
    Thread,
)


class MemberSerializer(StrictModelSerializer):
    organization_name = serializers.CharField(source="organization.legal_name", read_only=True)
    country = serializers.CharField(source="organization.country.code", read_only=True)
    sme_class = serializers.CharField(source="organization.sme_class", read_only=True)

    class Meta:
        model = AllianceMember
        fields = [
            "organization",
            "organization_name",
            "country",
            "sme_class",
            "role",
            "work_share",
            "cost_share",
            "contribution",
            "third_country_controlled",
            "joined_at",
            "left_at",
        ]


class AllianceInvitationSerializer(StrictModelSerializer):
    alliance_name = serializers.CharField(source="alliance.name", read_only=True)
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())

    class Meta:
        model = AllianceInvitation
        fields = [
            "id",
            "alliance",
            "alliance_name",
            "organization",
            "role",
            "message",
            "state",
            "created_at",
            "answered_at",
        ]
        read_only_fields = ["id", "alliance", "state", "created_at", "answered_at"]


class AllianceSerializer(StrictModelSerializer):
    founder = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.none(), write_only=True)
    kind = serializers.ChoiceField(choices=AllianceKind.choices)
    members = serializers.SerializerMethodField()

    class Meta:
        model = Alliance
        fields = [
            "id",
            "founder",
            "kind",
            "name",
            "purpose",
            "target_tender",
            "aims_at_edf",
            "state",
            "organization",
            "members",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "state", "organization", "created_at", "updated_at"]

    @extend_schema_field(MemberSerializer(many=True))
    def get_members(self, alliance):
        return MemberSerializer([m for m in alliance.members.all() if m.left_at is None], many=True).data


class ShareRowSerializer(StrictSerializer):
    organization = serializers.IntegerField()
    work_share = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=100)
    cost_share = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=100)
    contribution = serializers.CharField(required=False, allow_blank=True)
    third_country_controlled = serializers.BooleanField(required=False)
    lots = serializers.ListField(child=serializers.IntegerField(), required=False)


class MembersInputSerializer(StrictSerializer):
    members = ShareRowSerializer(many=True)
    lead = serializers.IntegerField(required=False, allow_null=True, help_text="organization id of the lead")


class LeaveSerializer(StrictSerializer):
    organization = serializers.IntegerField()
    exit_steps_done = serializers.BooleanField(help_text="notice given, IP handed over, open obligations settled")
    reason = serializers.CharField()


class DissolveSerializer(StrictSerializer):
    reason = serializers.CharField()
    final = serializers.BooleanField(required=False, default=False)


class PartnerSerializer(StrictModelSerializer):
    capability_codes = serializers.SerializerMethodField()
    country = serializers.CharField(source="country.code")

    class Meta:
        model = Organization
        fields = [
            "id",
            "legal_name",
            "country",
            "city",
            "sme_class",
            "dual_use_intensity",
            "tier_role",
            "capability_codes",
            "description",
        ]

    def get_capability_codes(self, organization) -> list[str]:
        return [code.code for code in organization.capability_codes.all()]


class ContactSerializer(StrictModelSerializer):
    sender = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.none())
    recipient = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())
    contact = serializers.SerializerMethodField()

    class Meta:
        model = ContactRequest
        fields = ["id", "sender", "recipient", "subject", "message", "created_at", "details_revealed_at", "contact"]
        read_only_fields = ["id", "created_at", "details_revealed_at"]

    def get_contact(self, request) -> str | None:
        """Who answered and how to reach them — only once the recipient revealed it."""
        if request.details_revealed_at and request.revealed_by_id:
            return f"{request.revealed_by.full_name} <{request.revealed_by.email}>"
        return None


class AnnouncementSerializer(StrictModelSerializer):
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.none())
    cpv_codes = serializers.ListField(child=serializers.CharField(max_length=10), required=False, write_only=True)

    class Meta:
        model = PartnerAnnouncement
        fields = ["id", "organization", "tender", "topic", "text", "cpv_codes", "created_at"]
        read_only_fields = ["id", "created_at"]


class MessageSerializer(StrictModelSerializer):
    author_name = serializers.CharField(source="author.full_name", read_only=True, default=None)
    organization_name = serializers.CharField(source="organization.legal_name", read_only=True, default=None)

    class Meta:
        model = Message
        fields = ["id", "author_name", "organization_name", "text", "created_at"]
        read_only_fields = ["id", "created_at"]


class ThreadSerializer(StrictModelSerializer):
    text = serializers.CharField(write_only=True, help_text="the first message")
    messages = MessageSerializer(many=True, read_only=True)

    class Meta:
        model = Thread
        fields = ["id", "subject", "text", "messages", "created_at"]
        read_only_fields = ["id", "created_at"]


class SharedDocumentSerializer(StrictModelSerializer):
    file = serializers.FileField(write_only=True)
    replaces = serializers.IntegerField(write_only=True, required=False, allow_null=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = SharedDocument
        fields = [
            "id",
            "title",
            "file",
            "replaces",
            "original_name",
            "size",
            "sha256",
            "version",
            "uploaded_at",
            "download_url",
        ]
        read_only_fields = ["id", "original_name", "size", "sha256", "version", "uploaded_at"]
        extra_kwargs = {"title": {"required": False}}

    def get_download_url(self, document) -> str:
        return reverse("alliances-api:shared-document-download", args=[document.pk])


class TaskSerializer(StrictModelSerializer):
    class Meta:
        model = Task
        fields = ["id", "title", "assignee", "due_on", "state", "created_at"]
        read_only_fields = ["id", "created_at"]
