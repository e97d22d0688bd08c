"""`manage.py bench_marketplace`: build benchmark data and print the marketplace's figures (DESIGN.md §6).

1. data: SMEs and buyers, capacity listings with real CPV codes and search vectors, published tenders with lots;
2. listing search (full text in English and German + CPV subtree + availability) as an SME user: p50/p95, and
   EXPLAIN ANALYZE of one typical query;
3. queries per request of the list endpoints at two page sizes (must be equal);
4. throughput of the list endpoints under gunicorn against the bare `.values()` views (the ceiling).

It prints figures and asserts nothing about time. Load goes only to 127.0.0.1, bounded in time and count.
"""

from __future__ import annotations

import os
import re
import time
from datetime import timedelta
from urllib.parse import urlencode

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from benchmarks import marketplace_data
from benchmarks.load import hammer
from benchmarks.marketplace_words import search_queries
from benchmarks.server import gunicorn
from benchmarks.stats import percentile
from marketplace.selectors import listing_search
from organizations.models import ApiToken, CpvCode
from organizations.services import api_token_create
from organizations.vocabulary import cpv_vocabulary_load

TENDERS_API = "/api/v1/marketplace/tenders/"
LISTINGS_API = "/api/v1/marketplace/listings/"


class Command(BaseCommand):
    help = "Build marketplace benchmark data (marked BENCH-) and print search, query-count and throughput figures."

    def add_arguments(self, parser):
        parser.add_argument("--listings", type=int, default=100_000)
        parser.add_argument("--tenders", type=int, default=5_000)
        parser.add_argument("--lots", type=int, default=5, help="lots per tender")
        parser.add_argument("--organizations", type=int, default=300, help="SMEs (plus 20 buying authorities)")
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--reuse", action="store_true", help="keep the bench data already there, if any")
        parser.add_argument("--cleanup", action="store_true", help="delete the bench data and stop")
        parser.add_argument("--queries", type=int, default=200, help="listing searches to time")
        parser.add_argument("--skip-load", action="store_true", help="no gunicorn throughput part")
        parser.add_argument("--clients", type=int, default=8, help="concurrent client threads")
        parser.add_argument("--requests-seconds", type=float, default=10.0, help="measured seconds per endpoint")
        parser.add_argument("--max-requests", type=int, default=100_000, help="cap of requests per endpoint")
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--threads", type=int, default=4)
        parser.add_argument(
            "--conn-max-age",
            type=int,
            default=60,
            help="DATABASE_CONN_MAX_AGE of the gunicorn workers (0: a connection per request)",
        )

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        if options["cleanup"]:
            self.stdout.write(f"bench data deleted: {marketplace_data.bench_data_delete()} rows")
            return
        data = self._data(options)
        token, raw = api_token_create(user=data.user, name="bench_marketplace")
        try:
            self._search(data.user, options["queries"])
            self._queries_per_request(raw)
            if options["skip_load"]:
                self.stdout.write("\n== throughput: skipped (--skip-load)")
            else:
                self._throughput(raw, options)
        finally:
            ApiToken.objects.filter(pk=token.pk).delete()

    # --- 1. data -------------------------------------------------------------------------------------

    def _data(self, options) -> marketplace_data.BenchData:
        load = ", ".join(f"{value:.1f}" for value in os.getloadavg()[:2])
        self.stdout.write(
            f"== data  ({os.cpu_count()} cores; load average 1/5 min before: {load} — other work on the "
            "machine skews the figures)"
        )
        if not CpvCode.objects.exists():
            self.stdout.write(f"CPV vocabulary loaded: {cpv_vocabulary_load()} codes")
        data = marketplace_data.bench_data_existing() if options["reuse"] else None
        if data is None:
            began = time.perf_counter()
            removed = marketplace_data.bench_data_delete()
            if removed:
                self.stdout.write(f"old bench data deleted: {removed} rows in {time.perf_counter() - began:.1f} s")
            data = marketplace_data.bench_data_generate(
                listings=options["listings"],
                tenders=options["tenders"],
                lots=options["lots"],
                organizations=options["organizations"],
                seed=options["seed"],
            )
            self.stdout.write(f"generated in {data.seconds:.1f} s: " + self._counts(data))
            self.stdout.write("  " + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in data.steps.items()))
        else:
            self.stdout.write("reusing bench data: " + self._counts(data))
        return data

    @staticmethod
    def _counts(data: marketplace_data.BenchData) -> str:
        return (
            f"{data.organizations} organizations, {data.listings} listings ({data.cpv_links} CPV links), "
            f"{data.tenders} tenders, {data.lots} lots"
        )

    # --- 2. listing search ---------------------------------------------------------------------------

    def _search(self, user, count: int) -> None:
        queries = search_queries(count)
        for query in queries[:10]:  # warm the caches and the connection
            list(listing_search(user=user, **query)[:50])
        page, total, matches = [], [], []
        for query in queries:
            began = time.perf_counter()
            queryset = listing_search(user=user, **query)
            list(queryset[:50])
            fetched = time.perf_counter()
            matches.append(queryset.count())
            page.append((fetched - began) * 1000)
            total.append((time.perf_counter() - began) * 1000)
        self.stdout.write(
            f"\n== listing search ({len(queries)} queries: a word in English or German, CPV subtree, "
            "availability period; SME user)"
        )
        self.stdout.write(
            f"listing search, first page of 50:  p50 {percentile(page, 0.5):7.1f} ms  "
            f"p95 {percentile(page, 0.95):7.1f} ms"
        )
        self.stdout.write(
            f"listing search, count + page:      p50 {percentile(total, 0.5):7.1f} ms  "
            f"p95 {percentile(total, 0.95):7.1f} ms  (matches: median {percentile(matches, 0.5):.0f}, "
            f"max {max(matches, default=0)})"
        )
        start = timezone.localdate() + timedelta(days=30)
        typical = {
            "query": "Lager",
            "cpv": "63120000",
            "available_from": start,
            "available_until": start + timedelta(days=30),
        }
        plan = listing_search(user=user, **typical)[:50].explain(analyze=True)
        execution = re.search(r"Execution Time: ([\d.]+) ms", plan)
        indexes = sorted(set(re.findall(r"Index (?:Only )?Scan(?: Backward)? (?:using|on) (\S+)", plan)))
        seq_scans = sorted(set(re.findall(r"Seq Scan on (\S+)", plan)))
        self.stdout.write(
            f"EXPLAIN ANALYZE q='Lager' cpv=63120000 {start}..{typical['available_until']}: "
            f"Execution Time {execution.group(1) if execution else '?'} ms"
        )
        self.stdout.write(f"  top node: {plan.splitlines()[0].strip()}")
        self.stdout.write(
            f"  indexes used: {', '.join(indexes) or 'none'}; sequential scans: {', '.join(seq_scans) or 'none'}"
        )
        if self.verbosity >= 2:
            self.stdout.write(plan)

    # --- 3. queries per request ----------------------------------------------------------------------

    def _queries_per_request(self, raw: str) -> None:
        self.stdout.write("\n== queries per request (API token, Django test client)")
        client = Client(HTTP_AUTHORIZATION=f"Token {raw}", HTTP_HOST="127.0.0.1")
        for url in (TENDERS_API, LISTINGS_API):
            client.get(url, {"page_size": 10})  # the token's last-used stamp is written once a minute
            counts = {}
            for size in (10, 50):
                with CaptureQueriesContext(connection) as captured:
                    began = time.perf_counter()
                    response = client.get(url, {"page_size": size})
                    elapsed = (time.perf_counter() - began) * 1000
                if response.status_code != 200:
                    raise CommandError(f"{url}?page_size={size} answered {response.status_code}")
                counts[size] = len(captured.captured_queries)
            verdict = "constant" if counts[10] == counts[50] else "NOT constant"
            self.stdout.write(
                f"{url}: page_size=10 → {counts[10]} queries, page_size=50 → {counts[50]} queries: {verdict}"
            )
            timed = [(float(query["time"]) * 1000, query["sql"]) for query in captured.captured_queries]
            slowest = max(timed, default=(0.0, ""))
            sql_ms = sum(t for t, _ in timed)
            self.stdout.write(
                f"  page_size=50 in-process: {elapsed:.0f} ms, of it SQL {sql_ms:.0f} ms; "
                f"slowest query {slowest[0]:.0f} ms: {slowest[1][:150]}…"
            )

    # --- 4. throughput -------------------------------------------------------------------------------

    @staticmethod
    def _search_paths(count: int = 3000) -> list[str]:
        """Listing searches as `_search` makes them, as API URLs: no two alike."""
        paths = []
        for n, query in enumerate(search_queries(count, seed=11)):
            params = {
                "page_size": 50,
                "q": query["query"],
                "cpv": query["cpv"],
                "min_quantity": n % 97,
                "available_from": query["available_from"],
                "available_until": query["available_until"],
            }
            paths.append(f"{LISTINGS_API}?{urlencode(params)}")
        return paths

    def _throughput(self, raw: str, options) -> None:
        clients, seconds = options["clients"], options["requests_seconds"]
        env = {
            "ALX_BENCHMARK_VIEWS": "true",
            "DATABASE_CONN_MAX_AGE": str(options["conn_max_age"]),
            "DJANGO_LOG_LEVEL": "WARNING",
        }
        server = gunicorn(
            workers=options["workers"],
            threads=options["threads"],
            timeout=60,
            env=env,
            ready_path="/bench/tenders-values/?page_size=1",
            want_status=200,
            hint="Is ALX_BENCHMARK_VIEWS read by config.urls?",
        )
        with server as (port, errors):
            self.stdout.write(
                f"\n== throughput (gunicorn {options['workers']} workers × {options['threads']} threads, "
                f"DATABASE_CONN_MAX_AGE={options['conn_max_age']}, {clients} client threads, "
                f"{seconds:g} s per endpoint after a warm-up, 127.0.0.1:{port})"
            )
            auth = {"Authorization": f"Token {raw}", "Accept": "application/json"}
            endpoints = [
                ("API tenders", f"{TENDERS_API}?page_size=50", auth),
                ("bare tenders .values()", "/bench/tenders-values/?page_size=50", {}),
                ("API listings", f"{LISTINGS_API}?page_size=50", auth),
                ("bare listings .values()", "/bench/listings-values/?page_size=50", {}),
                # Every request other filters, more sets than a worker keeps compiled: the slow path.
                ("API listing searches", self._search_paths(), auth),
            ]
            results = {}
            for name, path, headers in endpoints:
                # A list of paths warms up from its end, so the measured requests start with unseen ones.
                warm_up = path if isinstance(path, str) else path[::-1]
                hammer(port, warm_up, headers, clients=clients, seconds=min(2.0, seconds), max_requests=2000)
                results[name] = hammer(
                    port, path, headers, clients=clients, seconds=seconds, max_requests=options["max_requests"]
                )
        self.stdout.write(f"load average 1 min after: {os.getloadavg()[0]:.1f}")
        self.stdout.write(f"{'endpoint':<26}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'ok':>8}{'errors':>8}{'bytes':>9}")
        for name, result in results.items():
            self.stdout.write(
                f"{name:<26}{result['rps']:>9.1f}{result['p50']:>9.1f}{result['p95']:>9.1f}"
                f"{result['ok']:>8}{result['errors']:>8}{result['bytes']:>9}"
            )
        for what in ("tenders", "listings"):
            api, bare = results[f"API {what}"]["rps"], results[f"bare {what} .values()"]["rps"]
            ratio = api / bare if bare else 0.0
            self.stdout.write(f"ratio API/bare {what}: {ratio:.2f} (target ≥ 0.5)")
        self.stdout.write(
            "API listing searches: a different search (words, CPV subtree, period) on every request, "
            "each compiled anew; PostgreSQL ranking the matches and counting them dominates it (see "
            "'count + page' above). The two lists above reuse their compiled statements."
        )
        if errors:
            self.stdout.write(f"gunicorn logged {len(errors)} error lines, e.g. {errors[0]}")
