"""`manage.py bench_invoicing` runs end to end on a handful of invoices and prints its figures (no timings asserted)."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command


def test_bench_invoicing_prints_compile_validation_and_throughput_figures(rules):
    out = StringIO()
    call_command("bench_invoicing", invoices=3, inbound=4, lines=2, processes=0, stdout=out)
    text = out.getvalue()
    assert "one-time compile" in text
    assert "warm, UBL: n=3 p50" in text and "warm, CII: n=3 p50" in text
    assert "parse + validate 4 invoices of 2 lines" in text and "invoices/s" in text
    assert "three-way match not included" in text
    assert "load average" in text
