"""The arithmetic of consortium payouts: a paid amount split in cents by the members' agreed shares.

A consortium is paid `A` cents; its members have weights `w_i` (their agreed shares, see
`invoicing/services/payouts.py`). Each member's **exact entitlement** is its weight's part of every payment the
consortium has received, `E_i = sum over payments p of A_p * w_i,p / W_p` (a fraction of a cent, kept exact),
and `P_i` is what it has been given in whole cents. A new payment is split so that every member comes as close
to `E_i` as whole cents allow, without taking money back:

1. with `d_i = E_i - P_i` counting this payment in `E_i`, every member with a positive weight gets
   `floor(d_i)` cents (nothing if `d_i < 1`); a member with weight 0 gets nothing from this payment;
2. if that hands out more than `A`, a cent is taken back, one at a time, from the member that would then be
   furthest ahead of its entitlement; if less, the spare cents go one at a time to the member furthest behind;
   ties go to the member listed first (the lead, then in the order the members joined).

So the shares of a payment always add up to it exactly, no share is negative, and rounding never favours the
same member payment after payment: a member rounded down before is first in line for the next spare cent. For
a first payment this is the largest-remainder method. Running totals stay within about a cent of the exact
entitlement (tests/invoicing/test_payouts_split.py checks "within two cents" over random payment sequences).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class Claim:
    """A member's part in one split: its weight now, and its exact entitlement and cents given before."""

    key: int
    weight: Fraction
    entitled_before: Fraction = Fraction(0)  # exact cents owed from earlier payments
    given_before: int = 0  # cents paid out to it from earlier payments


def split_cents(amount: int, claims: Sequence[Claim]) -> dict[int, int]:
    """`amount` cents split by the claims' weights (in the order given, which breaks ties); adds up exactly."""
    if amount < 0:
        raise ValueError("amount must not be negative")
    total = sum((claim.weight for claim in claims), Fraction(0))
    if not claims or total <= 0 or any(claim.weight < 0 for claim in claims):
        raise ValueError("weights must not be negative, and at least one must be positive")
    behind = {
        claim.key: claim.entitled_before + Fraction(amount) * claim.weight / total - claim.given_before
        for claim in claims
    }
    eligible = [(index, claim.key) for index, claim in enumerate(claims) if claim.weight > 0]
    given = {claim.key: 0 for claim in claims}
    for _index, key in eligible:
        given[key] = max(0, int(behind[key])) if behind[key] >= 1 else 0
    handed_out = sum(given.values())
    while handed_out > amount:  # take back from whoever would stay furthest ahead (least behind)
        _i, key = min(
            ((i, k) for i, k in eligible if given[k] > 0),
            key=lambda item: (behind[item[1]] - given[item[1]] + 1, -item[0]),
        )
        given[key] -= 1
        handed_out -= 1
    while handed_out < amount:  # spare cents to whoever is furthest behind
        _i, key = max(eligible, key=lambda item: (behind[item[1]] - given[item[1]], -item[0]))
        given[key] += 1
        handed_out += 1
    return given
