"""Writes of agreements: generate from the clause library, propose clause changes, refresh the schedules from the
alliance's data, declare background IP, and sign.

Every change makes a new AgreementVersion (earlier versions and their signatures stay as they were), records
who made it for which member, and — if the alliance was active — sends it back to negotiating, because a
changed agreement needs every member's signature again. Signing records the SHA-256 of the rendered PDF; when
every current member has signed the latest version the alliance is activated. How a version is made and the
schedules refilled is in versions.py.
"""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from organizations.audit import audit_record
from organizations.models import Organization, User
from organizations.notifications import Body, notify_organizations

from ..membership import alliance_activate, ensure_member_admin
from ..models import Agreement, AgreementVersion, Alliance, BackgroundIp, Signature
from .library import LANGUAGES, templates_for
from .rendering import agreement_render_pdf
from .variables import current_members, data_values, setting_values, settings_clean
from .versions import (
    _agreement_of,
    _clause,
    _ensure_open,
    _latest,
    _locked,
    _refresh,
    _refreshed,
    _reopen,
    _version_create,
)

MAX_CLAUSE_CHARS = 20_000


def _notify_others(alliance: Alliance, organization: Organization, subject: Body) -> None:
    others = [m.organization for m in current_members(alliance) if m.organization_id != organization.pk]
    notify_organizations(organizations=others, subject=subject, link=reverse("alliances:agreement", args=[alliance.pk]))


@transaction.atomic
def agreement_generate(*, alliance: Alliance, by: User, language: str = "en", settings: dict) -> Agreement:
    """Draw up the alliance's agreement as version 1 from the clause library for its kind, in English or German,
    with the variables filled from the alliance's data and from `settings`: notice_days (default 90),
    liability_cap (euros), arbitration_seat, governing_law, and the options liability (several | joint),
    foreground_ip (creator | joint | lead) and ip_licensing (royalty_free | fair_reasonable)."""
    alliance = _locked(alliance)
    member = ensure_member_admin(alliance=alliance, by=by)
    _ensure_open(alliance)
    if language not in LANGUAGES:
        raise ApplicationError(_("Choose English or German."), errors={"language": [_("Choose en or de.")]})
    if Agreement.objects.filter(alliance=alliance).exists():
        raise ApplicationError(
            _("This alliance already has an agreement; propose changes clause by clause."),
            code="agreement_exists",
        )
    cleaned = settings_clean(alliance=alliance, settings=settings)
    templates = templates_for(kind=alliance.kind, options=cleaned["options"])
    if not templates:
        raise ApplicationError(
            _(
                "The agreement cannot be drawn up yet: this installation has no clause library. "
                "Please tell your platform operator; your alliance data is kept."
            ),
            code="clause_library_missing",
        )
    values = {
        **data_values(alliance=alliance, language=language),
        **setting_values(cleaned=cleaned, language=language, today=timezone.localdate()),
    }
    agreement = Agreement.objects.create(alliance=alliance, language=language)
    version = _version_create(
        agreement=agreement,
        clauses=[_clause(t, language, values) for t in templates],
        by=by,
        organization=member.organization,
    )
    settings_record = {
        name: str(cleaned[name])
        for name in (
            "notice_days",
            "liability_cap",
            "arbitration_seat",
            "governing_law",
            "liability",
            "foreground_ip",
            "ip_licensing",
        )
    }
    audit_record(
        actor=by,
        action="agreement.generated",
        target=agreement,
        organization=member.organization,
        changes={"language": [None, language], "version": [None, version.number], "settings": [None, settings_record]},
    )
    return agreement


@transaction.atomic
def clause_propose(
    *,
    alliance: Alliance,
    clause_key: str,
    text: str,
    by: User,
    note: str = "",
    organization: Organization | None = None,
) -> AgreementVersion:
    """Propose a new text for one clause: a new version with that clause changed, recording who (and for which
    member) changed what and why. Schedule clauses (parties, shares, background IP, signatories) follow the
    alliance's data and are changed there instead."""
    alliance = _locked(alliance)
    member = ensure_member_admin(alliance=alliance, by=by, organization=organization)
    _ensure_open(alliance)
    agreement = _agreement_of(alliance)
    latest = _latest(agreement)
    clauses = [dict(clause) for clause in latest.clauses]
    target = next((clause for clause in clauses if clause["key"] == clause_key), None)
    if target is None:
        message = _("The agreement has no clause “%(key)s”.") % {"key": clause_key}
        raise ApplicationError(message, errors={"clause_key": [message]})
    if target.get("schedule"):
        message = _(
            "“%(title)s” is filled from the alliance's members, shares and background IP; change those instead."
        ) % {"title": target["title"]}
        raise ApplicationError(message, errors={"clause_key": [message]}, code="schedule_clause")
    text = "\n".join(line.rstrip() for line in str(text).replace("\r\n", "\n").strip().split("\n"))
    if not text or len(text) > MAX_CLAUSE_CHARS:
        message = _("Write the clause (at most %(max)d characters).") % {"max": MAX_CLAUSE_CHARS}
        raise ApplicationError(message, errors={"text": [message]})
    if text == target["text"]:
        message = _("The text is the same as in version %(number)d.") % {"number": latest.number}
        raise ApplicationError(message, errors={"text": [message]}, code="unchanged")
    target["text"] = text
    version = _version_create(
        agreement=agreement,
        clauses=clauses,
        by=by,
        organization=member.organization,
        changed_clause=clause_key,
        note=note.strip(),
    )
    audit_record(
        actor=by,
        action="agreement.clause_proposed",
        target=agreement,
        organization=member.organization,
        changes={
            "version": [latest.number, version.number],
            "clause": [None, clause_key],
            "note": [None, version.change_note],
            **_reopen(alliance),
        },
    )
    _notify_others(
        alliance,
        member.organization,
        lambda: (
            _("%(org)s proposed a change to “%(clause)s” in %(alliance)s")
            % {"org": member.organization.legal_name, "clause": target["title"], "alliance": alliance.name}
        ),
    )
    return version


def agreement_schedules_refresh(*, alliance: Alliance, by: User, organization: Organization) -> None:
    """For the alliance services, after members or shares changed: refresh the schedules if there is an
    agreement (the caller already checked who may act)."""
    agreement = Agreement.objects.filter(alliance=alliance).first()
    if agreement is not None:
        _refresh(
            agreement=agreement,
            alliance=alliance,
            by=by,
            organization=organization,
            note=_("Members or shares changed."),
        )


@transaction.atomic
def agreement_refresh(*, alliance: Alliance, by: User, note: str = "") -> AgreementVersion | None:
    """Fill the schedule clauses again from the alliance's current members, shares, lots and background IP; a new
    version if anything changed (None if the latest version is up to date). Call it after members join or
    leave or shares change: a version whose schedules are out of date cannot be signed."""
    alliance = _locked(alliance)
    member = ensure_member_admin(alliance=alliance, by=by)
    _ensure_open(alliance)
    return _refresh(
        agreement=_agreement_of(alliance), alliance=alliance, by=by, organization=member.organization, note=note.strip()
    )


@transaction.atomic
def background_ip_add(
    *, alliance: Alliance, organization: Organization, description: str, terms: str, by: User
) -> BackgroundIp:
    """A member declares background IP it brings and the terms on which the others may use it. If the agreement
    exists, its background IP schedule is updated in a new version."""
    alliance = _locked(alliance)
    ensure_member_admin(alliance=alliance, by=by, organization=organization)
    _ensure_open(alliance)
    entry = BackgroundIp(
        alliance=alliance, organization=organization, description=description.strip(), terms=terms.strip()
    )
    try:
        entry.full_clean()
    except ValidationError as error:
        raise ApplicationError(
            _("Describe the background IP and the terms of its use."), errors=error.message_dict
        ) from error
    entry.save()
    audit_record(
        actor=by,
        action="alliance.background_ip_added",
        target=entry,
        organization=organization,
        changes={"description": [None, entry.description], "terms": [None, entry.terms]},
    )
    agreement = Agreement.objects.filter(alliance=alliance).first()
    if agreement is not None:
        _refresh(
            agreement=agreement,
            alliance=alliance,
            by=by,
            organization=organization,
            note=_("Background IP of %(org)s added to the schedule.") % {"org": organization.legal_name},
        )
    return entry


def _ensure_ready_to_sign(alliance: Alliance, version: AgreementVersion) -> None:
    members = current_members(alliance)
    if len(members) < 2:
        raise ApplicationError(
            _("The agreement can be signed once at least two members have joined."), code="too_few_members"
        )
    for field in ("work_share", "cost_share"):
        if sum(getattr(member, field) for member in members) != 100:
            message = _("Set every member's work and cost shares (each adding up to 100%) before signing.")
            raise ApplicationError(message, errors={"members": [message]}, code="shares_incomplete")
    if _refreshed(version, alliance)[1]:
        message = _(
            "The members, shares or background IP changed after version %(number)d was drawn up; "
            "refresh the agreement and sign the new version."
        ) % {"number": version.number}
        raise ApplicationError(message, errors={"version": [message]}, code="agreement_outdated")


@transaction.atomic
def agreement_sign(
    *, version: AgreementVersion, organization: Organization, by: User, pdf_sha256: str | None = None
) -> Signature:
    """The member's authorised signatory (an administrator of that organization) approves the latest version.
    Records who, when and the SHA-256 of the rendered PDF; pass `pdf_sha256` (of the PDF the signatory read)
    to make sure it is the same document. When every current member has signed, the alliance is activated."""
    version = AgreementVersion.objects.select_related("agreement__alliance").get(pk=version.pk)
    alliance = _locked(version.agreement.alliance)
    ensure_member_admin(alliance=alliance, by=by, organization=organization)
    _ensure_open(alliance)
    latest = _latest(version.agreement)
    if latest.pk != version.pk:
        message = _("Version %(number)d has been superseded by version %(latest)d; sign the latest version.") % {
            "number": version.number,
            "latest": latest.number,
        }
        raise ApplicationError(message, errors={"version": [message]}, code="superseded_version")
    if version.signatures.filter(organization=organization).exists():
        message = _("%(org)s has already signed version %(number)d.") % {
            "org": organization.legal_name,
            "number": version.number,
        }
        raise ApplicationError(message, errors={"organization": [message]}, code="already_signed")
    _ensure_ready_to_sign(alliance, version)
    digest = hashlib.sha256(agreement_render_pdf(version=version)).hexdigest()
    if pdf_sha256 is not None and pdf_sha256.strip().lower() != digest:
        message = _("The document differs from the one you reviewed; download it again before signing.")
        raise ApplicationError(message, errors={"pdf_sha256": [message]}, code="document_changed")
    signature = Signature.objects.create(version=version, organization=organization, signed_by=by, pdf_sha256=digest)
    audit_record(
        actor=by,
        action="agreement.signed",
        target=version.agreement,
        organization=organization,
        changes={"signed_version": [None, version.number], "pdf_sha256": [None, digest]},
    )
    signed = set(version.signatures.values_list("organization_id", flat=True))
    if not alliance.is_active and {m.organization_id for m in current_members(alliance)} <= signed:
        alliance_activate(alliance=alliance, by=by)
    return signature
