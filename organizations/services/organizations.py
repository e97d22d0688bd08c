"""Writes of organizations: registration (its creator becomes the first administrator), profile changes with a
field-by-field audit entry, and deletion. A registration id is unique across the platform."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.errors import ApplicationError

from ..audit import audit_record, diff, snapshot
from ..cpv import parse_cpv_codes
from ..models import (
    ClusterMembership,
    Membership,
    MembershipRole,
    Organization,
    OrganizationKind,
    User,
)
from ..permissions import forget_memberships
from .common import (
    ORGANIZATION_FIELDS,
    SELF_SERVICE_KINDS,
    normalize_registration_id,
    validate_model,
)


def _apply_profile(organization: Organization, data: dict[str, Any]) -> tuple[list[str] | None, list[dict] | None]:
    codes = data.pop("capability_codes", None)
    clusters = data.pop("clusters", None)
    unknown = set(data) - set(ORGANIZATION_FIELDS)
    if unknown:
        raise ApplicationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    for name, value in data.items():
        if name == "registration_id" and value:
            value = normalize_registration_id(value)
        setattr(organization, name, value)
    if codes is not None:
        codes = parse_cpv_codes(codes)
    return codes, clusters


def _duplicate_registration_error() -> ApplicationError:
    message = _("An organization with this registration id is already registered.")
    return ApplicationError(message, errors={"registration_id": [message]}, code="duplicate_registration_id")


def _save_organization(organization: Organization, codes, clusters) -> None:
    if (
        organization.registration_id
        and Organization.objects.filter(registration_id=organization.registration_id)
        .exclude(pk=organization.pk)
        .exists()
    ):
        raise _duplicate_registration_error()
    validate_model(organization)
    try:
        with transaction.atomic():
            organization.save()
    except IntegrityError as error:  # a concurrent registration won the race
        raise _duplicate_registration_error() from error
    if codes is not None:
        organization.capability_codes.set(codes)
    if clusters is not None:
        organization.clusters.all().delete()
        ClusterMembership.objects.bulk_create(
            ClusterMembership(organization=organization, name=c["name"].strip(), region=c.get("region", "").strip())
            for c in {c["name"].strip(): c for c in clusters if c.get("name", "").strip()}.values()
        )


@transaction.atomic
def organization_create(*, by: User, allow_any_kind: bool = False, **data: Any) -> Organization:
    """Register an organization; its creator becomes its first admin.

    Companies and authorities register themselves; nations, the JCC and consortia are created
    by platform admins (or, for consortia, by the alliances app acting for the lead).
    """
    kind = data.get("kind", OrganizationKind.COMPANY)
    if kind not in SELF_SERVICE_KINDS and not (allow_any_kind or by.is_platform_admin):
        raise ApplicationError(
            _("Only platform administrators can register organizations of this kind."),
            errors={"kind": [_("Choose company or authority.")]},
            code="permission_denied",
        )
    organization = Organization(kind=kind)
    codes, clusters = _apply_profile(organization, data)
    _save_organization(organization, codes, clusters)
    Membership.objects.create(user=by, organization=organization, role=MembershipRole.ADMIN)
    forget_memberships(by)
    audit_record(
        actor=by,
        action="organization.created",
        target=organization,
        organization=organization,
        changes=diff({}, snapshot(organization, [*ORGANIZATION_FIELDS, "capability_codes"])),
    )
    return organization


@transaction.atomic
def organization_update(*, organization: Organization, by: User, **data: Any) -> Organization:
    """Change an organization's profile; the audit entry records each changed field."""
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if "kind" in data and data["kind"] != organization.kind and not by.is_platform_admin:
        raise ApplicationError(
            _("Only platform administrators can change an organization's kind."),
            errors={"kind": [_("The kind cannot be changed.")]},
        )
    fields = [*ORGANIZATION_FIELDS, "capability_codes"]
    before = snapshot(organization, fields)
    codes, clusters = _apply_profile(organization, data)
    _save_organization(organization, codes, clusters)
    organization.refresh_from_db()
    changes = diff(before, snapshot(organization, fields))
    if changes or clusters is not None:
        audit_record(
            actor=by, action="organization.updated", target=organization, organization=organization, changes=changes
        )
    return organization


@transaction.atomic
def organization_delete(*, organization: Organization, by: User) -> None:
    audit_record(
        actor=by,
        action="organization.deleted",
        target=organization,
        organization=None,
        changes={"legal_name": [organization.legal_name, None]},
    )
    organization.delete()
