"""`manage.py bench_integrity`: the red flags' speed. Builds synthetic opened tenders (see
`integrity.synthetic`; reused when already there), then times (1) the recompute of one tender's flags, as
the Celery task after an opening or award runs it, p50/p95 over a sample, and (2) one full recompute over
every lot. Prints figures and the load average; asserts nothing about time."""

from __future__ import annotations

import os
import random
import time

from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import CaptureQueriesContext

from benchmarks.stats import percentile
from marketplace.integrity import synthetic
from marketplace.integrity.compute import flags_recompute
from marketplace.models import Lot


class Command(BaseCommand):
    help = "Time the integrity flags: one lot's recompute and a full recompute over N lots."

    def add_arguments(self, parser):
        parser.add_argument("--lots", type=int, default=100_000)
        parser.add_argument("--sample", type=int, default=50)
        parser.add_argument("--remove", action="store_true", help="delete the synthetic data afterwards")

    def handle(self, *args, lots, sample, remove, **options):
        have = Lot.objects.filter(tender__buyer__registration_id__startswith=synthetic.PREFIX).count()
        if have < lots:
            started = time.perf_counter()
            synthetic.generate(lots=lots - have, inject_each=max(1, (lots - have) // 200), seed=have + 1)
            self.stdout.write(f"generated {lots - have} lots in {time.perf_counter() - started:.1f} s")
        tender_ids = list(
            Lot.objects.filter(tender__buyer__registration_id__startswith=synthetic.PREFIX).values_list(
                "tender_id", flat=True
            )[:lots]
        )
        total_lots = Lot.objects.count()
        started = time.perf_counter()
        counts = flags_recompute()
        full = time.perf_counter() - started
        load_full = os.getloadavg()
        rng = random.Random(5)  # noqa: S311 a sample, not a secret
        timings, statements = [], set()
        for tender_id in rng.sample(tender_ids, min(sample, len(tender_ids))):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                flags_recompute(tender_ids=[tender_id])
                timings.append((time.perf_counter() - started) * 1000)
            statements.add(len(queries.captured_queries))
        self.stdout.write(
            f"one lot (its tender) recomputed: p50 {percentile(timings, 0.5):.1f} ms, "
            f"p95 {percentile(timings, 0.95):.1f} ms, max {max(timings):.1f} ms over {len(timings)} (target <= 50 ms)"
        )
        self.stdout.write(
            f"statements per one-tender recompute (with BEGIN/COMMIT, the first also PREPAREs): {sorted(statements)}"
        )
        self.stdout.write(f"full recompute over {total_lots} lots: {full:.1f} s (target <= 60 s); flags {counts}")
        self.stdout.write(
            "load average (1, 5, 15 min) after the full recompute: "
            + ", ".join(f"{v:.2f}" for v in load_full)
            + f"; cores {os.cpu_count()}"
        )
        if remove:
            synthetic.remove()
            self.stdout.write("synthetic data removed")
