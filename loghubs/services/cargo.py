"""Cargo lines: cleaning what the nAP typed, export screening for the hub's nation, and what a hub service accepts."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from compliance.classification import parse_classification
from compliance.selectors import screen
from core.errors import ApplicationError

from ..models import CLASSIFICATION_RANK, CargoLine, ClassificationLevel, Hub, HubService, ServiceRequest
from ..vocabulary import AMMUNITION_GROUPS, UN_HAZARD_CLASSES, hazard_class_accepted, normalize_nsn

CARGO_FIELDS = {
    "description",
    "nsn",
    "quantity",
    "weight_kg",
    "length_m",
    "width_m",
    "height_m",
    "hazardous_class",
    "ammunition_group",
    "export_classification",
    "classification_level",
}


def _number(value: Any, field: str, *, required: bool, integer: bool = False) -> Decimal | int | None:
    if value in (None, ""):
        if required:
            raise ApplicationError(_("This field is required."), errors={field: [_("This field is required.")]})
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError) as error:
        raise ApplicationError(_("Not a number."), errors={field: [_("Not a number.")]}) from error
    if number < 0 or (integer and number <= 0):
        message = _("Must be more than zero.") if integer else _("Must not be negative.")
        raise ApplicationError(message, errors={field: [message]})
    if integer:
        if number != number.to_integral_value():
            raise ApplicationError(_("Give a whole number."), errors={field: [_("Give a whole number.")]})
        return int(number)
    return number


def cargo_lines_build(lines: list[dict[str, Any]]) -> list[CargoLine]:
    """Unsaved cargo lines from input dicts; every problem names its field as `cargo.<index>.<field>`."""
    built = []
    for index, raw in enumerate(lines or []):
        prefix = f"cargo.{index}"
        unknown = set(raw) - CARGO_FIELDS
        if unknown:
            raise ApplicationError(
                _("Unknown cargo fields: %(f)s") % {"f": ", ".join(sorted(unknown))},
                errors={prefix: [_("Unknown fields.")]},
            )
        description = str(raw.get("description") or "").strip()
        if not description:
            raise ApplicationError(
                _("Describe every cargo line."), errors={f"{prefix}.description": [_("This field is required.")]}
            )
        nsn = ""
        if raw.get("nsn"):
            nsn = normalize_nsn(str(raw["nsn"]))
            if nsn is None:
                message = _("A NATO stock number has 13 digits, e.g. 1005-01-234-5678.")
                raise ApplicationError(message, errors={f"{prefix}.nsn": [message]})
        hazard = str(raw.get("hazardous_class") or "").strip()
        if hazard and hazard not in UN_HAZARD_CLASSES:
            message = _("“%(c)s” is not a UN hazard class or division (1.1 … 9).") % {"c": hazard}
            raise ApplicationError(message, errors={f"{prefix}.hazardous_class": [message]})
        group = str(raw.get("ammunition_group") or "").strip().upper()
        if group and group not in AMMUNITION_GROUPS:
            message = _("“%(g)s” is not an ammunition compatibility group (A–L, N, S).") % {"g": group}
            raise ApplicationError(message, errors={f"{prefix}.ammunition_group": [message]})
        if group and not hazard.startswith("1."):
            message = _("A compatibility group belongs to explosives: give hazard class 1.1 to 1.6 too.")
            raise ApplicationError(message, errors={f"{prefix}.ammunition_group": [message]})
        level = raw.get("classification_level") or ClassificationLevel.UNCLASSIFIED
        if level not in CLASSIFICATION_RANK:
            message = _("Unknown classification level.")
            raise ApplicationError(message, errors={f"{prefix}.classification_level": [message]})
        built.append(
            CargoLine(
                position=index + 1,
                description=description[:300],
                nsn=nsn,
                quantity=_number(raw.get("quantity"), f"{prefix}.quantity", required=True, integer=True),
                weight_kg=_number(raw.get("weight_kg"), f"{prefix}.weight_kg", required=True),
                length_m=_number(raw.get("length_m"), f"{prefix}.length_m", required=False),
                width_m=_number(raw.get("width_m"), f"{prefix}.width_m", required=False),
                height_m=_number(raw.get("height_m"), f"{prefix}.height_m", required=False),
                hazardous_class=hazard,
                ammunition_group=group,
                export_classification=parse_classification(
                    raw.get("export_classification"), field=f"{prefix}.export_classification"
                ).code,
                classification_level=level,
            )
        )
    return built


def cargo_problems(lines: list[CargoLine], service: HubService) -> list[str]:
    """What in the cargo the service does not accept, one sentence per line and reason."""
    problems = []
    for line in lines:
        if line.hazardous_class and not hazard_class_accepted(line.hazardous_class, service.hazardous_classes):
            problems.append(
                _("Line %(n)d “%(d)s”: hazard class %(c)s is not accepted by %(s)s (accepts: %(a)s).")
                % {
                    "n": line.position,
                    "d": line.description,
                    "c": line.hazardous_class,
                    "s": service,
                    "a": ", ".join(service.hazardous_classes) or _("no dangerous goods"),
                }
            )
        if line.ammunition_group and line.ammunition_group not in service.ammunition_groups:
            problems.append(
                _("Line %(n)d “%(d)s”: ammunition compatibility group %(g)s is not accepted by %(s)s (accepts: %(a)s).")
                % {
                    "n": line.position,
                    "d": line.description,
                    "g": line.ammunition_group,
                    "s": service,
                    "a": ", ".join(service.ammunition_groups) or _("no ammunition"),
                }
            )
        if CLASSIFICATION_RANK[line.classification_level] > CLASSIFICATION_RANK[service.max_classification]:
            problems.append(
                _("Line %(n)d “%(d)s” is %(l)s; %(s)s takes material up to %(m)s.")
                % {
                    "n": line.position,
                    "d": line.description,
                    "l": line.get_classification_level_display(),
                    "s": service,
                    "m": service.get_max_classification_display(),
                }
            )
    return problems


def accepting_services(*, hub: Hub, kind: str, lines: list[CargoLine]) -> tuple[list[HubService], list[str]]:
    """The hub's active services of `kind` that take all the cargo, and the problems of those that do not."""
    services = list(HubService.objects.filter(hub=hub, kind=kind, is_active=True).select_related("hub"))
    fitting, problems = [], []
    for service in services:
        found = cargo_problems(lines, service)
        if found:
            problems.extend(found)
        else:
            fitting.append(service)
    return fitting, problems


def ensure_hub_fits(*, request: ServiceRequest, hub: Hub, lines: list[CargoLine], field: str) -> list[HubService]:
    """Refuse a hub that lacks the service, cannot take the cargo, or whose slots are smaller than the quantity."""
    fitting, problems = accepting_services(hub=hub, kind=request.service_kind, lines=lines)
    if not fitting:
        if not problems:
            message = _("%(hub)s offers no %(kind)s.") % {"hub": hub.name, "kind": request.get_service_kind_display()}
            raise ApplicationError(message, errors={field: [message]}, code="service_not_offered")
        raise ApplicationError(
            _("%(hub)s cannot take this cargo: %(why)s") % {"hub": hub.name, "why": problems[0]},
            errors={"cargo": problems},
            code="cargo_not_accepted",
        )
    largest = max(service.capacity_per_slot for service in fitting)
    if request.quantity > largest:
        message = _("%(q)d exceeds the capacity of a slot at %(hub)s (at most %(max)d %(unit)s per slot).") % {
            "q": request.quantity,
            "hub": hub.name,
            "max": largest,
            "unit": fitting[0].get_unit_display(),
        }
        raise ApplicationError(message, errors={"quantity": [message]}, code="beyond_capacity")
    return fitting


def cargo_screen(*, request: ServiceRequest, hub: Hub, lines: list[CargoLine]) -> None:
    """Screen every line with compliance for the hub's nation; refuse naming the lines that may not go there.

    A movement inside the requesting nation's own country is not an export and is not screened. A line that
    needs a licence passes only when one of the nation's recorded licences covers it (e.g. a general transfer
    licence for armed forces under Directive 2009/43/EC, recorded in compliance).
    """
    destination = str(hub.nation.country)
    nation = request.nation
    refused = []
    for line in lines:
        if destination == str(nation.country):
            line.screening_outcome, line.screening_reasons = (
                "allowed",
                [_("Movement within %(c)s; not an export.") % {"c": destination}],
            )
            continue
        result = screen(
            organization=nation,
            classification=line.export_classification,
            destination=destination,
            on=request.period_start.date(),
        )
        line.screening_outcome, line.screening_reasons = result.outcome, [str(r) for r in result.reasons]
        if not result.allowed:
            refused.append((line, result))
    if refused:
        errors = {
            f"cargo.{line.position - 1}.export_classification": [
                _("Line %(n)d “%(d)s” (%(c)s) may not go to %(dest)s: %(why)s")
                % {
                    "n": line.position,
                    "d": line.description,
                    "c": line.export_classification,
                    "dest": destination,
                    "why": " ".join(result.reasons),
                }
            ]
            for line, result in refused
        }
        names = ", ".join(f"“{line.description}”" for line, _result in refused)
        raise ApplicationError(
            _("Export screening refused cargo for %(hub)s (%(dest)s): %(names)s.")
            % {"hub": hub.name, "dest": destination, "names": names},
            errors=errors,
            code="cargo_refused",
        )
