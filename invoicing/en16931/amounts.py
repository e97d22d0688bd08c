"""Amounts in EN 16931: the cent, and rounding half up to it as the norm's rules assume."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0")
HUNDRED = Decimal("100")


def money(value: Decimal) -> Decimal:
    """Round an amount to the cent, half up (the rounding EN 16931's rules assume)."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)
