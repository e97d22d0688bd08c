"""Alliances between organizations: kinds, lifecycle, members with roles and shares, invitations, contact."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStamped


class AllianceKind(models.TextChoices):
    STRATEGIC_ALLIANCE = "strategic_alliance", _("Strategic alliance")
    CONSORTIUM = "consortium", _("Consortium")
    JOINT_VENTURE = "joint_venture", _("Joint venture")
    ARGE = "arge", _("ARGE (working group for one contract)")
    PLATFORM_MEMBERSHIP = "platform_membership", _("Platform membership")


class AllianceState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    INVITING = "inviting", _("Inviting")
    NEGOTIATING = "negotiating", _("Negotiating")
    ACTIVE = "active", _("Active")
    DISSOLVING = "dissolving", _("Dissolving")
    DISSOLVED = "dissolved", _("Dissolved")


# Which state may follow which (alliances/services/alliances.py moves them through organizations.lifecycle):
# the first invitation opens a draft, the first acceptance starts negotiating, every member's signature on the
# agreement activates, and a change of members, shares or agreement sends an active alliance back to negotiating.
# The lead may start the dissolution of any alliance still open, and complete it.
ALLIANCE_TRANSITIONS: dict[str, set[str]] = {
    AllianceState.DRAFT: {AllianceState.INVITING, AllianceState.ACTIVE, AllianceState.DISSOLVING},
    AllianceState.INVITING: {AllianceState.NEGOTIATING, AllianceState.ACTIVE, AllianceState.DISSOLVING},
    AllianceState.NEGOTIATING: {AllianceState.ACTIVE, AllianceState.DISSOLVING},
    AllianceState.ACTIVE: {AllianceState.NEGOTIATING, AllianceState.DISSOLVING},
    AllianceState.DISSOLVING: {AllianceState.DISSOLVED},
    AllianceState.DISSOLVED: set(),
}
CLOSED_ALLIANCE_STATES = frozenset({AllianceState.DISSOLVING, AllianceState.DISSOLVED})


class Alliance(TimeStamped):
    """A partnership of organizations. Consortia and ARGEs get an Organization of kind consortium, so the
    marketplace can take their bids with the lead acting for them."""

    kind = models.CharField(_("kind"), max_length=24, choices=AllianceKind.choices)
    name = models.CharField(_("name"), max_length=200)
    purpose = models.TextField(_("purpose and scope"))
    target_tender = models.ForeignKey(
        "marketplace.Tender",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("target tender"),
    )
    aims_at_edf = models.BooleanField(_("aims at an EDF or EUDIS call"), default=False)
    state = models.CharField(_("state"), max_length=12, choices=AllianceState.choices, default=AllianceState.DRAFT)
    organization = models.OneToOneField(
        "organizations.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="alliance",
        help_text=_("the consortium as a bidder (consortia and ARGEs)"),
    )
    joint_venture_entity = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("joint-venture entity (a new legal entity)"),
    )
    created_by = models.ForeignKey("organizations.User", on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("alliance")

    def __str__(self) -> str:
        return self.name

    # The state predicates services, views, templates and the API read (one answer each).
    @property
    def is_closed(self) -> bool:
        """Dissolving or dissolved: no new members, the agreement no longer changes."""
        return self.state in CLOSED_ALLIANCE_STATES

    @property
    def is_active(self) -> bool:
        """Every member signed the current agreement; a consortium may bid."""
        return self.state == AllianceState.ACTIVE

    @property
    def can_take_members(self) -> bool:
        return not self.is_closed

    @property
    def can_be_dissolved(self) -> bool:
        """The lead may start the dissolution."""
        return AllianceState.DISSOLVING in ALLIANCE_TRANSITIONS[self.state]

    @property
    def can_complete_dissolution(self) -> bool:
        return AllianceState.DISSOLVED in ALLIANCE_TRANSITIONS[self.state]


class MemberRole(models.TextChoices):
    LEAD = "lead", _("Lead (represents the alliance)")
    PARTNER = "partner", _("Partner")
    PARENT = "parent", _("Parent (of a joint venture)")


class AllianceMember(models.Model):
    """An organization in an alliance, with its role and its shares of the work and of the money."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="members")
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="alliance_memberships"
    )
    role = models.CharField(_("role"), max_length=8, choices=MemberRole.choices, default=MemberRole.PARTNER)
    work_share = models.DecimalField(_("work share (%)"), max_digits=5, decimal_places=2, default=0)
    cost_share = models.DecimalField(_("cost and profit share (%)"), max_digits=5, decimal_places=2, default=0)
    contribution = models.TextField(_("contributions and responsibilities"), blank=True)
    lots = models.ManyToManyField("marketplace.Lot", blank=True, related_name="+", verbose_name=_("lots"))
    third_country_controlled = models.BooleanField(_("controlled from outside the EU/EEA"), default=False)
    joined_at = models.DateTimeField(auto_now_add=True)
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["alliance_id", "joined_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "organization"],
                condition=Q(left_at__isnull=True),
                name="alliance_member_once",
                violation_error_message=_("This organization is already a member."),
            ),
            models.UniqueConstraint(
                fields=["alliance"],
                condition=Q(role="lead", left_at__isnull=True),
                name="alliance_one_lead",
                violation_error_message=_("An alliance has one lead."),
            ),
            models.CheckConstraint(
                condition=Q(work_share__gte=0, work_share__lte=100, cost_share__gte=0, cost_share__lte=100),
                name="alliance_member_shares_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} in {self.alliance}"


class InvitationState(models.TextChoices):
    OPEN = "open", _("Open")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class AllianceInvitation(models.Model):
    """An alliance's invitation to an organization to join with a role, open until answered or withdrawn."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="invitations")
    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=8, choices=MemberRole.choices, default=MemberRole.PARTNER)
    message = models.TextField(blank=True)
    state = models.CharField(max_length=10, choices=InvitationState.choices, default=InvitationState.OPEN)
    invited_by = models.ForeignKey("organizations.User", on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "organization"],
                condition=Q(state="open"),
                name="alliance_invitation_one_open",
                violation_error_message=_("This organization is already invited."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} → {self.alliance} ({self.state})"


class ContactRequest(models.Model):
    """First contact through the platform; the recipient decides whether to reveal contact details."""

    sender = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="contact_requests"
    )
    sent_by = models.ForeignKey("organizations.User", on_delete=models.SET_NULL, null=True, related_name="+")
    subject = models.CharField(max_length=200)
    message = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    details_revealed_at = models.DateTimeField(null=True, blank=True)
    revealed_by = models.ForeignKey(
        "organizations.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject


class PartnerAnnouncement(models.Model):
    """'Looking for partners' for a tender or a topic."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    tender = models.ForeignKey("marketplace.Tender", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    topic = models.CharField(max_length=200)
    text = models.TextField()
    cpv_codes = models.ManyToManyField("organizations.CpvCode", blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.topic
