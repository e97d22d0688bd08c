"""`manage.py bench_marketplace` on tiny data: it runs, prints its figures and cleans up only its own rows.

A smoke test of the command, not of timings (DESIGN.md §6: no timing assertions); the gunicorn part is skipped.
"""

import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import RequestFactory

from benchmarks import marketplace_data as benchmark
from benchmarks import marketplace_views as benchmark_views
from marketplace.models import CapacityListing, Tender
from organizations.models import Organization, User
from tests.organizations.factories import OrganizationFactory


@pytest.mark.django_db
def test_bench_marketplace_prints_its_figures(cpv):
    out = StringIO()
    call_command(
        "bench_marketplace", listings=300, tenders=12, lots=2, organizations=8, queries=12, skip_load=True, stdout=out
    )
    text = out.getvalue()

    assert re.search(
        r"generated in [\d.]+ s: 28 organizations, 300 listings \(\d+ CPV links\), 12 tenders, 24 lots", text
    )
    assert re.search(r"listing search, first page of 50: +p50 +[\d.]+ ms +p95 +[\d.]+ ms", text)
    assert re.search(r"listing search, count \+ page: +p50 +[\d.]+ ms +p95 +[\d.]+ ms", text)
    assert re.search(r"EXPLAIN ANALYZE .*Execution Time [\d.]+ ms", text)
    assert "top node: Limit" in text
    assert re.search(
        r"^/api/v1/marketplace/tenders/: page_size=10 → \d+ queries, page_size=50 → \d+ queries: "
        r"constant$",
        text,
        re.MULTILINE,
    )
    assert re.search(r"^/api/v1/marketplace/listings/: .*: constant$", text, re.MULTILINE)
    assert "throughput: skipped" in text
    assert benchmark.bench_listings().filter(state="published").exclude(search_vector=None).exists()
    assert Tender.objects.filter(buyer__registration_id__startswith="BENCH-", state="published").count() == 12


@pytest.mark.django_db
def test_reuse_keeps_the_data_and_cleanup_touches_only_bench_rows(cpv):
    other = OrganizationFactory(legal_name="Not a bench company")
    benchmark.bench_data_generate(listings=40, tenders=3, lots=2, organizations=4, buyers=2)
    listing_ids = set(benchmark.bench_listings().values_list("pk", flat=True))

    out = StringIO()
    call_command("bench_marketplace", reuse=True, queries=2, skip_load=True, stdout=out)
    assert "reusing bench data: 6 organizations, 40 listings" in out.getvalue()
    assert set(benchmark.bench_listings().values_list("pk", flat=True)) == listing_ids

    call_command("bench_marketplace", cleanup=True, stdout=StringIO())
    assert not benchmark.bench_organizations().exists()
    assert not CapacityListing.objects.filter(pk__in=listing_ids).exists()
    assert not User.objects.filter(email=benchmark.BENCH_USER_EMAIL).exists()
    assert Organization.objects.filter(pk=other.pk).exists()


@pytest.mark.django_db
def test_bare_views_return_the_first_page_with_children(cpv):
    benchmark.bench_data_generate(listings=30, tenders=4, lots=3, organizations=3, buyers=1)
    factory = RequestFactory()

    request = factory.get("/bench/tenders-values/", {"page_size": 2})
    tenders = json.loads(benchmark_views.tenders_values(request).content)
    assert len(tenders["results"]) == 2
    assert [lot["number"] for lot in tenders["results"][0]["lots"]] == [1, 2, 3]

    listings = json.loads(benchmark_views.listings_values(factory.get("/bench/listings-values/")).content)
    assert len(listings["results"]) == 30
    assert all(row["cpv_codes"] for row in listings["results"])
