"""`manage.py bench_booking`: booking under contention against gunicorn (DESIGN.md §6).

Builds its own data (nations `LHBENCH-…`), starts gunicorn with several workers on 127.0.0.1 and a free port
(the database and Redis of this environment, `config.settings.local` without debug, throttling out of the way),
then: 500 concurrent acceptances of 500 offers for one slot of capacity 20 → confirmed, refused, server errors
(target: exactly 20 / 480 / 0) and latency p50/p95; then uncontended acceptances (offers on separate slots) →
bookings per second. It prints figures and asserts nothing about time; gunicorn is stopped in any case.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from benchmarks import loghubs_data
from benchmarks.load import Request, Tally, post_concurrently, post_in_turn
from benchmarks.server import gunicorn
from loghubs.models import Booking, BookingState, Slot
from organizations.models import ApiToken
from organizations.services import api_token_create

ACCEPT = "/api/v1/loghubs/nap/{nation}/offers/{offer}/accept/"


class Command(BaseCommand):
    help = "Race 500 acceptances for a slot of capacity 20 through gunicorn; print confirmed / refused / errors."

    def add_arguments(self, parser):
        parser.add_argument("--contenders", type=int, default=500, help="concurrent acceptances for the one slot")
        parser.add_argument("--capacity", type=int, default=20)
        parser.add_argument("--uncontended", type=int, default=200, help="acceptances on separate slots")
        parser.add_argument("--clients", type=int, default=8, help="client threads for the uncontended run")
        parser.add_argument("--workers", type=int, default=4)
        parser.add_argument("--threads", type=int, default=8, help="threads per gunicorn worker")
        parser.add_argument("--timeout", type=float, default=120.0, help="bound of the contended run (seconds)")
        parser.add_argument("--cleanup", action="store_true", help="delete the bench data and stop")

    def handle(self, *args, **options):
        removed = loghubs_data.bench_data_delete()
        if options["cleanup"]:
            self.stdout.write(f"bench data deleted: {removed} rows")
            return
        began = time.perf_counter()
        data = loghubs_data.bench_data_generate(
            contenders=options["contenders"], capacity=options["capacity"], uncontended=options["uncontended"]
        )
        self.stdout.write(
            f"== data: {len(data.contended_offers)} offers for one slot of capacity "
            f"{data.contended_slot.capacity}, {len(data.free_offers)} offers on separate slots "
            f"({time.perf_counter() - began:.1f} s)"
        )
        token, raw = api_token_create(user=data.user, name="bench_booking")
        try:
            self._run(data, raw, options)
        finally:
            ApiToken.objects.filter(pk=token.pk).delete()

    def _run(self, data: loghubs_data.BenchData, raw: str, options) -> None:
        paths = [ACCEPT.format(nation=data.requester.pk, offer=pk) for pk in data.contended_offers]
        free: list[Request] = [(ACCEPT.format(nation=data.requester.pk, offer=pk), None) for pk in data.free_offers]
        half = len(free) // 2
        with gunicorn(workers=options["workers"], threads=options["threads"]) as (port, errors):
            contended = post_concurrently(
                port=port, requests=[(path, None) for path in paths], token=raw, timeout=options["timeout"]
            )
            serial = post_in_turn(port=port, requests=free[:half], token=raw, clients=1, timeout=60)
            parallel = post_in_turn(port=port, requests=free[half:], token=raw, clients=options["clients"], timeout=60)
        self._report(data, contended, serial, parallel, options, port)
        if errors:
            self.stdout.write(f"gunicorn logged {len(errors)} error lines, e.g. {errors[0]}")

    def _report(self, data, contended: Tally, serial: Tally, parallel: Tally, options, port) -> None:
        slot = Slot.objects.get(pk=data.contended_slot.pk)
        booked = Booking.objects.filter(slot=slot, state=BookingState.CONFIRMED).count()
        self.stdout.write(
            f"\n== booking under contention: {len(contended.outcomes)} concurrent acceptances of "
            f"different offers for one slot of capacity {slot.capacity} (gunicorn "
            f"{options['workers']} workers × {options['threads']} threads, 127.0.0.1:{port})"
        )
        confirmed, refused = contended.count(201), contended.count(409, "capacity_taken")
        other = len(contended.outcomes) - confirmed - refused - contended.server_errors
        self.stdout.write(
            f"confirmed: {confirmed}   refused (409 capacity_taken): {refused}   "
            f"server errors: {contended.server_errors}   other answers: {other}"
        )
        self.stdout.write(
            f"latency: p50 {contended.latency_ms(0.5):.1f} ms   p95 {contended.latency_ms(0.95):.1f} ms"
            f"   (all answered within {contended.wall:.1f} s)"
        )
        self.stdout.write(f"database: slot booked {slot.booked} of {slot.capacity}; {booked} confirmed bookings")
        target = (options["capacity"], options["contenders"] - options["capacity"], 0)
        met = (confirmed, refused, contended.server_errors) == target and slot.booked == booked
        self.stdout.write(f"target {target[0]} / {target[1]} / {target[2]}: {'met' if met else 'NOT met'}")
        self.stdout.write("\n== uncontended bookings (each offer on a slot of its own)")
        for name, tally in (("1 client", serial), (f"{options['clients']} clients", parallel)):
            booked_now = tally.count(201)
            rate = booked_now / tally.wall if tally.wall else 0.0
            self.stdout.write(
                f"{name:<11} {booked_now} booked in {tally.wall:.2f} s: {rate:.1f} bookings/s   "
                f"p50 {tally.latency_ms(0.5):.1f} ms   p95 {tally.latency_ms(0.95):.1f} ms   "
                f"errors {len(tally.outcomes) - booked_now}"
            )
