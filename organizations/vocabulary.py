"""Loads the CPV 2008 vocabulary shipped in organizations/data into the database, idempotently."""

from __future__ import annotations

import csv
from pathlib import Path

from django.db import transaction

from .models import CpvCode
from .models.cpv import significant_prefix

CPV_CSV = Path(__file__).resolve().parent / "data" / "cpv_2008_en.csv"


def cpv_parent_code(code: str, known: set[str]) -> str | None:
    """Zero the last non-zero digit among positions 3-8 until the result is a known code."""
    digits = list(code)
    while True:
        position = next((i for i in range(7, 1, -1) if digits[i] != "0"), None)
        if position is None:
            return None
        digits[position] = "0"
        candidate = "".join(digits)
        if candidate in known:
            return candidate


@transaction.atomic
def cpv_vocabulary_load(*, path: Path = CPV_CSV) -> int:
    """Insert the codes that are missing and refresh titles; returns how many codes were created."""
    with path.open(encoding="utf-8") as handle:
        rows = {row["code"]: row["title_en"].strip() for row in csv.DictReader(handle)}
    known = set(rows)
    existing = dict(CpvCode.objects.values_list("code", "title"))
    # Parents first, so each row's parent exists when it is inserted.
    ordered = sorted(rows, key=lambda code: (len(significant_prefix(code)), code))
    new = [
        CpvCode(
            code=code, title=rows[code], parent_id=cpv_parent_code(code, known), level=len(significant_prefix(code)) - 1
        )
        for code in ordered
        if code not in existing
    ]
    CpvCode.objects.bulk_create(new, batch_size=2000)
    changed = [
        CpvCode(code=code, title=title) for code, title in rows.items() if code in existing and existing[code] != title
    ]
    CpvCode.objects.bulk_update(changed, ["title"], batch_size=2000)
    return len(new)
