"""People on ALX: users (log in by e-mail), their memberships in organizations, platform roles, invitations."""

import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DEFAULT_TIME_ZONE = "Europe/Berlin"
LANGUAGE_CHOICES = [(code, name) for code, name in settings.LANGUAGES]


def validate_time_zone(value: str) -> None:
    """An IANA time zone name this server knows ("Europe/Berlin", "Europe/Lisbon")."""
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Choose a time zone from the list."), code="invalid_time_zone")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields):
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with their e-mail address; acts for the organizations they are a member of."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("may use the Django admin"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    # Every moment on pages, in mails and notifications is written in this zone (core.formatting).
    time_zone = models.CharField(
        _("time zone"), max_length=64, default=DEFAULT_TIME_ZONE, validators=[validate_time_zone]
    )
    # The language of the user's pages, notifications and mails. Blank until chosen (at sign-up from the browser,
    # in "Your settings" or with the language menu): pages then follow the browser, mails the platform's default.
    language = models.CharField(_("language"), max_length=8, blank=True, default="", choices=LANGUAGE_CHOICES)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.email

    def has_platform_role(self, role: str) -> bool:
        if self.is_superuser:
            return True
        roles = getattr(self, "_platform_roles_cache", None)
        if roles is None:
            roles = set(self.platform_roles.values_list("role", flat=True))
            self._platform_roles_cache = roles
        return role in roles

    @property
    def is_platform_admin(self) -> bool:
        return self.is_superuser or self.has_platform_role(PlatformRoleKind.PLATFORM_ADMIN)


class MembershipRole(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    MEMBER = "member", _("Member")


class Membership(models.Model):
    """A user's place in an organization: admins manage the profile, colleagues and tokens."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=8, choices=MembershipRole.choices, default=MembershipRole.MEMBER)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        ordering = ["organization_id", "user__email"]
        verbose_name = _("membership")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization"],
                name="membership_unique",
                violation_error_message=_("This person is already a member."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization} ({self.role})"


class PlatformRoleKind(models.TextChoices):
    PROCUREMENT_OFFICER = "procurement_officer", _("Procurement officer")
    COMPLIANCE_REVIEWER = "compliance_reviewer", _("Compliance reviewer")
    NAP_OPERATOR = "nap_operator", _("nAP operator")
    JCC_COORDINATOR = "jcc_coordinator", _("JCC coordinator")
    HUB_OPERATOR = "hub_operator", _("Hub operator")
    PLATFORM_ADMIN = "platform_admin", _("Platform administrator")
    AUDITOR = "auditor", _("Auditor (integrity flags, read only)")


class PlatformRole(models.Model):
    """A role a user holds on the platform itself; an nAP operator is bound to one nation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="platform_roles")
    role = models.CharField(_("role"), max_length=24, choices=PlatformRoleKind.choices)
    nation = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("nation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="nap_operators",
        limit_choices_to={"kind": "nation"},
    )
    granted_at = models.DateTimeField(_("granted"), auto_now_add=True)

    class Meta:
        ordering = ["user_id", "role"]
        verbose_name = _("platform role")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "nation"], nulls_distinct=False, name="platform_role_unique"
            ),
            models.CheckConstraint(
                condition=Q(role="nap_operator", nation__isnull=False) | ~Q(role="nap_operator"),
                name="platform_role_nap_needs_nation",
                violation_error_message=_("An nAP operator must be bound to a nation."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_role_display()}" + (f" ({self.nation})" if self.nation_id else "")


class Invitation(models.Model):
    """An invitation by e-mail to join an organization; the link carries a secret stored only as a hash."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=8, choices=MembershipRole.choices, default=MembershipRole.MEMBER)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("invitation")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "email"],
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_open_per_email",
                violation_error_message=_("This address already has an open invitation."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.organization}"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()
