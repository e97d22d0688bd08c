"""How an agreement changes: every change is a new AgreementVersion (clauses filled from the library, its PDF's
SHA-256), the schedule clauses refilled from the alliance's current data, and an active alliance sent back to
negotiating because the new version needs every member's signature. The writes in services.py build on these."""

from __future__ import annotations

import hashlib

from django.db.models import Max
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from organizations.audit import audit_record
from organizations.models import Organization, User

from ..membership import agreement_needs_new_signatures
from ..models import Agreement, AgreementVersion, Alliance, ClauseTemplate
from .library import fill, is_schedule_text, split_key, template_text
from .rendering import agreement_render_pdf
from .variables import data_values


def _locked(alliance: Alliance) -> Alliance:
    return Alliance.objects.select_for_update().get(pk=alliance.pk)


def _ensure_open(alliance: Alliance) -> None:
    if alliance.is_closed:
        raise ApplicationError(
            _("This alliance is being dissolved; its agreement no longer changes."), code="invalid_state"
        )


def _agreement_of(alliance: Alliance) -> Agreement:
    agreement = Agreement.objects.filter(alliance=alliance).select_related("alliance").first()
    if agreement is None:
        raise ApplicationError(_("This alliance has no agreement yet; generate it first."), code="no_agreement")
    return agreement


def _latest(agreement: Agreement) -> AgreementVersion:
    return agreement.versions.order_by("-number").first()


def _clause(template: ClauseTemplate, language: str, values: dict[str, str]) -> dict:
    title, text = template_text(template, language)
    return {
        "key": split_key(template.key)[0],
        "topic": template.topic,
        "title": title,
        "text": fill(text, values),
        "template": template.key,
        "template_version": template.version,
        "schedule": is_schedule_text(text),
    }


def _version_create(
    *,
    agreement: Agreement,
    clauses: list[dict],
    by: User,
    organization: Organization,
    changed_clause: str = "",
    note: str = "",
) -> AgreementVersion:
    number = (agreement.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    version = AgreementVersion(
        agreement=agreement,
        number=number,
        clauses=clauses,
        changed_clause=changed_clause,
        change_note=note,
        created_by=by,
        created_by_organization=organization,
    )
    version.full_clean()
    version.save()
    version.pdf_sha256 = hashlib.sha256(agreement_render_pdf(version=version)).hexdigest()
    version.save(update_fields=["pdf_sha256"])
    return version


def _reopen(alliance: Alliance) -> dict[str, list[str]]:
    """A new version needs new signatures: an active alliance goes back to negotiating (the alliance services'
    rule). Returns the state change for the audit entry."""
    before = alliance.state
    agreement_needs_new_signatures(alliance)
    return {"state": [before, alliance.state]} if alliance.state != before else {}


def _refreshed(version: AgreementVersion, alliance: Alliance) -> tuple[list[dict], list[str]]:
    """The version's clauses with the schedule clauses filled again from the alliance's current data, and the
    keys of those that changed."""
    language = version.agreement.language
    wanted = [clause for clause in version.clauses if clause.get("schedule")]
    templates = {(t.key, t.version): t for t in ClauseTemplate.objects.filter(key__in=[c["template"] for c in wanted])}
    values = data_values(alliance=alliance, language=language) if wanted else {}
    clauses, changed = [], []
    for clause in version.clauses:
        template = templates.get((clause.get("template"), clause.get("template_version")))
        if clause.get("schedule") and template is not None:
            text = fill(template_text(template, language)[1], values)
            if text != clause["text"]:
                clause = {**clause, "text": text}
                changed.append(clause["key"])
        clauses.append(clause)
    return clauses, changed


def _refresh(
    *, agreement: Agreement, alliance: Alliance, by: User, organization: Organization, note: str
) -> AgreementVersion | None:
    latest = _latest(agreement)
    clauses, changed = _refreshed(latest, alliance)
    if not changed:
        return None
    joined = ",".join(changed)
    version = _version_create(
        agreement=agreement,
        clauses=clauses,
        by=by,
        organization=organization,
        changed_clause=joined if len(joined) <= 64 else changed[0],
        note=note or _("Schedules updated from the alliance's data: %(keys)s.") % {"keys": ", ".join(changed)},
    )
    audit_record(
        actor=by,
        action="agreement.refreshed",
        target=agreement,
        organization=organization,
        changes={"version": [latest.number, version.number], "clauses": [None, changed], **_reopen(alliance)},
    )
    return version
