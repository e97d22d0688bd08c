"""Reads of the alliances app: partner search, due diligence, alliances and workspaces for members only."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from compliance.models import Evidence, Licence
from compliance.selectors import assessment_score, badges_strongest, badges_valid_on, readiness_shared
from organizations.cpv import cpv_subtree_prefix
from organizations.models import Organization, User
from organizations.selectors import organization_ids_of

from .models import Alliance, AllianceInvitation, ContactRequest, InvitationState, PartnerAnnouncement


def partner_search(
    *,
    query: str = "",
    cpv: str = "",
    country: str = "",
    region: str = "",
    sme_class: str = "",
    dual_use_intensity: str = "",
    tier_role: str = "",
    cluster: str = "",
    badges: list[str] | None = None,
) -> QuerySet[Organization]:
    """Companies by capability (CPV subtree, words), place, SME class, dual-use intensity, tier, cluster,
    and badges held (all of them)."""
    queryset = Organization.objects.filter(kind="company")
    if query.strip():
        queryset = queryset.filter(Q(legal_name__icontains=query.strip()) | Q(description__icontains=query.strip()))
    if cpv:
        prefix = cpv_subtree_prefix(cpv)
        if prefix is None:
            return Organization.objects.none()
        queryset = queryset.filter(
            Exists(
                Organization.capability_codes.through.objects.filter(
                    organization_id=OuterRef("pk"), cpvcode__code__startswith=prefix
                )
            )
        )
    if country:
        queryset = queryset.filter(country=country.upper())
    if region:
        queryset = queryset.filter(clusters__region__icontains=region)
    if cluster:
        queryset = queryset.filter(clusters__name__icontains=cluster)
    for name, value in (("sme_class", sme_class), ("dual_use_intensity", dual_use_intensity), ("tier_role", tier_role)):
        if value:
            queryset = queryset.filter(**{name: value})
    for kind in dict.fromkeys(badges or []):
        queryset = queryset.filter(Exists(badges_valid_on().filter(organization_id=OuterRef("pk"), kind=kind)))
    return queryset.distinct().prefetch_related("capability_codes", "clusters").order_by("legal_name", "id")


@dataclass
class DueDiligence:
    organization: Organization
    badges: list = field(default_factory=list)
    scores: list = field(default_factory=list)  # (framework title, score) where shared
    licences: int = 0
    expired_evidence: int = 0
    shared: bool = False


def due_diligence(*, viewer: Organization, partner: Organization) -> DueDiligence:
    """What one organization may know of another's compliance and security maturity before allying:
    badges (public); scores, licences and open issues only if the partner shared its readiness."""
    report = DueDiligence(organization=partner, badges=list(badges_strongest().filter(organization=partner)))
    report.shared = readiness_shared(owner=partner, viewer=viewer)
    if report.shared:
        latest = {}
        for assessment in (
            partner.assessments.filter(state__in=["submitted", "accepted"])
            .select_related("framework")
            .order_by("updated_at")
        ):
            latest[assessment.framework_id] = assessment
        report.scores = [(a.framework.local_title, assessment_score(assessment=a).score) for a in latest.values()]
        report.licences = Licence.objects.filter(organization=partner, valid_until__gte=timezone.localdate()).count()
        report.expired_evidence = Evidence.objects.filter(
            organization=partner, expires_on__lt=timezone.localdate()
        ).count()
    return report


def alliance_list_visible_to(*, user: User) -> QuerySet[Alliance]:
    """Alliances where one of the user's organizations is a current member or has an open invitation.
    Nobody else sees them — platform staff included."""
    mine = organization_ids_of(user=user)
    return (
        Alliance.objects.filter(
            Q(members__organization_id__in=mine, members__left_at__isnull=True)
            | Q(invitations__organization_id__in=mine, invitations__state=InvitationState.OPEN)
        )
        .distinct()
        .order_by("-updated_at", "-id")
    )


def alliance_workspace_visible_to(*, user: User) -> QuerySet[Alliance]:
    """Only current members open the workspace (invitees see the alliance, not its workspace)."""
    return Alliance.objects.filter(
        members__organization_id__in=organization_ids_of(user=user), members__left_at__isnull=True
    ).distinct()


def invitations_for(*, user: User) -> QuerySet[AllianceInvitation]:
    return AllianceInvitation.objects.filter(
        organization_id__in=organization_ids_of(user=user), state=InvitationState.OPEN
    ).select_related("alliance", "organization")


def contacts_for(*, user: User) -> QuerySet[ContactRequest]:
    mine = organization_ids_of(user=user)
    return (
        ContactRequest.objects.filter(Q(sender_id__in=mine) | Q(recipient_id__in=mine))
        .select_related("sender", "recipient")
        .order_by("-created_at")
    )


def announcements_open() -> QuerySet[PartnerAnnouncement]:
    return (
        PartnerAnnouncement.objects.filter(closed_at__isnull=True)
        .select_related("organization", "tender")
        .prefetch_related("cpv_codes")
        .order_by("-created_at")
    )
