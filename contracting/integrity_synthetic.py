"""Contracting's patterns for the integrity evaluation (`evaluate_integrity`, `bench_integrity`): contracts on the
synthetic awarded lots, with amendments that must raise AMEND_3 or PRICE_EXT, and clean contracts whose
amendments must not (one or two, a price rise alone, an extension alone, a cheaper extension)."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from marketplace.integrity.synthetic import PREFIX, Injector
from marketplace.models import Award, AwardState

from .models import Contract, ContractLot, ContractRevision, ContractState

CODES = ["AMEND_3", "PRICE_EXT"]
CENT = Decimal("0.01")


def _amendments(kind: str, value: Decimal, end, rng: random.Random) -> list[dict]:
    """Each amendment's diff, in order: value and period_end as [before, after]."""
    steps: list[tuple[Decimal, int]] = {  # (value factor, days added to the period)
        "AMEND_3": [(Decimal("0.99"), 0)] * rng.randint(3, 4),
        "PRICE_EXT": [(Decimal("1.08"), 0), (Decimal("1"), 90)],
        "rise": [(Decimal("1.05"), 0)],
        "extension": [(Decimal("1"), 60)],
        "cheaper_extension": [(Decimal("0.9"), 30), (Decimal("0.95"), 0)],
        "none": [],
    }[kind]
    diffs = []
    for factor, days in steps:
        diff = {}
        if factor != 1:
            after = (value * factor).quantize(CENT)
            diff["value"] = [str(value), str(after)]
            value = after
        if days:
            diff["period_end"] = [end.isoformat(), (end + timedelta(days=days)).isoformat()]
            end += timedelta(days=days)
        diffs.append(diff)
    return diffs


def inject(*, injected: dict[str, set[int]], clean: list[int], rng: random.Random) -> None:
    """Contracts for the lots of each code and for half the clean lots, all signed and active."""
    kinds = {lot: code for code, lots in injected.items() for lot in lots}
    for lot in clean[: len(clean) // 2]:
        kinds[lot] = rng.choice(["rise", "extension", "cheaper_extension", "none"])
    awards = list(
        Award.objects.filter(lot_id__in=list(kinds), state=AwardState.FINAL).values(
            "id", "lot_id", "lot__tender_id", "lot__tender__buyer_id", "offer__bid__bidder_id", "offer__price"
        )
    )
    start = timezone.localdate() - timedelta(days=200)
    contracts = Contract.objects.bulk_create(
        [
            Contract(
                tender_id=a["lot__tender_id"],
                buyer_id=a["lot__tender__buyer_id"],
                supplier_id=a["offer__bid__bidder_id"],
                title="Synthetic contract",
                value=a["offer__price"],
                max_value=a["offer__price"],
                period_start=start,
                period_end=start + timedelta(days=365),
                state=ContractState.ACTIVE,
                signed_at=timezone.now(),
            )
            for a in awards
        ],
        batch_size=2000,
    )
    ContractLot.objects.bulk_create(
        [ContractLot(contract=c, award_id=a["id"], lot_id=a["lot_id"]) for c, a in zip(contracts, awards, strict=True)],
        batch_size=2000,
    )
    revisions = []
    now = timezone.now()
    for contract, award in zip(contracts, awards, strict=True):
        diffs = _amendments(kinds[award["lot_id"]], contract.value, contract.period_end, rng)
        terms = {"value": str(contract.value), "period_end": contract.period_end.isoformat()}
        revisions.append(ContractRevision(contract=contract, number=1, terms=terms, signed_at=now))
        for number, diff in enumerate(diffs, start=2):
            revisions.append(
                ContractRevision(
                    contract=contract,
                    number=number,
                    terms=terms,
                    diff=diff,
                    reason="Synthetic amendment",
                    signed_at=now,
                )
            )
    ContractRevision.objects.bulk_create(revisions, batch_size=5000)


def remove() -> None:
    contracts = Contract.objects.filter(buyer__registration_id__startswith=PREFIX)
    ContractLot.objects.filter(contract__in=contracts).delete()
    contracts.delete()


INJECTOR = Injector(codes=CODES, inject=inject, remove=remove)
