"""Serializers of the organizations API: shapes only; the rules live in services."""

from django_countries.serializer_fields import CountryField
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from core.api.serializers import StrictModelSerializer

from ..audit_actions import action_label
from ..models import (
    ApiToken,
    AuditEntry,
    ClusterMembership,
    CpvCode,
    DualUseIntensity,
    Invitation,
    Membership,
    MembershipRole,
    Organization,
    SmeClass,
    TierRole,
    User,
)


class CpvCodeSerializer(StrictModelSerializer):
    class Meta:
        model = CpvCode
        fields = ["code", "title", "level", "parent"]


class CpvCodeDetailSerializer(CpvCodeSerializer):
    ancestors = CpvCodeSerializer(source="ancestor_list", many=True, read_only=True)
    children = CpvCodeSerializer(source="child_list", many=True, read_only=True)

    class Meta(CpvCodeSerializer.Meta):
        fields = [*CpvCodeSerializer.Meta.fields, "ancestors", "children"]


class ClusterSerializer(StrictModelSerializer):
    class Meta:
        model = ClusterMembership
        fields = ["name", "region"]


class CpvCodesField(serializers.ListField):
    """CPV codes in, eight-digit codes out; the service checks that they exist."""

    child = serializers.CharField(max_length=10)

    def to_representation(self, value):
        return [code.code for code in value.all()]


class OrganizationSerializer(StrictModelSerializer):
    """An organization with every detail, for its members (and platform admins)."""

    country = CountryField()
    capability_codes = CpvCodesField(
        required=False, help_text="CPV codes, with or without check digit (e.g. 60100000 or 60100000-9)."
    )
    clusters = ClusterSerializer(many=True, required=False)
    sme_class = serializers.CharField(
        read_only=True, help_text="micro, small, medium, large or unknown (EU definition)"
    )

    class Meta:
        model = Organization
        fields = [
            "id",
            "kind",
            "legal_name",
            "country",
            "registration_id",
            "street",
            "postal_code",
            "city",
            "website",
            "description",
            "headcount",
            "annual_turnover_eur",
            "balance_sheet_total_eur",
            "sme_class",
            "dual_use_intensity",
            "tier_role",
            "capability_codes",
            "clusters",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "sme_class", "created_at", "updated_at"]
        # Uniqueness is the service's to judge (it normalises the id first); a model-level
        # validator here would check the raw spelling instead.
        validators = []
        extra_kwargs = {"registration_id": {"validators": []}}


class OrganizationPublicSerializer(StrictModelSerializer):
    """The public profile every signed-in user may see: no financial figures, no contact data."""

    country = CountryField()
    capability_codes = CpvCodesField(read_only=True)
    clusters = ClusterSerializer(many=True, read_only=True)
    # Declared so the schema keeps the blank choice ("" = not stated) that read-only model fields lose.
    sme_class = serializers.ChoiceField(choices=SmeClass.choices, read_only=True)
    dual_use_intensity = serializers.ChoiceField(choices=DualUseIntensity.choices, allow_blank=True, read_only=True)
    tier_role = serializers.ChoiceField(choices=TierRole.choices, allow_blank=True, read_only=True)

    class Meta:
        model = Organization
        fields = [
            "id",
            "kind",
            "legal_name",
            "country",
            "city",
            "website",
            "description",
            "sme_class",
            "dual_use_intensity",
            "tier_role",
            "capability_codes",
            "clusters",
        ]
        read_only_fields = fields


class UserSummarySerializer(StrictModelSerializer):
    class Meta:
        model = User
        fields = ["id", "email", "full_name"]


class MembershipSerializer(StrictModelSerializer):
    user = UserSummarySerializer(read_only=True)
    organization = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "user", "organization", "role", "created_at"]
        read_only_fields = ["id", "user", "organization", "created_at"]


class InvitationSerializer(StrictModelSerializer):
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())
    role = serializers.ChoiceField(choices=MembershipRole.choices, default=MembershipRole.MEMBER)
    state = serializers.SerializerMethodField()

    class Meta:
        model = Invitation
        fields = [
            "id",
            "organization",
            "email",
            "role",
            "state",
            "created_at",
            "expires_at",
            "accepted_at",
            "revoked_at",
        ]
        read_only_fields = ["id", "state", "created_at", "expires_at", "accepted_at", "revoked_at"]

    def get_state(self, instance) -> str:
        if instance.accepted_at:
            return "accepted"
        if instance.revoked_at:
            return "revoked"
        return "open" if instance.is_open else "expired"


class ApiTokenSerializer(StrictModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created_at", "last_used_at", "expires_at", "revoked_at"]
        read_only_fields = ["id", "prefix", "created_at", "last_used_at", "revoked_at"]


class ApiTokenCreatedSerializer(ApiTokenSerializer):
    key = serializers.CharField(read_only=True, help_text="The secret key. Shown once; store it now.")

    class Meta(ApiTokenSerializer.Meta):
        fields = [*ApiTokenSerializer.Meta.fields, "key"]


class AuditEntrySerializer(StrictModelSerializer):
    object_type = serializers.SerializerMethodField()
    action_label = serializers.SerializerMethodField(
        help_text="`action` in the request's language (`action`: the key)."
    )

    class Meta:
        model = AuditEntry
        fields = [
            "id",
            "created_at",
            "actor_repr",
            "organization",
            "action",
            "action_label",
            "object_type",
            "object_id",
            "object_repr",
            "changes",
        ]
        read_only_fields = fields

    def get_object_type(self, instance) -> str:
        return f"{instance.content_type.app_label}.{instance.content_type.model}"

    def get_action_label(self, instance) -> str:
        return action_label(instance.action)


@extend_schema_serializer(many=False)  # served by the list route /me/, but one object
class MeSerializer(StrictModelSerializer):
    memberships = serializers.SerializerMethodField()
    platform_roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "email", "full_name", "memberships", "platform_roles"]

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_memberships(self, user):
        return [
            {"organization": m.organization_id, "legal_name": m.organization.legal_name, "role": m.role}
            for m in user.memberships.select_related("organization")
        ]

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_platform_roles(self, user):
        return [{"role": r.role, "nation": r.nation_id} for r in user.platform_roles.all()]


class CpvSuggestQuerySerializer(serializers.Serializer):
    """What the CPV suggester reads: the text (title and description together, or the description)."""

    text = serializers.CharField(max_length=5000, help_text="Title and/or description, English or German.")
    title = serializers.CharField(
        max_length=500, required=False, allow_blank=True, default="", help_text="Optional title; it weighs twice."
    )
    limit = serializers.IntegerField(min_value=1, max_value=10, required=False, default=5)


class CpvPathStepSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField(help_text="English title (the CPV 2008 vocabulary).")
    title_de = serializers.CharField(help_text="German label from ALX's curated synonym file, or empty.")


class CpvSuggestionSerializer(CpvPathStepSerializer):
    level = serializers.IntegerField(help_text="1 division, 2 group, 3 class, 4 category, 5+ sub-category")
    confidence = serializers.FloatField(help_text="Probability (0-1) that the right code lies in this subtree.")
    broader = serializers.BooleanField(
        help_text="True when the suggester backed off to this group or division because the specific codes "
        "were too uncertain."
    )
    path = CpvPathStepSerializer(many=True, help_text="Ancestors, division first.")


class CpvSuggestResponseSerializer(serializers.Serializer):
    results = CpvSuggestionSerializer(many=True)
