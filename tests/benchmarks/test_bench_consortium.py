"""`manage.py bench_consortium` on 300 organizations and one 3-lot tender: it measures and removes its data."""

from io import StringIO

import pytest
from django.core.management import call_command

from organizations.models import Organization

pytestmark = pytest.mark.django_db


def test_bench_command_measures_and_cleans_up(cpv, compliance_data):
    out = StringIO()
    call_command("bench_consortium", organizations=300, sizes="3", repeat=1, stdout=out)
    text = out.getvalue()
    assert "300 organizations" in text
    assert "3 lots" in text
    assert "removed the benchmark data" in text
    assert not Organization.objects.filter(registration_id__startswith="BENCH-CONS-").exists()
