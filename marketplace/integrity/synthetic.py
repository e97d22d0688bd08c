"""Realistic synthetic procurement for `evaluate_integrity` and `bench_integrity`: opened one-lot tenders with
3-6 bids priced around the estimate, awarded to the lowest offer, and the patterns of each red flag injected
into chosen lots. Rows go in with COPY (`bulk_copy.copy_instances`); every organization's registration id
starts with `INTEG-`, so the data can be told apart and removed.

A "clean" lot: a competitive (open) tender published 40 days before its deadline, bids within ±10 % of the
estimate (so no offer lies 20 % below the others), distinct prices, all valid and submitted in time, a final
award to the lowest. `dispersion` widens the spread (a log-normal σ, unclipped) to measure false alarms of
the abnormally-low rule on lots without outliers."""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection, transaction
from django.utils import timezone

from organizations.models import CpvCode, Organization, OrganizationKind

from ..bulk_copy import copy_instances, reserve_ids
from ..models import Award, AwardState, Bid, BidLot, BidState, Lot, LotState, Tender, TenderState

PREFIX = "INTEG-"
PATTERNS = ["R018", "R003", "R028", "R030", "R035", "R036", "EST_EQ", "EST_FAR", "ALT"]
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Injector:
    """Another layer's patterns (contracting's amendment flags): `inject(injected=, clean=, rng=)` builds its rows
    for the lots chosen for each of its codes (clean, finally awarded lots here) and for the `clean` lots (its
    own clean cases); `remove()` deletes them before the tenders go."""

    codes: list[str]
    inject: Callable[..., None]
    remove: Callable[[], None]


INJECTORS: list[Injector] = []


def register_injector(injector: Injector) -> None:
    INJECTORS.append(injector)


def patterns() -> list[str]:
    return PATTERNS + [code for injector in INJECTORS for code in injector.codes]


@dataclass
class Generated:
    injected: dict[str, set[int]] = field(default_factory=dict)  # code → lot ids (tender ids for R003)
    lot_ids: list[int] = field(default_factory=list)
    tender_of_lot: dict[int, int] = field(default_factory=dict)
    tender_ids: list[int] = field(default_factory=list)


def _money(value: float) -> Decimal:
    return Decimal(str(value)).quantize(CENT, ROUND_HALF_UP)


def _organizations(count: int, kind: str, tag: str, rng: random.Random) -> list[int]:
    existing = list(
        Organization.objects.filter(registration_id__startswith=f"{PREFIX}{tag}")
        .order_by("id")
        .values_list("id", flat=True)
    )
    if len(existing) >= count:
        return existing[:count]
    new = [
        Organization(
            kind=kind,
            legal_name=f"Integrity {tag} {n}",
            country="DE",
            registration_id=f"{PREFIX}{tag}{n}-{rng.randrange(10**9)}",
            headcount=40,
        )
        for n in range(len(existing), count)
    ]
    copy_instances(Organization, new)
    return existing + [o.pk for o in new]


def _prices(rng: random.Random, estimate: float, n: int, dispersion: float | None) -> list[Decimal]:
    prices: set[Decimal] = set()
    while len(prices) < n:
        factor = rng.uniform(0.9, 1.1) if dispersion is None else math.exp(rng.gauss(0, dispersion))
        prices.add(_money(estimate * factor))
    return sorted(prices)


def _injected_prices(pattern: str | None, prices: list[Decimal], estimate: Decimal) -> list[Decimal]:
    """The first offer is the winner's (or the disqualified lowest for R036)."""
    if pattern == "R028":
        prices[1] = prices[0]
    if pattern == "ALT":
        others = prices[1:]
        prices[0] = _money(float(sum(others)) / len(others) * 0.7)
    if pattern == "EST_EQ":
        prices[0] = estimate
        prices[1:] = [p if p != estimate else p + CENT for p in prices[1:]]
    return prices


@transaction.atomic
def generate(
    *,
    lots: int,
    inject_each: int = 0,
    seed: int = 7,
    dispersion: float | None = None,
    buyers: int = 20,
    bidders: int = 200,
) -> Generated:
    """`lots` one-lot tenders; the first `inject_each` × len(patterns()) carry one pattern each, in turn (another
    layer's patterns on clean awarded lots, built by its injector)."""
    rng = random.Random(seed)  # noqa: S311 test data, not secrets
    now = timezone.now()
    buyer_ids = _organizations(buyers, OrganizationKind.AUTHORITY, "B", rng)
    bidder_ids = _organizations(bidders, OrganizationKind.COMPANY, "S", rng)
    cpvs = list(CpvCode.objects.filter(level=1).values_list("pk", flat=True)) or list(
        CpvCode.objects.values_list("pk", flat=True)[:50]
    )
    codes = patterns()
    plan = [codes[i % len(codes)] for i in range(inject_each * len(codes))] + [None] * (lots - inject_each * len(codes))
    tenders, lot_rows, bids, offers, awards = [], [], [], [], []
    result = Generated(injected={code: set() for code in codes})
    clean: list[int] = []
    tender_ids = reserve_ids(Tender, len(plan))
    lot_ids = reserve_ids(Lot, len(plan))
    for index, planned in enumerate(plan):
        pattern = planned if planned in PATTERNS else None  # another layer's pattern: a clean lot here
        deadline = now - timedelta(days=rng.randint(1, 700), minutes=rng.randint(0, 1440))
        estimate = float(rng.choice([40_000, 120_000, 350_000, 900_000, 2_500_000])) * rng.uniform(0.8, 1.2)
        estimate_d = _money(estimate)
        published = deadline - timedelta(days=(5 if pattern == "R003" else rng.randint(40, 60)))
        tender_id, lot_id = tender_ids[index], lot_ids[index]
        if planned is None:
            clean.append(lot_id)
        tenders.append(
            Tender(
                pk=tender_id,
                buyer_id=rng.choice(buyer_ids),
                title=f"Synthetic tender {index}",
                description="-",
                procedure="open",
                main_cpv_id=rng.choice(cpvs),
                performance_country="DE",
                estimated_value=None,
                enquiry_deadline=deadline - timedelta(days=3),
                submission_deadline=deadline,
                opening_at=deadline,
                award_method="lowest_price",
                state=TenderState.EVALUATION,
                published_at=published,
            )
        )
        lot_rows.append(
            Lot(
                pk=lot_id,
                tender_id=tender_id,
                number=1,
                title="Lot 1",
                cpv_id=rng.choice(cpvs),
                estimated_value=estimate_d,
                state=LotState.ACTIVE,
            )
        )
        result.lot_ids.append(lot_id)
        result.tender_of_lot[lot_id] = tender_id
        n = 1 if pattern == "R018" else rng.randint(4 if pattern in {"R036", "ALT", "EST_FAR"} else 2, 6)
        prices = _injected_prices(
            pattern, _prices(rng, estimate * (0.6 if pattern == "EST_FAR" else 1.0), n, dispersion), estimate_d
        )
        states = [BidState.SUBMITTED] * n
        winner = 0
        if pattern == "R035":
            states = [BidState.SUBMITTED] + [BidState.EXCLUDED] * (n - 1)
        if pattern == "R036":
            states[0], winner = BidState.EXCLUDED, 1
        chosen = rng.sample(bidder_ids, n)
        for position, (price, state, bidder) in enumerate(zip(prices, states, chosen, strict=True)):
            submitted = deadline - timedelta(hours=rng.randint(1, 200))
            if pattern == "R030" and position == winner:
                submitted = deadline + timedelta(days=2)
            bid = Bid(tender_id=tender_id, bidder_id=bidder, state=state, submitted_at=submitted)
            bids.append(bid)
            offers.append((bid, BidLot(lot_id=lot_id, price=price)))
            if position == winner and pattern != "ALT":  # an ALT lot waits for its explanation procedure
                awards.append(
                    (
                        offers[-1][1],
                        Award(
                            lot_id=lot_id,
                            state=AwardState.FINAL,
                            score=100,
                            standstill_until=deadline + timedelta(days=10),
                        ),
                    )
                )
        if planned:
            result.injected[planned].add(tender_id if planned == "R003" else lot_id)
    copy_instances(Tender, tenders)
    copy_instances(Lot, lot_rows)
    copy_instances(Bid, bids)
    for bid, offer in offers:
        offer.bid_id = bid.pk
    copy_instances(BidLot, [offer for _bid, offer in offers])
    for offer, award in awards:
        award.offer_id = offer.pk
    copy_instances(Award, [award for _offer, award in awards])
    for injector in INJECTORS:
        injector.inject(injected={code: result.injected[code] for code in injector.codes}, clean=clean, rng=rng)
    _analyze()
    result.tender_ids = tender_ids
    return result


def _analyze() -> None:
    """Fresh statistics for the tables just filled: without them the planner takes 10,000 opened tenders for ten
    and joins the flags' common tables in nested loops (a full recompute of 10,000 lots took 18 s instead of
    1.7 s). In production autovacuum keeps them; a bulk load here outruns it."""
    with connection.cursor() as cursor:
        cursor.execute(
            "ANALYZE marketplace_tender, marketplace_lot, marketplace_bid, marketplace_bidlot, "
            "marketplace_award, organizations_organization"
        )


def remove() -> None:
    """Delete every synthetic row (tenders of the INTEG- buyers, then the organizations)."""
    with transaction.atomic(), connection.cursor() as cursor:
        for injector in INJECTORS:  # their rows point at the awards and tenders
            injector.remove()
        cursor.execute("""DELETE FROM marketplace_award WHERE lot_id IN (SELECT l.id FROM marketplace_lot l
                          JOIN marketplace_tender t ON t.id = l.tender_id JOIN organizations_organization o
                          ON o.id = t.buyer_id WHERE o.registration_id LIKE 'INTEG-%%')""")
        Tender.objects.filter(buyer__registration_id__startswith=PREFIX).delete()
        Organization.objects.filter(registration_id__startswith=PREFIX).delete()
