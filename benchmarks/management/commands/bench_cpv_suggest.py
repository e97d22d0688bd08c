"""`manage.py bench_cpv_suggest`: cold fit time and warm p50/p95 of one CPV suggestion, with the load average."""

from __future__ import annotations

import os
import time

from django.core.management.base import BaseCommand, CommandError

from benchmarks.stats import percentile
from organizations import selectors
from organizations.cpv_suggest import evaluation as ev
from organizations.cpv_suggest import store
from organizations.cpv_suggest.engine import TrainedLayer


class Command(BaseCommand):
    help = "Time the CPV suggester: cold load/fit, then one suggestion warm (target p95 <= 50 ms)."

    def add_arguments(self, parser):
        parser.add_argument("--rounds", type=int, default=3, help="Passes over the labelled texts.")

    def handle(self, *args, rounds: int, **options):
        self.stdout.write(
            f"Load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} CPUs)"
        )
        items = ev.load_items()
        store.reset()
        started = time.perf_counter()
        if store.current_suggester() is None:
            raise CommandError("The CPV vocabulary is not loaded: run `manage.py load_cpv` first.")
        cold = time.perf_counter() - started
        self.stdout.write(f"Cold load (vocabulary + synonyms → TF-IDF index, newest trained layer): {cold:.2f} s")
        started = time.perf_counter()
        layer = TrainedLayer([(item.query, item.code) for item in items])
        fitted = time.perf_counter() - started
        self.stdout.write(f"Training the layer on {layer.example_count} examples: {fitted:.2f} s")
        timings = []
        for _ in range(rounds):
            for item in items:
                started = time.perf_counter()
                selectors.cpv_suggestions(title=item.title, text=item.text)
                timings.append((time.perf_counter() - started) * 1000)
        self.stdout.write(
            f"One suggestion, warm (selector, no SQL), {len(timings)} calls: "
            f"p50 {percentile(timings, 0.5):.1f} ms, p95 {percentile(timings, 0.95):.1f} ms, max {max(timings):.1f} ms "
            f"(target p95 <= 50 ms)"
        )
        self.stdout.write(f"Load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
