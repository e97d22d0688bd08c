"""`manage.py bench_invoicing` runs end to end on a handful of invoices and prints its figures (no timings asserted):
the import builds real accepted orders, imports their invoices with the three-way match and removes its data."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from contracting.models import Contract, Order
from invoicing.models import Invoice

pytestmark = pytest.mark.django_db


def test_bench_invoicing_prints_compile_validation_and_import_figures(cpv):
    out = StringIO()
    call_command("bench_invoicing", invoices=3, inbound=4, lines=2, processes=0, stdout=out)
    text = out.getvalue()
    assert "one-time compile" in text
    assert "warm, UBL: n=3 p50" in text
    assert "warm, CII: n=3 p50" in text
    assert "set-up: 4 accepted orders of 2 lines" in text
    assert "inbound import with three-way match: 4 invoices of 2 lines" in text
    assert "invoices/s" in text
    assert "load average" in text
    assert (Invoice.objects.count(), Order.objects.count(), Contract.objects.count()) == (0, 0, 0)
