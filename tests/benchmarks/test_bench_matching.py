"""`manage.py bench_matching` on tiny data, both CPV spreads: it runs and prints every figure it promises.

A smoke test of the command, not of timings (no timing assertions); the full re-match, which runs in its own
process and so cannot see this test's transaction, is skipped here and tested in test_matching.py.
"""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from marketplace.models import Match

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("spread", ["divisions", "logistics"])
def test_bench_matching_prints_its_figures(cpv, spread):
    out = StringIO()
    call_command(
        "bench_matching", listings=400, tenders=6, lots=2, samples=3, skip_full=True, spread=spread, stdout=out
    )
    text = out.getvalue()
    assert f"6 tenders × 2 lots, CPV spread over {spread}" in text
    assert re.search(r"candidates per lot \(bare query\), mean over the timed tenders: \d+", text)
    assert re.search(r"one tender vs 400 listings: p50 \d+ ms  p95 \d+ ms", text)
    assert re.search(r"scoring statement alone .*statement/bare at p95 [\d.]+×", text)
    assert re.search(r"one listing vs \d+ open lots: p50 \d+ ms", text)
    assert re.search(r"naive baseline .* engine p50 is \d+× faster", text)
    assert Match.objects.filter(tender__buyer__registration_id__startswith="BENCH-").exists()
