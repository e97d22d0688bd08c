"""`bench_integrity` runs end to end on a small data set and prints its figures."""

import pytest
from django.core.management import call_command

from marketplace.models import Tender

pytestmark = pytest.mark.django_db


def test_bench_prints_one_lot_and_full_recompute_figures(cpv, capsys):
    call_command("bench_integrity", lots=40, sample=5, remove=True)
    out = capsys.readouterr().out
    assert "one lot (its tender) recomputed" in out
    assert "full recompute over" in out
    assert "load average" in out
    assert "statements per one-tender recompute" in out
    assert not Tender.objects.filter(buyer__registration_id__startswith="INTEG-").exists()
