"""The arithmetic of consortium payouts: the shares of a payment add up to it exactly, in whole cents, for
agreements that divide evenly, that do not, and whose shares do not add up to 100 %; rounding does not favour
one member over many payments."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from invoicing.payouts.split import Claim, split_cents

AGREEMENTS = {
    "50/30/20": ["50", "30", "20"],
    "three thirds": ["33.33", "33.33", "33.34"],
    "equal": ["1", "1", "1"],
    "sums to 90": ["60", "30"],
    "alone": ["100"],
    "a silent partner": ["0", "45.5", "54.5"],
    "seven members": ["14.29", "14.29", "14.28", "14.28", "14.29", "14.28", "14.29"],
}
AMOUNTS = [1, 2, 7, 99, 100, 12_345, 1_000_001, 4_999_999_99]


def claims(weights):
    return [Claim(key=index, weight=Fraction(weight)) for index, weight in enumerate(weights)]


@pytest.mark.parametrize("name", sorted(AGREEMENTS))
@pytest.mark.parametrize("amount", AMOUNTS)
def test_the_shares_of_a_payment_add_up_to_it_exactly(name, amount):
    weights = AGREEMENTS[name]
    shares = split_cents(amount, claims(weights))
    assert sum(shares.values()) == amount
    total = sum(Fraction(w) for w in weights)
    for index, weight in enumerate(weights):
        exact = Fraction(amount) * Fraction(weight) / total
        assert shares[index] >= 0
        assert abs(shares[index] - exact) < 1
        if Fraction(weight) == 0:
            assert shares[index] == 0


def test_worked_example_spare_cents_go_to_the_largest_remainders_lead_first_on_a_tie():
    # 100.00 split 1:1:1 → 33.33 each and one spare cent, to the lead (listed first).
    assert split_cents(10_000, claims(["1", "1", "1"])) == {0: 3334, 1: 3333, 2: 3333}
    # 10.01 split 50/30/20 → 5.005, 3.003, 2.002: the spare cent goes to the largest remainder (the lead's).
    assert split_cents(1001, claims(["50", "30", "20"])) == {0: 501, 1: 300, 2: 200}


def test_spare_cents_rotate_instead_of_always_going_to_the_lead():
    entitled, given = [Fraction(0)] * 3, [0] * 3
    received = []
    for _payment in range(6):  # six payments of one cent, three equal members
        shares = split_cents(
            1, [Claim(key=i, weight=Fraction(1), entitled_before=entitled[i], given_before=given[i]) for i in range(3)]
        )
        received.append(next(key for key, cents in shares.items() if cents))
        for i in range(3):
            entitled[i] += Fraction(1, 3)
            given[i] += shares[i]
    assert received == [0, 1, 2, 0, 1, 2]
    assert given == [2, 2, 2]


@pytest.mark.parametrize("seed", range(5))
def test_running_totals_stay_within_two_cents_of_the_exact_shares(seed):
    rng = random.Random(seed)
    for _sequence in range(100):
        members = rng.randint(1, 6)
        weights = [Fraction(rng.choice([0, 1, 10, 33, 3333, rng.randint(0, 10_000)])) for _ in range(members)]
        weights[0] = weights[0] or Fraction(1)
        entitled, given = [Fraction(0)] * members, [0] * members
        for _payment in range(40):
            amount = rng.choice([1, 2, 3, rng.randint(1, 10_000_000)])
            shares = split_cents(
                amount,
                [
                    Claim(key=i, weight=weights[i], entitled_before=entitled[i], given_before=given[i])
                    for i in range(members)
                ],
            )
            assert sum(shares.values()) == amount
            assert min(shares.values()) >= 0
            for i in range(members):
                entitled[i] += Fraction(amount) * weights[i] / sum(weights)
                given[i] += shares[i]
                assert abs(entitled[i] - given[i]) < 2


def test_weights_must_allow_a_split():
    with pytest.raises(ValueError, match="at least one must be positive"):
        split_cents(100, claims(["0", "0"]))
    with pytest.raises(ValueError, match="must not be negative"):
        split_cents(-1, claims(["1"]))
