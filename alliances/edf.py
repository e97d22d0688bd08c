"""The European Defence Fund eligibility check of a consortium: who counts, which countries, what is missing.

The rule (Regulation (EU) 2021/697, Art. 10(1) and 9): at least three eligible legal entities, established in at
least three different EU member states or associated countries, none of them controlled from a third country.
The coordinator's SME status is reported because calls score or reserve for SME participation.

Choices made here, so a reviewer can change them in one place:
- Associated countries: EDF is open to the EEA members of EFTA, but of those only Norway takes part in EDF; the
  issue says "EU member states or Norway". So ASSOCIATED_COUNTRIES is {"NO"}; Iceland and Liechtenstein are
  listed in EEA_NOT_PARTICIPATING and are *not* counted (add them to ASSOCIATED_COUNTRIES should they join).
- "Independent" is checked as distinct organizations on the platform. Ownership and control links between
  companies are not modelled, so two subsidiaries of one group would count twice; the report says so in a note.
- Third-country control is declared by the members (AllianceMember.third_country_controlled), not derived.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from organizations.countries import EU_MEMBER_STATES
from organizations.models import Organization, OrganizationKind

ASSOCIATED_COUNTRIES = frozenset({"NO"})
EEA_NOT_PARTICIPATING = frozenset({"IS", "LI"})
EDF_COUNTRIES = EU_MEMBER_STATES | ASSOCIATED_COUNTRIES
MIN_ENTITIES = 3
MIN_COUNTRIES = 3
# Organizations that are legal entities of their own; a platform consortium is the group, not a new entity.
LEGAL_ENTITY_KINDS = {OrganizationKind.COMPANY, OrganizationKind.AUTHORITY}


@dataclass
class EdfEntity:
    """One member as the EDF check sees it."""

    organization: Organization
    country: str
    counts: bool
    reason: str = ""  # why it does not count, in plain words
    third_country_controlled: bool = False


@dataclass
class EdfReport:
    """The outcome of the EDF check: `ok`, the entities that count and their countries, and what is missing."""

    ok: bool
    entities: list[EdfEntity] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    flagged: list[str] = field(default_factory=list)
    coordinator: Organization | None = None
    coordinator_is_sme: bool | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def counted(self) -> list[Organization]:
        return [entity.organization for entity in self.entities if entity.counts]

    def as_dict(self) -> dict:
        return {
            "ok": self.ok,
            "countries": self.countries,
            "missing": self.missing,
            "flagged": self.flagged,
            "counted": [o.pk for o in self.counted],
            "coordinator": self.coordinator.pk if self.coordinator else None,
            "coordinator_is_sme": self.coordinator_is_sme,
            "notes": self.notes,
        }


def is_edf_country(country: str) -> bool:
    return str(country).upper() in EDF_COUNTRIES


def _entity(organization: Organization, controlled: bool) -> EdfEntity:
    country = str(organization.country).upper()
    entity = EdfEntity(organization=organization, country=country, counts=False, third_country_controlled=controlled)
    if organization.kind not in LEGAL_ENTITY_KINDS:
        entity.reason = _("%(org)s is not a legal entity of its own (kind: %(kind)s) and does not count.") % {
            "org": organization,
            "kind": organization.get_kind_display(),
        }
    elif country not in EDF_COUNTRIES:
        entity.reason = _(
            "%(org)s is established in %(country)s, outside the EU member states and Norway, and does not count."
        ) % {"org": organization, "country": country}
    elif controlled:
        entity.reason = _("%(org)s is declared controlled from a third country and does not count.") % {
            "org": organization
        }
    else:
        entity.counts = True
    return entity


def edf_check(
    *,
    members: list[Organization],
    coordinator: Organization | None,
    third_country_controlled: set[int] | frozenset[int] = frozenset(),
) -> EdfReport:
    """Check a (planned) consortium against the EDF rule and list, in plain words, what is missing.

    `third_country_controlled` holds the ids of members declared controlled from outside the EU/EEA; they are
    flagged and do not count. The coordinator must be a member that counts; whether it is an SME is reported."""
    unique = list({organization.pk: organization for organization in members}.values())
    report = EdfReport(ok=False, coordinator=coordinator)
    report.entities = [_entity(o, o.pk in third_country_controlled) for o in unique]
    counted = [entity for entity in report.entities if entity.counts]
    report.countries = sorted({entity.country for entity in counted})
    for entity in report.entities:
        if entity.third_country_controlled:
            report.flagged.append(
                _("%(org)s is declared controlled from a third country.") % {"org": entity.organization}
            )

    if len(counted) < MIN_ENTITIES:
        short = MIN_ENTITIES - len(counted)
        report.missing.append(
            ngettext(
                "Add %(n)d more eligible legal entity (%(have)d of %(need)d count).",
                "Add %(n)d more eligible legal entities (%(have)d of %(need)d count).",
                short,
            )
            % {"n": short, "have": len(counted), "need": MIN_ENTITIES}
        )
    if len(report.countries) < MIN_COUNTRIES:
        short = MIN_COUNTRIES - len(report.countries)
        have = ", ".join(report.countries) or _("none")
        report.missing.append(
            ngettext(
                "Add a partner from %(n)d more EU member state or Norway (now: %(have)s).",
                "Add partners from %(n)d more EU member states or Norway (now: %(have)s).",
                short,
            )
            % {"n": short, "have": have}
        )

    if coordinator is None:
        report.missing.append(_("Name a coordinator among the members."))
    else:
        report.coordinator_is_sme = coordinator.is_sme
        mine = next((entity for entity in report.entities if entity.organization.pk == coordinator.pk), None)
        if mine is None:
            report.missing.append(
                _("The coordinator %(org)s must be a member of the consortium.") % {"org": coordinator}
            )
        elif not mine.counts:
            report.missing.append(
                _("The coordinator %(org)s must be an eligible entity itself.") % {"org": coordinator}
            )
        report.notes.append(
            _("The coordinator %(org)s is an SME.") % {"org": coordinator}
            if coordinator.is_sme
            else _("The coordinator %(org)s is not an SME.") % {"org": coordinator}
        )

    report.notes.append(
        _(
            "Independence is checked as distinct organizations; ownership links between them are "
            "not recorded on the platform, so confirm that no two members belong to one group."
        )
    )
    report.ok = not report.missing
    # Members that do not count do not break the rule by themselves; when something is missing, say why they
    # did not help.
    if not report.ok:
        report.missing += [entity.reason for entity in report.entities if not entity.counts]
    return report


def alliance_edf_check(*, alliance) -> EdfReport:
    """The EDF check of an alliance's current members, its lead as coordinator and their declared control."""
    members = list(alliance.members.filter(left_at__isnull=True).select_related("organization"))
    lead = next((m.organization for m in members if m.role == "lead"), None)
    return edf_check(
        members=[m.organization for m in members],
        coordinator=lead,
        third_country_controlled={m.organization_id for m in members if m.third_country_controlled},
    )
