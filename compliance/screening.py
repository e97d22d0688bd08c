"""Export screening: may an organization see or supply an item of a given classification for a destination?

The rules are a readiness aid, not legal advice: embargoed destinations are refused for listed items;
intra-EU transfers of dual-use items are free except category 0; military items and dual-use exports
outside the EU need a licence, which a valid licence covering the entry and destination satisfies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from core.formatting import format_date

from .classification import Classification, parse_classification
from .models import DestinationCategory, DestinationRule, Licence

ALLOWED = "allowed"
LICENCE_REQUIRED = "licence_required"
REFUSED = "refused"


@dataclass
class ScreeningResult:
    outcome: str
    classification: str
    destination: str
    reasons: list[str] = field(default_factory=list)
    licence: str | None = None

    @property
    def allowed(self) -> bool:
        return self.outcome == ALLOWED

    def as_dict(self) -> dict:
        return {
            "outcome": self.outcome,
            "classification": self.classification,
            "destination": self.destination,
            "reasons": self.reasons,
            "licence": self.licence,
        }


def _category(country: str) -> str | None:
    rule = DestinationRule.objects.filter(country=country.upper()).first()
    return rule.category if rule else None


def _covering_licence(organization, item: Classification, destination: str, on: date) -> Licence | None:
    for licence in Licence.objects.filter(organization=organization, valid_from__lte=on, valid_until__gte=on):
        # Only the countries named: a licence without destinations covers none (licence_add refuses one).
        destinations = [d.upper() for d in licence.destinations]
        if any(item.covers(code) for code in licence.classifications) and destination.upper() in destinations:
            return licence
    return None


def screen(
    *, organization, classification: str | Classification, destination: str, on: date | None = None
) -> ScreeningResult:
    """Screen one item for one organization and destination country (ISO 3166 alpha-2)."""
    on = on or timezone.localdate()
    item = classification if isinstance(classification, Classification) else parse_classification(classification)
    destination = destination.upper()
    result = ScreeningResult(ALLOWED, item.code, destination)
    home = _category(str(organization.country))
    target = _category(destination)

    if home == DestinationCategory.EMBARGOED:
        result.outcome = REFUSED
        result.reasons.append(_("The organization is established in an embargoed country."))
        return result
    if target == DestinationCategory.EMBARGOED:
        if item.is_listed:
            result.outcome = REFUSED
            result.reasons.append(_("%(dest)s is under an arms or dual-use embargo.") % {"dest": destination})
        else:
            result.outcome = LICENCE_REQUIRED
            result.reasons.append(
                _("%(dest)s is embargoed: even unlisted items need an authorisation check (catch-all clause).")
                % {"dest": destination}
            )
        return result
    if not item.is_listed:
        result.reasons.append(_("The item is not on an export control list."))
        return result

    needs_licence = True
    if item.regime == "dual_use" and target == DestinationCategory.EU and item.category != "0":
        needs_licence = False
        result.reasons.append(_("Dual-use item %(code)s moves freely within the EU.") % {"code": item.code})
    elif item.regime == "dual_use":
        result.reasons.append(
            _("Dual-use item %(code)s needs an export licence for %(dest)s.") % {"code": item.code, "dest": destination}
            if item.category != "0"
            else _("Category 0 items need a licence even within the EU.")
        )
    else:
        result.reasons.append(_("Military item %(code)s needs a transfer or export licence.") % {"code": item.code})
    if target is None:
        result.reasons.append(_("No destination rule is recorded for %(dest)s.") % {"dest": destination})

    if needs_licence:
        licence = _covering_licence(organization, item, destination, on)
        if licence is None:
            result.outcome = LICENCE_REQUIRED
        else:
            result.licence = str(licence)
            result.reasons.append(
                _("Covered by licence %(licence)s valid until %(date)s.")
                % {"licence": licence, "date": format_date(licence.valid_until)}
            )
    return result
