"""`manage.py bench_matching`: the matching engine's speed on 100,000 listings and 1,000 open tenders.

Prints the incremental paths (one new tender; one new listing) with the bare candidate query beside them,
the full re-match's wall time and peak memory (measured in a separate process, as a worker would run it),
and a naive baseline that scores every pair in Python. Builds its own data (marked BENCH-) unless --reuse.
"""

from __future__ import annotations

import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from benchmarks.marketplace_data import bench_data_delete, bench_data_existing, bench_data_generate, bench_tenders
from benchmarks.marketplace_words import KINDS
from benchmarks.stats import percentile
from marketplace.matching.contexts import lot_contexts
from marketplace.matching.engine import KEEP_PER_LOT, WEIGHTS, candidate_ids, matches_scored
from marketplace.matching.services import matches_refresh_for_listing, matches_refresh_for_tender
from marketplace.models import CapacityListing, ListingCpvCode, Lot, Match
from organizations.models import CpvCode
from organizations.models.cpv import significant_prefix


def cpv_pools_across_divisions(seed: int = 42) -> dict[str, list[str]]:
    """Per kind, the codes of a share of all CPV groups of every division, dealt out at random: listings
    and lots then spread over the whole vocabulary instead of the logistics subtrees."""
    rng = random.Random(seed)  # noqa: S311 - benchmark data
    by_group: dict[str, list[str]] = {}
    for code in CpvCode.objects.values_list("code", flat=True):
        by_group.setdefault(code[:3], []).append(code)
    groups = sorted(by_group)
    rng.shuffle(groups)
    kinds = list(KINDS)
    return {
        kind: [code for group in groups[n :: len(kinds)] for code in by_group[group]] for n, kind in enumerate(kinds)
    }


def _percentiles(samples: list[float]) -> tuple[float, float]:
    """p50 and p95 in milliseconds."""
    return percentile(samples, 0.5) * 1000, percentile(samples, 0.95) * 1000


def _naive_tender_seconds(tender) -> float:
    """Score every (lot, published listing) pair in Python: the approach the SQL engine replaces."""
    began = time.perf_counter()
    listings = list(
        CapacityListing.objects.filter(state="published").values(
            "id", "available_from", "available_until", "quantity", "country"
        )
    )
    codes: dict[int, list[str]] = {}
    for listing_id, code in ListingCpvCode.objects.values_list("listing_id", "code_id"):
        codes.setdefault(listing_id, []).append(code)
    for lot in tender.lots.all():
        prefix = significant_prefix(lot.cpv_id)
        scored = []
        for listing in listings:
            fit = 0.0
            for code in codes.get(listing["id"], []):
                if code == lot.cpv_id:
                    fit = max(fit, 1.0)
                elif code.startswith(prefix):
                    fit = max(fit, 0.9)
                elif code[:2] == lot.cpv_id[:2]:
                    fit = max(fit, 0.2)
            start, end = tender.performance_start, tender.performance_end
            overlap = (min(listing["available_until"], end) - max(listing["available_from"], start)).days + 1
            availability = max(0, overlap) / ((end - start).days + 1)
            country = 1.0 if listing["country"] == tender.performance_country else 0.0
            scored.append(
                (
                    WEIGHTS["cpv"] * fit + WEIGHTS["availability"] * availability + WEIGHTS["distance"] * country,
                    listing["id"],
                )
            )
        scored.sort(reverse=True)
    return time.perf_counter() - began


class Command(BaseCommand):
    help = "Benchmark the matching engine (incremental, full re-match, naive baseline)."

    def add_arguments(self, parser):
        parser.add_argument("--listings", type=int, default=100_000)
        parser.add_argument("--tenders", type=int, default=1_000)
        parser.add_argument("--lots", type=int, default=5)
        parser.add_argument("--samples", type=int, default=50, help="tenders timed for the incremental path")
        parser.add_argument("--reuse", action="store_true", help="keep and reuse bench data from an earlier run")
        parser.add_argument("--skip-full", action="store_true", help="skip the full re-match (for smoke tests)")
        parser.add_argument(
            "--spread",
            choices=["divisions", "logistics"],
            default="divisions",
            help="CPV codes of listings and lots: from groups of every division (the issue's "
            "data), or only from the 12 logistics subtrees (the stress case: ~13k "
            "candidates per lot)",
        )

    def handle(self, *args, **options):
        out = self.stdout.write
        data = bench_data_existing() if options["reuse"] else None
        if data is None:
            bench_data_delete()
            pools = cpv_pools_across_divisions() if options["spread"] == "divisions" else None
            data = bench_data_generate(
                listings=options["listings"], tenders=options["tenders"], lots=options["lots"], pools=pools
            )
            out(
                f"data: {data.listings} listings, {data.tenders} tenders × {options['lots']} lots, CPV spread over "
                f"{options['spread']}, in {data.seconds:.1f} s"
            )
        tenders = list(bench_tenders().order_by("id")[: options["samples"]])

        # One new tender against every listing: the full incremental path (score, screen, replace, store).
        engine, statement, bare = [], [], []
        candidates = lots_timed = 0
        for tender in tenders:
            began = time.perf_counter()
            matches_refresh_for_tender(tender_id=tender.pk)
            engine.append(time.perf_counter() - began)
            contexts = lot_contexts(tender.lots.select_related("tender"))
            began = time.perf_counter()
            matches_scored(contexts)
            statement.append(time.perf_counter() - began)
            began = time.perf_counter()
            for context in contexts:
                candidates += len(candidate_ids(context))
                lots_timed += 1
            bare.append(time.perf_counter() - began)
        e50, e95 = _percentiles(engine)
        s50, s95 = _percentiles(statement)
        b50, b95 = _percentiles(bare)
        out(f"candidates per lot (bare query), mean over the timed tenders: {candidates / max(1, lots_timed):.0f}")
        out(
            f"incremental, one tender vs {data.listings} listings: p50 {e50:.0f} ms  p95 {e95:.0f} ms "
            f"(target p95 ≤ 300 ms)"
        )
        out(f"  bare candidate query (same filters, no scoring): p50 {b50:.0f} ms  p95 {b95:.0f} ms")
        out(
            f"  scoring statement alone (the tender's lots, best {KEEP_PER_LOT} each): p50 {s50:.0f} ms  "
            f"p95 {s95:.0f} ms → statement/bare at p95 {s95 / b95:.1f}× (target ≤ 3×)"
        )
        out(f"  whole incremental path (lock, score, store, commit; no alerts)/bare at p95: {e95 / b95:.1f}×")

        # One new listing against the open tenders.
        listing_times = []
        for listing in CapacityListing.objects.filter(
            state="published", provider__registration_id__startswith="BENCH-"
        ).order_by("id")[:20]:
            began = time.perf_counter()
            matches_refresh_for_listing(listing_id=listing.pk)
            listing_times.append(time.perf_counter() - began)
        l50, l95 = _percentiles(listing_times)
        open_lots = Lot.objects.filter(tender__state__in=["published", "tendering"]).count()
        out(f"incremental, one listing vs {open_lots} open lots: p50 {l50:.0f} ms  p95 {l95:.0f} ms")

        naive = _naive_tender_seconds(tenders[0])
        out(
            f"naive baseline (every pair scored in Python), one tender: {naive * 1000:.0f} ms "
            f"→ engine p50 is {naive * 1000 / e50:.0f}× faster"
        )

        if not options["skip_full"]:
            self._full_rematch(out)
        out(f"matches stored: {Match.objects.count()}")

    def _full_rematch(self, out) -> None:
        """Run the re-match as a worker would, in its own process, and read its peak memory."""
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        began = time.perf_counter()
        completed = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
            [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "rematch_all"],
            env=os.environ.copy(),
            capture_output=True,
            text=True,
            check=False,
        )
        wall = time.perf_counter() - began
        peak_mb = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before) / 1024
        if completed.returncode:
            out(f"full re-match FAILED: {completed.stderr[-2000:]}")
            return
        out(
            f"full re-match: {completed.stdout.strip().splitlines()[-1]}; wall {wall:.1f} s (target ≤ 60 s), "
            f"worker peak memory {peak_mb:.0f} MB (target ≤ 512 MB)"
        )
