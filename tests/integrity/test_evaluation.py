"""Every injected pattern is flagged and no clean lot is: the floor `evaluate_integrity` reports against."""

import pytest
from django.core.management import call_command

from marketplace.integrity.evaluation import evaluate_flags
from marketplace.integrity.models import RedFlag
from marketplace.models import Tender

pytestmark = pytest.mark.django_db


def test_recall_is_one_and_clean_lots_raise_no_flag(cpv):
    scores = evaluate_flags(lots=110, inject_each=4, seed=3)
    assert {s.code for s in scores} == {
        "R018",
        "R003",
        "R028",
        "R030",
        "R035",
        "R036",
        "EST_EQ",
        "EST_FAR",
        "ALT",
        "AMEND_3",
        "PRICE_EXT",
    }
    for score in scores:
        assert (score.code, score.injected, score.recall, score.false_alarms) == (score.code, 4, 1.0, 0)
    assert not Tender.objects.exists()
    assert not RedFlag.objects.exists()


def test_command_prints_recall_and_false_alarms(cpv, capsys):
    call_command("evaluate_integrity", lots=30, inject_each=1, alt_lots=50)
    out = capsys.readouterr().out
    assert "recall" in out
    assert "ALT" in out
    assert "false alarms" in out
