"""Consent to share readiness details with chosen organizations, and the licences an organization holds."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from core.errors import ApplicationError
from organizations.audit import audit_record
from organizations.models import Organization, OrganizationKind, User
from organizations.permissions import is_org_admin
from organizations.services import validate_model

from ..classification import parse_classification
from ..models import Licence, ReadinessShare


def _ensure_admin(organization: Organization, by: User) -> None:
    if not is_org_admin(by, organization.pk):
        raise ApplicationError(
            _("Only administrators of %(org)s decide what it shares.") % {"org": organization},
            code="permission_denied",
        )


# Whom one shares readiness with: the organizations that weigh a supplier up (companies and consortia as
# partners or primes, authorities as buyers). Nations and the JCC act in LogHubs, not as counterparties.
SHAREABLE_KINDS = (OrganizationKind.COMPANY, OrganizationKind.CONSORTIUM, OrganizationKind.AUTHORITY)


@transaction.atomic
def share_grant(*, owner: Organization, grantee_id: int, by: User) -> ReadinessShare:
    """Let another organization see scores and evidence (badges are public anyway)."""
    _ensure_admin(owner, by)
    grantee = Organization.objects.filter(pk=grantee_id).first()
    if grantee is None:
        message = _("There is no organization with this id.")
        raise ApplicationError(message, errors={"grantee": [message]})
    if grantee.kind not in SHAREABLE_KINDS:
        message = _("Share your readiness with a company, a consortium or an authority.")
        raise ApplicationError(message, errors={"grantee": [message]})
    if grantee.pk == owner.pk:
        message = _("Your own organization always sees its readiness.")
        raise ApplicationError(message, errors={"grantee": [message]})
    existing = ReadinessShare.objects.filter(owner=owner, grantee=grantee, revoked_at__isnull=True).first()
    if existing:
        return existing
    share = ReadinessShare.objects.create(owner=owner, grantee=grantee, created_by=by)
    audit_record(
        actor=by,
        action="readiness.shared",
        target=share,
        organization=owner,
        changes={"grantee": [None, grantee.legal_name]},
    )
    return share


@transaction.atomic
def share_revoke(*, share: ReadinessShare, by: User) -> ReadinessShare:
    share = ReadinessShare.objects.select_for_update().get(pk=share.pk)
    _ensure_admin(share.owner, by)
    if share.revoked_at is None:
        share.revoked_at = timezone.now()
        share.save(update_fields=["revoked_at"])
        audit_record(
            actor=by,
            action="readiness.share_revoked",
            target=share,
            organization=share.owner,
            changes={"grantee": [share.grantee.legal_name, None]},
        )
    return share


@transaction.atomic
def licence_add(
    *,
    organization: Organization,
    issuer: str,
    reference: str,
    classifications: list[str],
    destinations: list[str],
    valid_from: date,
    valid_until: date,
    by: User,
) -> Licence:
    """Record an export licence (e.g. from BAFA) with the entries and destinations it covers."""
    if valid_until < valid_from:
        message = _("The licence cannot end before it starts.")
        raise ApplicationError(message, errors={"valid_until": [message]})
    if not destinations:
        # Empty is not "any destination": a licence names its countries, and a forgotten field must not become
        # the widest authorisation there is (screening covers only the countries named).
        message = _("Name the destination countries the licence covers (ISO codes, e.g. NO or US).")
        raise ApplicationError(message, errors={"destinations": [message]})
    unknown = sorted({d.upper() for d in destinations} - {code for code, _name in countries})
    if unknown:
        message = _("Unknown country code: %(codes)s.") % {"codes": ", ".join(unknown)}
        raise ApplicationError(message, errors={"destinations": [message]})
    codes = [parse_classification(code, field="classifications").code for code in classifications]
    if not codes or "not_listed" in codes:
        message = _("Name the listed entries the licence covers, e.g. ML4 or 5A002.")
        raise ApplicationError(message, errors={"classifications": [message]})
    licence = Licence(
        organization=organization,
        issuer=issuer.strip(),
        reference=reference.strip(),
        classifications=codes,
        destinations=sorted({d.upper() for d in destinations}),
        valid_from=valid_from,
        valid_until=valid_until,
    )
    validate_model(licence)
    licence.save()
    audit_record(
        actor=by,
        action="licence.added",
        target=licence,
        organization=organization,
        changes={"reference": [None, licence.reference], "classifications": [None, codes]},
    )
    return licence
