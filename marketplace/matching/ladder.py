"""The CPV fit ladder, defined once: its steps, their values and labels, and the SQL CASE built from them.

A candidate's CPV fit is the first step its codes reach, best first: the lot's own code, a narrower code, a
related capability (the curated crosswalk), a broader code, a sibling, the same 3-digit group, else the same
division. The values reach SQL as parameters (`ladder_params`, or columns of a parameter row), never typed into
SQL text, so a changed value or a renamed step cannot silently disagree between Python and SQL.

Used by the matching engine (marketplace.matching.engine) and the consortium builder
(alliances.builder.candidates), which builds its own CASE with `ladder_case`, giving its own conditions per step
and `named_placeholder` for its named parameters, and adds `ladder_params()` to them. Labels go through
`CpvFit.of(fit).label`, never a table keyed by the value's text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from enum import Enum

from django.utils.translation import gettext_lazy as _


class CpvFit(Enum):
    """One step of the ladder: (value 0..1, label). Decimals, so SQL compares and multiplies them as numeric."""

    SAME = (Decimal("1.0"), _("same CPV code"))
    NARROWER = (Decimal("0.9"), _("a narrower CPV code"))
    RELATED = (Decimal("0.8"), _("a related capability"))
    BROADER = (Decimal("0.7"), _("a broader CPV code"))
    SIBLING = (Decimal("0.6"), _("a sibling CPV code"))
    GROUP = (Decimal("0.4"), _("the same CPV group"))
    DIVISION = (Decimal("0.2"), _("the same CPV division"))

    @property
    def fit(self) -> Decimal:
        return self.value[0]

    @property
    def label(self):
        return self.value[1]

    @property
    def param(self) -> str:
        """The step's parameter name (`fit_same`, ...)."""
        return f"fit_{self.name.lower()}"

    @classmethod
    def of(cls, fit: float | Decimal | None) -> CpvFit | None:
        """The step a stored fit (a score part, rounded) stands for, or None."""
        if fit is None:
            return None
        return next((step for step in cls if abs(float(step.fit) - float(fit)) < 0.005), None)


def ladder_params() -> dict[str, Decimal]:
    """The values of every step, by parameter name."""
    return {step.param: step.fit for step in CpvFit}


def named_placeholder(step: CpvFit) -> str:
    """`%(fit_same)s`: for statements with named parameters (pass `ladder_params()` with them)."""
    return f"%({step.param})s"


def ladder_case(conditions: Mapping[CpvFit, str], value: Callable[[CpvFit], str]) -> str:
    """The CASE giving the first step whose condition holds, in ladder order, and DIVISION otherwise. Steps
    without a condition are skipped; `value(step)` is the SQL that stands for a step's value (a placeholder or
    a column of a parameter row), never the number itself."""
    steps = [step for step in CpvFit if step is not CpvFit.DIVISION and step in conditions]
    whens = " ".join(f"WHEN {conditions[step]} THEN {value(step)}" for step in steps)
    return f"CASE {whens} ELSE {value(CpvFit.DIVISION)} END"
