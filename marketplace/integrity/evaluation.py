"""The honest evaluation of the flags: synthetic tenders with each pattern injected (see `synthetic`), recall
on the injected cases and false alarms on every other lot, per flag; and the false-alarm rate of the
abnormally-low rule at its default threshold on lots without outliers, for a realistic price dispersion.
Everything runs inside a transaction that is rolled back: nothing stays in the database."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from . import synthetic
from .compute import flags_recompute
from .models import RedFlag


@dataclass
class FlagScore:
    code: str
    injected: int
    caught: int
    false_alarms: int
    clean: int

    @property
    def recall(self) -> float:
        return self.caught / self.injected if self.injected else 1.0


def _found(generated: synthetic.Generated) -> dict[str, set[int]]:
    found: dict[str, set[int]] = {code: set() for code in synthetic.patterns()}
    for code, tender_id, lot_id in RedFlag.objects.filter(tender_id__in=generated.tender_ids).values_list(
        "code", "tender_id", "lot_id"
    ):
        found.setdefault(code, set()).add(tender_id if code == "R003" else lot_id)
    return found


def evaluate_flags(*, lots: int = 900, inject_each: int = 20, seed: int = 7) -> list[FlagScore]:
    scores: list[FlagScore] = []
    with transaction.atomic():
        generated = synthetic.generate(lots=lots, inject_each=inject_each, seed=seed)
        flags_recompute(tender_ids=generated.tender_ids, audit=False)
        found = _found(generated)
        for code in synthetic.patterns():
            injected = generated.injected[code]
            universe = len(generated.tender_ids) if code == "R003" else len(generated.lot_ids)
            scores.append(
                FlagScore(
                    code=code,
                    injected=len(injected),
                    caught=len(found[code] & injected),
                    false_alarms=len(found[code] - injected),
                    clean=universe - len(injected),
                )
            )
        transaction.set_rollback(True)
    return scores


def alt_false_alarm_rate(*, lots: int = 2000, dispersion: float = 0.10, seed: int = 11) -> tuple[int, int]:
    """(lots flagged, lots) among lots without outliers whose prices scatter log-normally by `dispersion`."""
    with transaction.atomic():
        generated = synthetic.generate(lots=lots, inject_each=0, seed=seed, dispersion=dispersion)
        flags_recompute(tender_ids=generated.tender_ids, audit=False)
        flagged = RedFlag.objects.filter(tender_id__in=generated.tender_ids, code="ALT").values("lot_id")
        result = (flagged.distinct().count(), lots)
        transaction.set_rollback(True)
    return result
