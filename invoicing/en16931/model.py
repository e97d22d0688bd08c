"""The EN 16931 semantic model as frozen dataclasses, with the VAT breakdown and totals it computes.

Every field names its business term (BT-n) or group (BG-n). Absent text is "", absent dates, amounts and
groups are None, repeated groups are tuples, so two invoices compare equal exactly when their data does
(a round trip through UBL or CII must give back an equal object).

Amounts are Decimal. What the norm computes (BT-131 line net amount, BT-92/BT-99 an allowance or charge
given as a percentage, the VAT breakdown BG-23 and the totals BG-22) is computed here, each amount
rounded to 2 places ROUND_HALF_UP as it is formed, and the sums added from those rounded parts, as the
rules BR-CO-10..16 and BR-S-08 require. A value an issuer stated differently within what the rules
permit (BT-131 and BT-117, which the rules recompute with a tolerance) is kept as stated, so a received
invoice is re-exported with the same amounts.

The parties (parties.py), the payment groups (payment.py) and the rounding (amounts.py) have modules of their
own; this module re-exports them, so `model` stays the one import for the whole semantic model.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import cast

from .amounts import CENT, HUNDRED, ZERO, money
from .codes import CREDIT_NOTE_CODES, PEPPOL_BILLING, XRECHNUNG_3, VatCategory
from .parties import Address, Contact, Identifier, Party, Payee, TaxRepresentative
from .payment import CreditTransfer, PaymentInstructions, PaymentTerms, Skonto

__all__ = [
    "CENT",
    "HUNDRED",
    "ZERO",
    "Address",
    "AllowanceCharge",
    "Contact",
    "CreditTransfer",
    "Delivery",
    "Identifier",
    "Invoice",
    "InvoiceLine",
    "Note",
    "Party",
    "Payee",
    "PaymentInstructions",
    "PaymentTerms",
    "PrecedingInvoice",
    "Skonto",
    "SupportingDocument",
    "TaxRepresentative",
    "Totals",
    "VatBreakdown",
    "VatExemption",
    "money",
    "rate_key",
]


@dataclass(frozen=True)
class SupportingDocument:
    """BG-24 an additional supporting document: a reference, a link, or an attached file."""

    reference: str  # BT-122
    description: str = ""  # BT-123
    uri: str = ""  # BT-124 external document location
    content: bytes | None = None  # BT-125 attached document
    mime_code: str = ""  # BT-125 mime code (application/pdf, image/png, text/csv, ...)
    filename: str = ""  # BT-125 filename


@dataclass(frozen=True)
class AllowanceCharge:
    """BG-20 document allowance / BG-21 document charge, or BG-27 / BG-28 on a line.

    Give `amount`, or `base_amount` and `percent` and the amount is computed. Document-level ones carry a
    VAT category and rate (BT-95/96 and BT-102/103); line-level ones take the line's.
    """

    charge: bool
    amount: Decimal | None = None  # BT-92 / BT-99 / BT-136 / BT-141
    base_amount: Decimal | None = None  # BT-93 / BT-100 / BT-137 / BT-142
    percent: Decimal | None = None  # BT-94 / BT-101 / BT-138 / BT-143
    reason: str = ""  # BT-97 / BT-104 / BT-139 / BT-144
    reason_code: str = ""  # BT-98 / BT-105 / BT-140 / BT-145 (UNTDID 5189 allowances, 7161 charges)
    vat_category: VatCategory | None = None  # BT-95 / BT-102 (document level only)
    vat_rate: Decimal | None = None  # BT-96 / BT-103

    def __post_init__(self) -> None:
        if self.amount is None:
            if self.base_amount is None or self.percent is None:
                raise ValueError("an allowance or charge needs an amount, or a base amount and a percentage")
            object.__setattr__(self, "amount", money(self.base_amount * self.percent / HUNDRED))


@dataclass(frozen=True)
class InvoiceLine:
    """BG-25 an invoice line (with BG-26 period, BG-29 price, BG-30 VAT, BG-31 item)."""

    id: str  # BT-126
    quantity: Decimal  # BT-129
    unit_code: str  # BT-130 (UN/ECE Recommendation 20 or 21, e.g. C62 one, H87 piece, HUR hour, KGM kg)
    net_price: Decimal  # BT-146
    item_name: str  # BT-153
    vat_category: VatCategory  # BT-151
    vat_rate: Decimal | None  # BT-152 (None for category O)
    net_amount: Decimal | None = None  # BT-131, computed when None
    base_quantity: Decimal | None = None  # BT-149
    base_quantity_unit: str = ""  # BT-150
    gross_price: Decimal | None = None  # BT-148
    price_discount: Decimal | None = None  # BT-147
    note: str = ""  # BT-127
    object_id: Identifier | None = None  # BT-128
    order_line_reference: str = ""  # BT-132
    buyer_accounting_reference: str = ""  # BT-133
    period_start: date | None = None  # BT-134
    period_end: date | None = None  # BT-135
    allowances_charges: tuple[AllowanceCharge, ...] = ()  # BG-27 / BG-28
    description: str = ""  # BT-154
    seller_item_id: str = ""  # BT-155
    buyer_item_id: str = ""  # BT-156
    standard_item_id: Identifier | None = None  # BT-157 (scheme: ISO 6523 ICD, e.g. 0160 GTIN)
    classifications: tuple[Identifier, ...] = ()  # BT-158 (scheme: UNTDID 7143 list id)
    origin_country: str = ""  # BT-159
    attributes: tuple[tuple[str, str], ...] = ()  # BG-32: BT-160 name, BT-161 value

    def __post_init__(self) -> None:
        if self.net_amount is None:
            per_unit = self.net_price / (self.base_quantity or Decimal(1))
            amount = money(self.quantity * per_unit)
            for item in self.allowances_charges:
                amount += item.amount if item.charge else -item.amount
            object.__setattr__(self, "net_amount", money(amount))


@dataclass(frozen=True)
class Note:
    """BG-1 an invoice note."""

    text: str  # BT-22
    subject_code: str = ""  # BT-21 (UNTDID 4451, e.g. AAI general information, ADU, REG)


@dataclass(frozen=True)
class PrecedingInvoice:
    """BG-3 a reference to an earlier invoice (a credit note's or a corrected invoice's original)."""

    number: str  # BT-25
    issue_date: date | None = None  # BT-26


@dataclass(frozen=True)
class Delivery:
    """BG-13 delivery information."""

    name: str = ""  # BT-70 deliver-to party name
    location_id: Identifier | None = None  # BT-71
    date: date | None = None  # BT-72 actual delivery date
    address: Address | None = None  # BG-15


@dataclass(frozen=True)
class VatExemption:
    """BT-120 / BT-121 the reason a VAT category charges no VAT, given once per category."""

    category: VatCategory
    reason: str = ""  # BT-120
    code: str = ""  # BT-121 (VATEX code list)


@dataclass(frozen=True)
class VatBreakdown:
    """BG-23 one VAT breakdown row, per category and rate (computed)."""

    category: VatCategory  # BT-118
    rate: Decimal | None  # BT-119
    taxable_amount: Decimal  # BT-116
    tax_amount: Decimal  # BT-117
    exemption_reason: str = ""  # BT-120
    exemption_code: str = ""  # BT-121


@dataclass(frozen=True)
class Totals:
    """BG-22 document totals (computed)."""

    line_net: Decimal  # BT-106
    allowances: Decimal  # BT-107
    charges: Decimal  # BT-108
    tax_exclusive: Decimal  # BT-109
    vat: Decimal  # BT-110
    tax_inclusive: Decimal  # BT-112
    prepaid: Decimal  # BT-113
    rounding: Decimal  # BT-114
    payable: Decimal  # BT-115


@dataclass(frozen=True)
class Invoice:
    """An EN 16931 invoice or credit note (BT-3 decides which)."""

    number: str  # BT-1
    issue_date: date  # BT-2
    seller: Party  # BG-4
    buyer: Party  # BG-7
    lines: tuple[InvoiceLine, ...]  # BG-25
    type_code: str = "380"  # BT-3 (380 commercial invoice, 381 credit note, see codes.InvoiceTypeCode)
    currency: str = "EUR"  # BT-5 (ISO 4217)
    customization_id: str = XRECHNUNG_3  # BT-24
    profile_id: str = PEPPOL_BILLING  # BT-23
    tax_currency: str = ""  # BT-6
    vat_in_tax_currency: Decimal | None = None  # BT-111 (only with BT-6)
    tax_point_date: date | None = None  # BT-7
    vat_point_date_code: str = ""  # BT-8 (UNTDID 2005: 3 invoice date, 35 delivery date, 432 paid to date)
    due_date: date | None = None  # BT-9
    buyer_reference: str = ""  # BT-10 (the Leitweg-ID for German public buyers, BR-DE-15)
    project_reference: str = ""  # BT-11
    contract_reference: str = ""  # BT-12
    order_reference: str = ""  # BT-13
    sales_order_reference: str = ""  # BT-14
    receiving_advice_reference: str = ""  # BT-15
    despatch_advice_reference: str = ""  # BT-16
    tender_reference: str = ""  # BT-17
    invoiced_object: Identifier | None = None  # BT-18
    buyer_accounting_reference: str = ""  # BT-19
    notes: tuple[Note, ...] = ()  # BG-1
    preceding_invoices: tuple[PrecedingInvoice, ...] = ()  # BG-3
    period_start: date | None = None  # BT-73
    period_end: date | None = None  # BT-74
    payee: Payee | None = None  # BG-10
    tax_representative: TaxRepresentative | None = None  # BG-11
    delivery: Delivery | None = None  # BG-13
    payment_terms: PaymentTerms | None = None  # BT-20
    payment: PaymentInstructions | None = None  # BG-16
    allowances_charges: tuple[AllowanceCharge, ...] = ()  # BG-20 / BG-21
    supporting_documents: tuple[SupportingDocument, ...] = ()  # BG-24
    exemptions: tuple[VatExemption, ...] = ()  # BT-120 / BT-121 per category
    prepaid_amount: Decimal = ZERO  # BT-113
    rounding_amount: Decimal = ZERO  # BT-114
    # BT-117 as the issuer stated it where it differs from taxable x rate within BR-CO-17's tolerance,
    # as (category, rate, amount); set by the parsers so a received invoice re-exports unchanged.
    stated_vat_amounts: tuple[tuple[VatCategory, Decimal | None, Decimal], ...] = ()

    @property
    def is_credit_note(self) -> bool:
        return self.type_code in CREDIT_NOTE_CODES

    @cached_property
    def vat_breakdown(self) -> tuple[VatBreakdown, ...]:
        """BG-23: one row per (category, rate) over lines and document allowances/charges, in first-seen order."""
        taxable: dict[tuple[VatCategory, Decimal | None], Decimal] = {}
        for line in self.lines:
            key = (line.vat_category, rate_key(line.vat_rate))
            taxable[key] = taxable.get(key, ZERO) + line.net_amount
        for item in self.allowances_charges:
            key = (item.vat_category, rate_key(item.vat_rate))
            taxable[key] = taxable.get(key, ZERO) + (item.amount if item.charge else -item.amount)
        stated = {(c, rate_key(r)): a for c, r, a in self.stated_vat_amounts}
        reasons = {e.category: e for e in self.exemptions}
        rows = []
        for (category, rate), amount in taxable.items():
            tax = ZERO
            if category.charges_vat and rate is not None:
                tax = money(amount * rate / HUNDRED)
            tax = stated.get((category, rate), tax)
            exemption = reasons.get(category)
            rows.append(
                VatBreakdown(
                    category=category,
                    rate=rate,
                    taxable_amount=money(amount),
                    tax_amount=money(tax),
                    exemption_reason=exemption.reason if exemption else "",
                    exemption_code=exemption.code if exemption else "",
                )
            )
        return tuple(rows)

    @cached_property
    def totals(self) -> Totals:
        """BG-22: BT-106..BT-115 from the rounded line amounts, allowances, charges and VAT rows."""
        # __post_init__ has set every line's net amount and every allowance's amount by now.
        line_net = cast(Decimal, sum((line.net_amount for line in self.lines), ZERO))
        allowances = cast(Decimal, sum((a.amount for a in self.allowances_charges if not a.charge), ZERO))
        charges = cast(Decimal, sum((a.amount for a in self.allowances_charges if a.charge), ZERO))
        tax_exclusive = line_net - allowances + charges
        vat = sum((row.tax_amount for row in self.vat_breakdown), ZERO)
        tax_inclusive = tax_exclusive + vat
        payable = tax_inclusive - self.prepaid_amount + self.rounding_amount
        return Totals(
            line_net=money(line_net),
            allowances=money(allowances),
            charges=money(charges),
            tax_exclusive=money(tax_exclusive),
            vat=money(vat),
            tax_inclusive=money(tax_inclusive),
            prepaid=money(self.prepaid_amount),
            rounding=money(self.rounding_amount),
            payable=money(payable),
        )


def rate_key(rate: Decimal | None) -> Decimal | None:
    """19, 19.0 and 19.00 are one VAT rate: group them under one normalised key."""
    return None if rate is None else rate.normalize() + ZERO
