"""What the spend and SME-share figures share: the reporting period and the one definition of each amount.

Every figure is net of VAT, so it compares with contract and award values, which are net: invoiced is BT-109
(credit notes subtract), paid is each payment's share of its invoice's net total (`amount × BT-109 / BT-115`;
a fully paid invoice counts exactly its BT-109). Drafts and rejected invoices count as not invoiced.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Case, DecimalField, ExpressionWrapper, F, Q, Value, When
from django.db.models.functions import NullIf

from ..en16931.codes import CREDIT_NOTE_CODES
from ..models import InvoiceState

AMOUNT = DecimalField(max_digits=18, decimal_places=2)
# Invoices that stand: sent to the buyer and not rejected (a disputed invoice still stands until rejected).
NOT_INVOICED = (InvoiceState.DRAFT, InvoiceState.REJECTED)
CREDIT_CODES = sorted(CREDIT_NOTE_CODES)


@dataclass(frozen=True)
class Period:
    """Inclusive dates; either end may be open."""

    since: date | None = None
    until: date | None = None

    def q(self, field: str) -> Q:
        """Rows whose `field` (a date, or a datetime compared by its date) falls in the period."""
        q = Q()
        if self.since:
            q &= Q(**{f"{field}__gte": self.since})
        if self.until:
            q &= Q(**{f"{field}__lte": self.until})
        return q


ALL_TIME = Period()


def invoiced_net(prefix: str = "") -> Case:
    """BT-109 of an invoice that stands, negative for a credit note; zero for drafts and rejected ones."""
    return Case(
        When(Q(**{f"{prefix}state__in": NOT_INVOICED}), then=Value(0)),
        When(Q(**{f"{prefix}type_code__in": CREDIT_CODES}), then=-F(f"{prefix}tax_exclusive_amount")),
        default=F(f"{prefix}tax_exclusive_amount"),
        output_field=AMOUNT,
    )


def paid_net(prefix: str = "invoice__") -> ExpressionWrapper:
    """A payment's share of its invoice's net total (payments are recorded with VAT, against BT-115)."""
    return ExpressionWrapper(
        F("amount") * F(f"{prefix}tax_exclusive_amount") / NullIf(F(f"{prefix}payable_amount"), Value(0)),
        output_field=AMOUNT,
    )


def payments_counted(prefix: str = "invoice__") -> Q:
    """Payments of invoices (a payment recorded against a credit note would be a refund: not spend)."""
    return ~Q(**{f"{prefix}type_code__in": CREDIT_CODES})
