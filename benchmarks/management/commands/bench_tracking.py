"""`manage.py bench_tracking`: tracking events ingested through the bulk endpoint against gunicorn.

Builds its own data (`CTBENCH-…`): `--deliveries` deliveries under one confirmed order, then posts `--events`
events in batches of `--batch` to /api/v1/contracting/events/bulk/ from `--clients` keep-alive connections, then
sends `--resend` of those batches again. Prints events per second (target ≥ 2,000/s), latency per batch, and
that every event is stored once (duplicates counted, not stored). Asserts nothing about time.
"""

from __future__ import annotations

import os
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from benchmarks import contracting_data
from benchmarks.load import post_in_turn
from benchmarks.server import gunicorn
from contracting.models import TrackingEvent
from organizations.models import ApiToken
from organizations.services import api_token_create

KINDS = ["picked_up", "in_transit", "at_hub", "in_transit"]
BULK = "/api/v1/contracting/events/bulk/"


class Command(BaseCommand):
    help = "Ingest 20,000 tracking events in batches of 500 through the bulk endpoint; print events per second."

    def add_arguments(self, parser):
        parser.add_argument("--events", type=int, default=20_000)
        parser.add_argument("--batch", type=int, default=500)
        parser.add_argument("--deliveries", type=int, default=40)
        parser.add_argument("--clients", type=int, default=2)
        parser.add_argument("--resend", type=int, default=4, help="batches sent a second time")
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--threads", type=int, default=2)
        parser.add_argument("--cleanup", action="store_true", help="delete the bench data and stop")

    def handle(self, *args, **options):
        removed = contracting_data.bench_data_delete()
        if options["cleanup"]:
            self.stdout.write(f"bench data deleted: {removed} rows")
            return
        world = contracting_data.bench_world(max_value=options["deliveries"] * 10)
        deliveries = contracting_data.bench_deliveries(world, count=options["deliveries"])
        token, raw = api_token_create(user=world.supplier_user, name="bench_tracking")
        start = timezone.now() - timedelta(days=2)
        # Times shuffled within each batch: the events arrive out of order, as telematics sends them.
        events = [
            {
                "delivery": deliveries[n % len(deliveries)],
                "external_id": f"tm-{n}",
                "kind": KINDS[n % 4],
                "occurred_at": (start + timedelta(seconds=(n * 7919) % options["events"])).isoformat(),
                "location": "A27 near Bremen",
            }
            for n in range(options["events"])
        ]
        batches = [{"events": events[i : i + options["batch"]]} for i in range(0, len(events), options["batch"])]
        try:
            with gunicorn(workers=options["workers"], threads=options["threads"]) as (port, errors):
                first = post_in_turn(
                    port=port,
                    requests=[(BULK, batch) for batch in batches],
                    token=raw,
                    clients=options["clients"],
                )
                again = post_in_turn(
                    port=port,
                    requests=[(BULK, batch) for batch in batches[: options["resend"]]],
                    token=raw,
                    clients=1,
                )
        finally:
            ApiToken.objects.filter(pk=token.pk).delete()
        self._report(first, again, deliveries, options, errors)

    def _report(self, first, again, deliveries, options, errors) -> None:
        stored = sum(body.get("stored", 0) for body in first.bodies)
        duplicates = sum(body.get("duplicates", 0) for body in again.bodies)
        rows = TrackingEvent.objects.filter(delivery_id__in=deliveries).count()
        rate = stored / first.wall if first.wall else 0.0
        self.stdout.write(
            f"== {options['events']} events in {len(first.outcomes)} batches of {options['batch']} "
            f"from {options['clients']} clients (gunicorn {options['workers']} workers × "
            f"{options['threads']} threads, load average "
            f"{' '.join(f'{x:.2f}' for x in os.getloadavg())})"
        )
        self.stdout.write(
            f"stored {stored} in {first.wall:.2f} s: {rate:,.0f} events/s (target ≥ 2,000/s)   "
            f"batch p50 {first.latency_ms(0.5):.0f} ms   "
            f"p95 {first.latency_ms(0.95):.0f} ms   "
            f"answers other than 200: {len(first.outcomes) - first.count(200)}"
        )
        self.stdout.write(
            f"resent {len(again.outcomes)} batches: {duplicates} duplicates, "
            f"{sum(body.get('stored', 0) for body in again.bodies)} stored again; "
            f"rows in the table: {rows} (expected {options['events']})"
        )
        self.stdout.write(
            f"target ≥ 2,000/s and every event stored once: "
            f"{'met' if rate >= 2000 and rows == options['events'] else 'NOT met'}"
        )
        if errors:
            self.stdout.write(f"gunicorn logged {len(errors)} error lines, e.g. {errors[0]}")
