"""The values of the clause variables, in the agreement's language: the settings chosen when the agreement is
generated (notice, liability cap, seat, law, options) and the alliance's data (parties, shares, background IP)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from core.formatting import format_money

from ..models import Alliance, AllianceKind, AllianceMember, BackgroundIp, MemberRole
from .library import OPTIONS

DEFAULT_NOTICE_DAYS = 90
MAX_NOTICE_DAYS = 730
MAX_LIABILITY_CAP = Decimal("1000000000000")

LABELS: dict[str, dict[str, Any]] = {
    "en": {
        "no_lead": "the party chosen unanimously by the parties",
        "no_tender": "none named yet",
        "tender": "“{title}”, issued by {buyer}",
        "register": "register no.",
        "shares_header": ("Party", "Work share", "Cost and profit share", "Lots", "Contributions and work packages"),
        "total": "Total",
        "lot": "Lot",
        "background_header": ("Party", "Background IP", "Terms of use"),
        "no_background_ip": "No party has listed background IP.",
        "signatory": "For {name}: ______________________ (name, function, date)",
        "date_format": "j F Y",
        "roles": {
            MemberRole.LEAD: {
                AllianceKind.CONSORTIUM: "lead",
                AllianceKind.ARGE: "managing member",
                AllianceKind.JOINT_VENTURE: "lead parent",
                "": "coordinator",
            },
            MemberRole.PARTNER: {AllianceKind.ARGE: "member", "": "partner"},
            MemberRole.PARENT: {"": "parent"},
        },
    },
    "de": {
        "no_lead": "die von den Parteien einstimmig bestimmte Partei",
        "no_tender": "noch keine benannt",
        "tender": "„{title}“ von {buyer}",
        "register": "Registernummer",
        "shares_header": (
            "Partei",
            "Arbeitsanteil",
            "Kosten- und Ergebnisanteil",
            "Lose",
            "Beiträge und Arbeitspakete",
        ),
        "total": "Summe",
        "lot": "Los",
        "background_header": ("Partei", "Background IP", "Nutzungsbedingungen"),
        "no_background_ip": "Keine Partei hat Background IP aufgeführt.",
        "signatory": "Für {name}: ______________________ (Name, Funktion, Datum)",
        "date_format": "j. F Y",
        "roles": {
            MemberRole.LEAD: {
                AllianceKind.CONSORTIUM: "Konsortialführer",
                AllianceKind.ARGE: "federführendes Mitglied",
                AllianceKind.JOINT_VENTURE: "federführender Gesellschafter",
                "": "Koordinator",
            },
            MemberRole.PARTNER: {AllianceKind.ARGE: "Mitglied", "": "Partner"},
            MemberRole.PARENT: {"": "Gesellschafter"},
        },
    },
}
SETTING_NAMES = {
    "notice_days",
    "liability_cap",
    "arbitration_seat",
    "governing_law",
    *(setting for setting, _values in OPTIONS.values()),
}


# --- settings -------------------------------------------------------------------------------------------------


def _notice_days(value: Any, errors: dict[str, list[str]]) -> int:
    try:
        days = int(value)
    except (TypeError, ValueError):
        days = 0
    if not 1 <= days <= MAX_NOTICE_DAYS:
        errors["notice_days"] = [_("Give the notice period in days, from 1 to %(max)d.") % {"max": MAX_NOTICE_DAYS}]
    return days


def _liability_cap(value: Any, errors: dict[str, list[str]]) -> Decimal:
    try:
        amount = Decimal(str(value).replace(" ", "")) if value not in (None, "") else Decimal(0)
    except InvalidOperation:
        amount = Decimal(0)
    if not (amount.is_finite() and 0 < amount < MAX_LIABILITY_CAP):
        errors["liability_cap"] = [_("Give the liability cap as an amount in euros above zero.")]
    return amount


def _required_text(settings: dict, name: str, errors: dict[str, list[str]]) -> str:
    value = " ".join(str(settings.get(name) or "").split())
    if not value or len(value) > 200:
        errors[name] = [_("This field is required (at most 200 characters).")]
    return value


def _default_option(setting: str, kind: str) -> str:
    if setting == "liability":
        # An ARGE answers to the client jointly; consortia usually answer for their own share.
        return "joint" if kind == AllianceKind.ARGE else "several"
    return {"foreground_ip": "creator", "ip_licensing": "fair_reasonable"}[setting]


def settings_clean(*, alliance: Alliance, settings: dict | None) -> dict[str, Any]:
    """The generation settings checked and completed with defaults; ApplicationError with field errors."""
    settings = dict(settings or {})
    errors: dict[str, list[str]] = {}
    unknown = sorted(set(settings) - SETTING_NAMES)
    if unknown:
        errors["settings"] = [_("Unknown settings: %(names)s.") % {"names": ", ".join(unknown)}]
    cleaned: dict[str, Any] = {
        "notice_days": _notice_days(settings.get("notice_days", DEFAULT_NOTICE_DAYS), errors),
        "liability_cap": _liability_cap(settings.get("liability_cap"), errors),
        "arbitration_seat": _required_text(settings, "arbitration_seat", errors),
        "governing_law": _required_text(settings, "governing_law", errors),
        "options": {},
    }
    for slot, (setting, values) in OPTIONS.items():
        choice = settings.get(setting) or _default_option(setting, alliance.kind)
        if choice not in values:
            errors[setting] = [_("Choose one of: %(values)s.") % {"values": ", ".join(values)}]
        cleaned["options"][slot] = choice
        cleaned[setting] = choice
    if errors:
        raise ApplicationError(_("Check the agreement settings."), errors=errors)
    return cleaned


# --- formatting -----------------------------------------------------------------------------------------------


def percent(value: Decimal, language: str) -> str:
    text = f"{Decimal(value).quantize(Decimal('0.01')):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}%" if language == "en" else f"{text.replace('.', ',')} %"


def money(amount: Decimal, language: str) -> str:
    """The agreement's amounts as everywhere on ALX: "€250,000.00", "250.000,00 €" (core.formatting)."""
    with translation.override(language):
        return format_money(amount, "EUR")


def day(value: date, language: str) -> str:
    with translation.override(language):
        return date_format(value, LABELS[language]["date_format"])


def _cell(value: str) -> str:
    """Table cells are one line and may not contain the column separator."""
    return " ".join(str(value).split()).replace("|", "/") or "—"


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(_cell(cell) for cell in cells) + " |"


def role_label(*, role: str, kind: str, language: str) -> str:
    labels = LABELS[language]["roles"].get(role, {})
    return labels.get(kind, labels.get("", role))


# --- the alliance's data --------------------------------------------------------------------------------------


def current_members(alliance: Alliance) -> list[AllianceMember]:
    """The current members, the lead first, then in the order they joined."""
    members = alliance.members.filter(left_at__isnull=True).select_related("organization").prefetch_related("lots")
    return sorted(members, key=lambda m: (m.role != MemberRole.LEAD, m.joined_at, m.pk))


def _party_line(member: AllianceMember, kind: str, language: str) -> str:
    organization = member.organization
    with translation.override(language):
        country = str(organization.country.name)
    place = " ".join(part for part in (organization.postal_code, organization.city) if part)
    parts = [organization.legal_name, organization.street, place, country]
    line = ", ".join(" ".join(part.split()) for part in parts if part and part.strip())
    if organization.registration_id:
        line += f" ({LABELS[language]['register']} {organization.registration_id})"
    return f"- {line} — {role_label(role=member.role, kind=kind, language=language)}"


def _shares_table(members: list[AllianceMember], language: str) -> str:
    labels = LABELS[language]
    rows = [_row(list(labels["shares_header"]))]
    for member in members:
        lots = ", ".join(
            f"{labels['lot']} {lot.number}: {lot.title}"
            for lot in sorted(member.lots.all(), key=lambda lot: lot.number)
        )
        rows.append(
            _row(
                [
                    member.organization.legal_name,
                    percent(member.work_share, language),
                    percent(member.cost_share, language),
                    lots,
                    member.contribution,
                ]
            )
        )
    rows.append(
        _row(
            [
                labels["total"],
                percent(sum((m.work_share for m in members), Decimal(0)), language),
                percent(sum((m.cost_share for m in members), Decimal(0)), language),
                "",
                "",
            ]
        )
    )
    return "\n".join(rows)


def _background_ip_table(alliance: Alliance, members: list[AllianceMember], language: str) -> str:
    labels = LABELS[language]
    order = {member.organization_id: index for index, member in enumerate(members)}
    entries = sorted(
        (
            entry
            for entry in BackgroundIp.objects.filter(alliance=alliance).select_related("organization")
            if entry.organization_id in order
        ),
        key=lambda e: (order[e.organization_id], e.pk),
    )
    if not entries:
        return labels["no_background_ip"]
    rows = [_row(list(labels["background_header"]))]
    rows += [_row([entry.organization.legal_name, entry.description, entry.terms]) for entry in entries]
    return "\n".join(rows)


def _target_tender(alliance: Alliance, language: str) -> str:
    tender = alliance.target_tender
    if tender is None:
        return LABELS[language]["no_tender"]
    return LABELS[language]["tender"].format(title=tender.title, buyer=tender.buyer.legal_name)


def data_values(*, alliance: Alliance, language: str) -> dict[str, str]:
    """The data variables of `alliance` in `language`, as clause text (lists and `|` tables)."""
    members = current_members(alliance)
    lead = next((m for m in members if m.role == MemberRole.LEAD), None)
    return {
        "alliance_name": alliance.name,
        "purpose": alliance.purpose.strip(),
        "target_tender": _target_tender(alliance, language),
        "parties": "\n".join(_party_line(m, alliance.kind, language) for m in members),
        "lead": lead.organization.legal_name if lead else LABELS[language]["no_lead"],
        "member_shares": _shares_table(members, language),
        "background_ip_schedule": _background_ip_table(alliance, members, language),
        "signatories": "\n".join(
            "- " + LABELS[language]["signatory"].format(name=m.organization.legal_name) for m in members
        ),
    }


def setting_values(*, cleaned: dict[str, Any], language: str, today: date) -> dict[str, str]:
    return {
        "notice_days": str(cleaned["notice_days"]),
        "liability_cap": money(cleaned["liability_cap"], language),
        "arbitration_seat": cleaned["arbitration_seat"],
        "governing_law": cleaned["governing_law"],
        "today": day(today, language),
    }
