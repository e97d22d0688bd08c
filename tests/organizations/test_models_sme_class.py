"""The SME class follows the EU definition (Recommendation 2003/361/EC), edges included."""

from decimal import Decimal

import pytest

from tests.organizations.factories import OrganizationFactory

M = 1_000_000


def sme_class_of(headcount, turnover, balance):
    organization = OrganizationFactory(
        headcount=headcount,
        annual_turnover_eur=None if turnover is None else Decimal(turnover),
        balance_sheet_total_eur=None if balance is None else Decimal(balance),
    )
    organization.refresh_from_db()
    return organization.sme_class


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("headcount", "turnover", "balance", "expected"),
    [
        (9, 2 * M, 2 * M, "micro"),  # both ceilings reached exactly: still micro
        (9, 2 * M + 1, 2 * M, "micro"),  # balance sheet within the ceiling is enough
        (9, 2 * M + 1, 2 * M + 1, "small"),  # both ceilings exceeded: next class
        (10, 1 * M, 1 * M, "small"),  # 10 staff is no longer micro
        (49, 10 * M, 10 * M, "small"),
        (49, 10 * M + 1, 10 * M + 1, "medium"),
        (50, 1 * M, 1 * M, "medium"),
        (249, 50 * M, 60 * M, "medium"),  # turnover at the ceiling
        (249, 80 * M, 43 * M, "medium"),  # balance sheet at its (lower) ceiling
        (249, 50 * M + 1, 43 * M + 1, "large"),
        (250, 1 * M, 1 * M, "large"),  # 250 staff is large whatever the money
        (None, 1 * M, 1 * M, "unknown"),
        (5, None, None, "unknown"),
        (5, None, 1 * M, "micro"),  # one financial figure within its ceiling suffices
    ],
)
def test_sme_class_follows_eu_thresholds(headcount, turnover, balance, expected):
    assert sme_class_of(headcount, turnover, balance) == expected


@pytest.mark.django_db
def test_sme_class_is_recomputed_when_figures_change():
    organization = OrganizationFactory(headcount=8, annual_turnover_eur=Decimal(M), balance_sheet_total_eur=None)
    organization.refresh_from_db()
    assert organization.sme_class == "micro"
    organization.headcount = 300
    organization.save()
    organization.refresh_from_db()
    assert organization.sme_class == "large"
    assert not organization.is_sme
