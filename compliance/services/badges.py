"""Badges: issued from assessments, suspended or revoked by reviewers, expired and reminded by Celery beat."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from core.formatting import format_date
from organizations.audit import audit_record
from organizations.languages import language_of_country
from organizations.models import Organization, PlatformRoleKind, User

from ..models import Assessment, Badge, BadgeLevel, Evidence

REMINDER_LEAD = timedelta(days=30)


def _validity_months() -> int:
    return getattr(settings, "COMPLIANCE_BADGE_VALIDITY_MONTHS", 24)


def badge_issue(*, assessment: Assessment, level: str, score: Decimal | None, by: User) -> Badge:
    """Issue a badge for the assessment's framework; an older badge of the same kind and level is replaced."""
    today = timezone.localdate()
    kind = assessment.framework.badge_kind
    Badge.objects.filter(
        organization=assessment.organization, kind=kind, level=level, replaced_at__isnull=True, revoked_at__isnull=True
    ).update(replaced_at=timezone.now())
    badge = Badge.objects.create(
        organization=assessment.organization,
        kind=kind,
        level=level,
        assessment=assessment,
        score=score or Decimal(0),
        issued_on=today,
        valid_until=today + relativedelta(months=_validity_months()),
    )
    audit_record(
        actor=by,
        action="badge.issued",
        target=badge,
        organization=assessment.organization,
        changes={"kind": [None, kind], "level": [None, level], "valid_until": [None, str(badge.valid_until)]},
    )
    return badge


def _ensure_reviewer(by: User) -> None:
    if not (by.is_platform_admin or by.has_platform_role(PlatformRoleKind.COMPLIANCE_REVIEWER)):
        raise ApplicationError(_("Only compliance reviewers suspend or revoke badges."), code="permission_denied")


def _require_reason(reason: str) -> str:
    if not (reason or "").strip():
        raise ApplicationError(_("Give a reason."), errors={"reason": [_("This field is required.")]})
    return reason.strip()


@transaction.atomic
def badge_suspend(*, badge: Badge, reason: str, by: User) -> Badge:
    """Suspend a badge at once: it stops counting for eligibility until it is reissued."""
    _ensure_reviewer(by)
    reason = _require_reason(reason)
    badge = Badge.objects.select_for_update().get(pk=badge.pk)
    if badge.revoked_at or badge.suspended_at:
        raise ApplicationError(_("This badge is already suspended or revoked."), code="badge_inactive")
    badge.suspended_at, badge.status_reason = timezone.now(), reason
    badge.save(update_fields=["suspended_at", "status_reason"])
    audit_record(
        actor=by,
        action="badge.suspended",
        target=badge,
        organization=badge.organization,
        changes={"suspended": [False, True], "reason": [None, reason]},
    )
    return badge


@transaction.atomic
def badge_revoke(*, badge: Badge, reason: str, by: User) -> Badge:
    _ensure_reviewer(by)
    reason = _require_reason(reason)
    badge = Badge.objects.select_for_update().get(pk=badge.pk)
    if badge.revoked_at:
        raise ApplicationError(_("This badge is already revoked."), code="badge_inactive")
    badge.revoked_at, badge.status_reason = timezone.now(), reason
    badge.save(update_fields=["revoked_at", "status_reason"])
    audit_record(
        actor=by,
        action="badge.revoked",
        target=badge,
        organization=badge.organization,
        changes={"revoked": [False, True], "reason": [None, reason]},
    )
    return badge


@transaction.atomic
def badges_expire() -> int:
    """Record the expiry of badges past their date (eligibility already follows the date itself)."""
    today = timezone.localdate()
    count = 0
    for badge in Badge.objects.select_for_update(skip_locked=True).filter(
        valid_until__lt=today, expired_at__isnull=True
    ):
        badge.expired_at = timezone.now()
        badge.save(update_fields=["expired_at"])
        audit_record(
            actor=None,
            action="badge.expired",
            target=badge,
            organization=badge.organization,
            changes={"valid_until": [str(badge.valid_until), None]},
        )
        count += 1
    return count


def expiry_reminders_send() -> int:
    """Mail each organization's admins once about badges and evidence expiring within 30 days."""
    from django.core.mail import send_mail

    from organizations.models import Membership, MembershipRole

    today = timezone.localdate()
    horizon = today + REMINDER_LEAD
    sent = 0
    with transaction.atomic():
        badges = list(
            Badge.objects.select_for_update(skip_locked=True).filter(
                valid_until__gte=today,
                valid_until__lte=horizon,
                reminder_sent_at__isnull=True,
                revoked_at__isnull=True,
                level=BadgeLevel.CHECKED,
            )
        )
        newer_version = Evidence.objects.filter(supersedes=OuterRef("pk"))
        evidence = list(
            Evidence.objects.select_for_update(skip_locked=True, of=("self",)).filter(
                ~Exists(newer_version), expires_on__gte=today, expires_on__lte=horizon, reminder_sent_at__isnull=True
            )
        )
        by_org: dict[int, list[Badge | Evidence]] = {}
        for item in [*badges, *evidence]:
            by_org.setdefault(item.organization_id, []).append(item)
        now = timezone.now()
        Badge.objects.filter(pk__in=[b.pk for b in badges]).update(reminder_sent_at=now)
        Evidence.objects.filter(pk__in=[e.pk for e in evidence]).update(reminder_sent_at=now)
    countries = dict(Organization.objects.filter(pk__in=by_org).values_list("pk", "country"))
    for organization_id, items in by_org.items():
        admins = list(
            Membership.objects.filter(organization_id=organization_id, role=MembershipRole.ADMIN).values_list(
                "user__email", "user__language"
            )
        )
        # Each admin reads the mail in their own language; one who has chosen none, in their organization's
        # country's language.
        by_language: dict[str, list[str]] = {}
        for email, language in admins:
            language = language or language_of_country(str(countries.get(organization_id, "")))
            by_language.setdefault(language, []).append(email)
        for language, emails in by_language.items():
            with translation.override(language):
                lines = [_reminder_line(item) for item in items]
                send_mail(_("ALX: readiness items expire soon"), "\n".join(lines), settings.DEFAULT_FROM_EMAIL, emails)
        if admins:
            sent += 1
    return sent


def _reminder_line(item: Badge | Evidence) -> str:
    if isinstance(item, Badge):
        return _("Badge %(badge)s expires on %(date)s.") % {
            "badge": item.get_kind_display(),
            "date": format_date(item.valid_until),
        }
    return _("Evidence %(name)s expires on %(date)s.") % {
        "name": item.original_name,
        "date": format_date(item.expires_on),
    }
