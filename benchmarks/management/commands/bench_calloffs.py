"""`manage.py bench_calloffs`: call-offs under contention against gunicorn.

Builds its own data (`CTBENCH-…`): an active framework contract with room for exactly `--room` orders, then
`--contenders` concurrent POSTs to /api/v1/contracting/orders/ (one order each) → placed, refused (409
ceiling_exceeded), server errors (target: room / the rest / 0), and whether the running total equals the ceiling
and the sum of the placed orders. Prints figures; asserts nothing about time.
"""

from __future__ import annotations

import os
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db.models import Sum

from benchmarks import contracting_data
from benchmarks.load import post_concurrently
from benchmarks.server import gunicorn
from contracting.models import Contract, Order, OrderState
from organizations.models import ApiToken
from organizations.services import api_token_create

ORDER_VALUE = Decimal("100")
ORDERS = "/api/v1/contracting/orders/"


class Command(BaseCommand):
    help = "Race 200 call-off orders against one framework through gunicorn; print placed / refused / errors."

    def add_arguments(self, parser):
        parser.add_argument("--contenders", type=int, default=200)
        parser.add_argument("--room", type=int, default=57, help="orders the ceiling has room for")
        parser.add_argument("--workers", type=int, default=4)
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument("--timeout", type=float, default=120.0)
        parser.add_argument("--cleanup", action="store_true", help="delete the bench data and stop")

    def handle(self, *args, **options):
        removed = contracting_data.bench_data_delete()
        if options["cleanup"]:
            self.stdout.write(f"bench data deleted: {removed} rows")
            return
        world = contracting_data.bench_world(max_value=ORDER_VALUE * options["room"])
        token, raw = api_token_create(user=world.officer, name="bench_calloffs")
        contract = world.contract
        body = {
            "contract": contract.pk,
            "lines": [
                {
                    "description": "Pallet storage",
                    "quantity": "1",
                    "unit": "XPX",
                    "unit_price": str(ORDER_VALUE),
                    "delivery_date": contract.period_end.isoformat(),
                    "delivery_place": "Bremerhaven",
                }
            ],
        }
        try:
            with gunicorn(workers=options["workers"], threads=options["threads"]) as (port, errors):
                tally = post_concurrently(
                    port=port,
                    requests=[(ORDERS, body)] * options["contenders"],
                    token=raw,
                    timeout=options["timeout"],
                )
        finally:
            ApiToken.objects.filter(pk=token.pk).delete()
        self._report(contract, tally, options, port, errors)

    def _report(self, contract, tally, options, port, errors) -> None:
        contract = Contract.objects.get(pk=contract.pk)
        placed_sum = Order.objects.filter(contract=contract).exclude(state=OrderState.CANCELLED).aggregate(
            total=Sum("total_value")
        )["total"] or Decimal("0")
        refused = tally.count(409, "ceiling_exceeded")
        self.stdout.write(
            f"== {len(tally.outcomes)} concurrent call-offs of {ORDER_VALUE} {contract.currency} "
            f"against a framework of {contract.max_value} (gunicorn {options['workers']} workers × "
            f"{options['threads']} threads, 127.0.0.1:{port}, load average "
            f"{' '.join(f'{x:.2f}' for x in os.getloadavg())})"
        )
        self.stdout.write(
            f"placed (201): {tally.count(201)}   refused (409 ceiling_exceeded): {refused}   "
            f"server errors: {tally.server_errors}   other: "
            f"{len(tally.outcomes) - tally.count(201) - refused - tally.server_errors}"
        )
        self.stdout.write(
            f"latency: p50 {tally.latency_ms(0.5):.1f} ms   "
            f"p95 {tally.latency_ms(0.95):.1f} ms   "
            f"(all answered within {tally.wall:.1f} s)"
        )
        self.stdout.write(
            f"database: ordered {contract.ordered_value} of {contract.max_value}; sum of placed orders {placed_sum}"
        )
        met = (
            tally.count(201) == options["room"]
            and refused == options["contenders"] - options["room"]
            and tally.server_errors == 0
            and contract.ordered_value == contract.max_value == placed_sum
        )
        self.stdout.write(
            f"target {options['room']} / {options['contenders'] - options['room']} / 0, ceiling exact: "
            f"{'met' if met else 'NOT met'}"
        )
        if errors:
            self.stdout.write(f"gunicorn logged {len(errors)} error lines, e.g. {errors[0]}")
