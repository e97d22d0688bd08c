"""Serializers of the compliance API: shapes only; services decide."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.serializers import StrictModelSerializer, StrictSerializer
from organizations.models import Organization

from ..models import (
    Answer,
    AnswerStatus,
    Assessment,
    Badge,
    Evidence,
    Framework,
    Licence,
    ReadinessShare,
    Requirement,
    ReviewComment,
    ReviewDecision,
)


class FrameworkSerializer(StrictModelSerializer):
    """A framework; its texts speak the request's language (Accept-Language: de gives the German)."""

    title = serializers.CharField(source="local_title", read_only=True)
    description = serializers.CharField(source="local_description", read_only=True)

    class Meta:
        model = Framework
        fields = ["id", "key", "version", "title", "title_de", "description", "badge_kind"]


class RequirementSerializer(StrictModelSerializer):
    """A requirement in the request's language; `title_de` stays for clients that read the German title."""

    section = serializers.CharField(source="parent.code", default=None, read_only=True, allow_null=True)
    title = serializers.CharField(source="local_title", read_only=True)
    guidance = serializers.CharField(source="local_guidance", read_only=True)
    typical_evidence = serializers.ListField(
        child=serializers.CharField(), source="local_typical_evidence", read_only=True
    )
    questions = serializers.SerializerMethodField()

    class Meta:
        model = Requirement
        fields = [
            "code",
            "section",
            "title",
            "title_de",
            "guidance",
            "is_section",
            "weight",
            "not_applicable_allowed",
            "typical_evidence",
            "questions",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_questions(self, requirement):
        return [
            {
                "code": q.code,
                "text": q.local_text,
                "kind": q.kind,
                "depends_on": q.depends_on.code if q.depends_on_id else None,
                "depends_on_answers": q.depends_on_answers,
                "choices": [{"value": c.value, "label": c.local_label, "points": c.points} for c in q.choices.all()],
            }
            for q in requirement.questions.all()
        ]


class FrameworkDetailSerializer(FrameworkSerializer):
    requirements = RequirementSerializer(many=True, read_only=True)

    class Meta(FrameworkSerializer.Meta):
        fields = [*FrameworkSerializer.Meta.fields, "requirements"]


class AssessmentSerializer(StrictModelSerializer):
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.none())
    framework = serializers.PrimaryKeyRelatedField(queryset=Framework.objects.filter(is_current=True))

    class Meta:
        model = Assessment
        fields = ["id", "organization", "framework", "state", "created_at", "updated_at", "submitted_at", "decided_at"]
        read_only_fields = ["id", "state", "created_at", "updated_at", "submitted_at", "decided_at"]
        validators = []  # the service reports a second open assessment with a clear message


class SectionScoreSerializer(StrictSerializer):
    code = serializers.CharField()
    title = serializers.CharField()
    answered = serializers.IntegerField()
    total = serializers.IntegerField()
    score = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)


class ScoreReportSerializer(StrictSerializer):
    answered = serializers.IntegerField()
    total = serializers.IntegerField()
    progress = serializers.IntegerField(help_text="Answered requirements in percent.")
    score = serializers.DecimalField(
        max_digits=5,
        decimal_places=1,
        allow_null=True,
        help_text="Weighted score 0-100; not-applicable requirements excluded.",
    )
    sections = SectionScoreSerializer(many=True)


class AssessmentDetailSerializer(AssessmentSerializer):
    score = serializers.SerializerMethodField()

    class Meta(AssessmentSerializer.Meta):
        fields = [*AssessmentSerializer.Meta.fields, "score"]

    @extend_schema_field(ScoreReportSerializer)
    def get_score(self, assessment):
        from ..selectors import assessment_score

        return ScoreReportSerializer(assessment_score(assessment=assessment)).data


class AnswerSerializer(StrictModelSerializer):
    requirement = serializers.CharField(source="requirement.code", read_only=True)

    class Meta:
        model = Answer
        fields = ["requirement", "status", "not_applicable_reason", "notes", "updated_at"]


class AnswerInputSerializer(StrictSerializer):
    requirement = serializers.CharField(max_length=32, help_text="Requirement id, e.g. A.5.1")
    status = serializers.ChoiceField(choices=AnswerStatus.choices)
    not_applicable_reason = serializers.CharField(required=False, allow_blank=True, default="")
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    questions = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField(max_length=48)),
        required=False,
        help_text="question id → chosen values",
    )


class EvidenceSerializer(StrictModelSerializer):
    requirement = serializers.CharField(source="requirement.code", read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = [
            "id",
            "requirement",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "effective_date",
            "expires_on",
            "version",
            "supersedes",
            "uploaded_at",
            "download_url",
        ]

    def get_download_url(self, evidence) -> str:
        return reverse("compliance-api:evidence-download", args=[evidence.pk])


class EvidenceUploadSerializer(StrictSerializer):
    requirement = serializers.CharField(max_length=32)
    file = serializers.FileField()
    effective_date = serializers.DateField()
    expires_on = serializers.DateField(required=False, allow_null=True)
    replaces = serializers.IntegerField(required=False, allow_null=True, help_text="id of the version it replaces")


class ReviewCommentSerializer(StrictModelSerializer):
    requirement = serializers.CharField(max_length=32, source="requirement.code")

    class Meta:
        model = ReviewComment
        fields = ["id", "requirement", "text", "created_at"]
        read_only_fields = ["id", "created_at"]


class ReviewDecisionSerializer(StrictSerializer):
    decision = serializers.ChoiceField(choices=ReviewDecision.choices)
    remarks = serializers.CharField(required=False, allow_blank=True, default="")


class ReviewHolderSerializer(StrictSerializer):
    assessment = serializers.IntegerField(help_text="the assessment's id")
    reviewer = serializers.EmailField(
        allow_null=True, help_text="the compliance reviewer who took it (only they comment and decide); null: nobody"
    )


class BadgeSerializer(StrictModelSerializer):
    organization_name = serializers.CharField(source="organization.legal_name", read_only=True)
    status = serializers.SerializerMethodField()
    score = serializers.SerializerMethodField()

    class Meta:
        model = Badge
        fields = [
            "id",
            "organization",
            "organization_name",
            "kind",
            "level",
            "status",
            "issued_on",
            "valid_until",
            "score",
            "status_reason",
        ]

    def get_status(self, badge) -> str:
        from django.utils import timezone

        if badge.revoked_at:
            return "revoked"
        if badge.suspended_at:
            return "suspended"
        return "expired" if badge.valid_until < timezone.localdate() else "active"

    @extend_schema_field(serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True))
    def get_score(self, badge):
        # Scores are shared only with the organizations the badge holder chose.
        return str(badge.score) if badge.organization_id in self.context.get("detail_owner_ids", set()) else None


class BadgeActionSerializer(StrictSerializer):
    reason = serializers.CharField()


class ShareSerializer(StrictModelSerializer):
    owner = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.none())
    grantee = serializers.IntegerField(source="grantee_id", help_text="id of the organization to share with")

    class Meta:
        model = ReadinessShare
        fields = ["id", "owner", "grantee", "created_at", "revoked_at"]
        read_only_fields = ["id", "created_at", "revoked_at"]


class LicenceSerializer(StrictModelSerializer):
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.none())
    classifications = serializers.ListField(child=serializers.CharField(max_length=32), allow_empty=False)
    destinations = serializers.ListField(child=serializers.CharField(max_length=2), required=False, default=list)

    class Meta:
        model = Licence
        fields = [
            "id",
            "organization",
            "issuer",
            "reference",
            "classifications",
            "destinations",
            "valid_from",
            "valid_until",
        ]


class ScreeningRequestSerializer(StrictSerializer):
    organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.none(), required=False, help_text="one of your organizations; default: the first"
    )
    classification = serializers.CharField(
        max_length=32, allow_blank=True, help_text="not_listed, an EU dual-use entry (5A002) or ML1-ML22"
    )
    destination = serializers.CharField(max_length=2, help_text="ISO 3166 alpha-2 country code, e.g. FR")
    on = serializers.DateField(required=False)

    def validate_destination(self, value: str) -> str:
        from django_countries import countries

        if value.upper() not in dict(countries):
            raise serializers.ValidationError(f"“{value}” is not an ISO 3166 country code.")
        return value.upper()


class ScreeningResultSerializer(StrictSerializer):
    outcome = serializers.ChoiceField(choices=["allowed", "licence_required", "refused"])
    classification = serializers.CharField()
    destination = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField())
    licence = serializers.CharField(allow_null=True)
