"""Reading CPV codes as people type them: with or without check digit, separated by commas or spaces."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from core.errors import ApplicationError

_CODE = re.compile(r"^(\d{8})(?:-\d)?$")


def normalize_cpv_code(raw: str) -> str | None:
    """'34110000-1' or ' 34110000 ' → '34110000'; anything that is not an eight-digit code → None."""
    match = _CODE.match(raw.strip())
    return match.group(1) if match else None


def cpv_subtree_prefix(raw: str) -> str | None:
    """The prefix that selects a code and everything below it ('60000000-8' → '60'); None if not a code."""
    from .models.cpv import significant_prefix

    code = normalize_cpv_code(raw or "")
    return significant_prefix(code) if code else None


def parse_cpv_codes(raw: str | list[str], *, field: str = "capability_codes") -> list[str]:
    """Split and normalise codes; raise ApplicationError naming every malformed or unknown code."""
    from .models import CpvCode

    items = raw if isinstance(raw, list) else re.split(r"[\s,;]+", raw or "")
    items = [str(item).strip() for item in items if str(item).strip()]
    malformed = [item for item in items if normalize_cpv_code(item) is None]
    if malformed:
        raise ApplicationError(
            _("Not a CPV code: %(codes)s. A CPV code has eight digits, e.g. 60100000 or 60100000-9.")
            % {"codes": ", ".join(malformed)},
            errors={field: [_("Not a CPV code: %(codes)s.") % {"codes": ", ".join(malformed)}]},
        )
    codes = list(dict.fromkeys(normalize_cpv_code(item) for item in items))
    known = set(CpvCode.objects.filter(code__in=codes).values_list("code", flat=True))
    unknown = [code for code in codes if code not in known]
    if unknown:
        message = _("Unknown CPV code: %(codes)s.") % {"codes": ", ".join(unknown)}
        raise ApplicationError(message, errors={field: [message]})
    return codes
