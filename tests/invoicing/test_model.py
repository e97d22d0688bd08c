"""The EN 16931 model computes line amounts, the VAT breakdown and the totals with half-up rounding."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal as D

import pytest

from invoicing.en16931.codes import VatCategory
from invoicing.en16931.model import AllowanceCharge, InvoiceLine, PaymentTerms, Skonto
from invoicing.en16931.samples import multi_rate_invoice, reverse_charge_invoice, standard_invoice

S = VatCategory.STANDARD


def line(n, qty, price, rate="19", category=S, **kw):
    return InvoiceLine(
        id=str(n),
        quantity=D(qty),
        unit_code="H87",
        net_price=D(price),
        item_name="Teil",
        vat_category=category,
        vat_rate=None if rate is None else D(rate),
        **kw,
    )


def test_line_net_amount_rounds_half_up_to_the_cent():
    assert line(1, "3", "0.335").net_amount == D("1.01")  # 1.005 -> 1.01, not banker's 1.00
    assert line(2, "1", "0.125").net_amount == D("0.13")


def test_line_net_amount_honours_base_quantity_and_line_allowances_and_charges():
    priced_per_hundred = line(1, "250", "12.00", base_quantity=D("100"), base_quantity_unit="H87")
    assert priced_per_hundred.net_amount == D("30.00")
    discounted = line(
        2,
        "10",
        "5.00",
        allowances_charges=(
            AllowanceCharge(charge=False, amount=D("2.50"), reason="Rabatt"),
            AllowanceCharge(charge=True, base_amount=D("50"), percent=D("3"), reason="Verpackung"),
        ),
    )
    assert discounted.net_amount == D("49.00")  # 50.00 - 2.50 + 1.50


def test_vat_breakdown_groups_by_category_and_rate_and_rounds_each_row():
    invoice = replace(
        standard_invoice(lines=1),
        lines=(line(1, "1", "10.05", "19"), line(2, "1", "10.05", "19.00"), line(3, "1", "9.99", "7")),
    )
    rows = {(row.category, row.rate): row for row in invoice.vat_breakdown}
    assert set(rows) == {(S, D("19")), (S, D("7"))}
    assert rows[(S, D("19"))].taxable_amount == D("20.10")
    assert rows[(S, D("19"))].tax_amount == D("3.82")  # 3.819
    assert rows[(S, D("7"))].tax_amount == D("0.70")  # 0.6993
    assert invoice.totals.vat == D("4.52")
    assert invoice.totals.payable == D("34.61")


def test_totals_follow_bt_106_to_bt_115():
    invoice = replace(multi_rate_invoice(), prepaid_amount=D("1000.00"), rounding_amount=D("0.07"))
    t = invoice.totals
    assert t.line_net == sum(x.net_amount for x in invoice.lines)
    assert t.allowances == D("124.99")  # 2.5 % of 4999.60 = 124.99
    assert t.charges == D("85.00")
    assert t.tax_exclusive == t.line_net - t.allowances + t.charges
    assert t.vat == sum(row.tax_amount for row in invoice.vat_breakdown)
    assert t.tax_inclusive == t.tax_exclusive + t.vat
    assert t.payable == t.tax_inclusive - D("1000.00") + D("0.07")


def test_document_allowances_and_charges_reduce_and_raise_their_vat_row():
    invoice = multi_rate_invoice()
    rows = {row.rate: row for row in invoice.vat_breakdown}
    lines_19 = sum(x.net_amount for x in invoice.lines if x.vat_rate == D("19"))
    assert rows[D("19")].taxable_amount == lines_19 - D("124.99") + D("85.00")


def test_reverse_charge_carries_no_vat_and_its_exemption_reason():
    invoice = reverse_charge_invoice()
    (row,) = invoice.vat_breakdown
    assert row.category is VatCategory.REVERSE_CHARGE
    assert row.tax_amount == D("0.00")
    assert row.exemption_code == "VATEX-EU-AE"
    assert invoice.totals.payable == invoice.totals.tax_exclusive


def test_not_subject_to_vat_has_no_rate():
    not_subject = line(1, "2", "5", rate=None, category=VatCategory.NOT_SUBJECT)
    invoice = replace(standard_invoice(lines=1), lines=(not_subject,))
    (row,) = invoice.vat_breakdown
    assert row.rate is None
    assert row.tax_amount == 0


def test_skonto_is_written_in_xrechnung_syntax_and_read_back():
    terms = PaymentTerms(text="Zahlbar in 30 Tagen.", skonto=(Skonto(10, D("3")), Skonto(14, D("2.00"), D("1000"))))
    assert terms.note == (
        "Zahlbar in 30 Tagen.\n#SKONTO#TAGE=10#PROZENT=3.00#\n#SKONTO#TAGE=14#PROZENT=2.00#BASISBETRAG=1000.00#\n"
    )
    assert PaymentTerms.from_note(terms.note) == terms


def test_an_allowance_needs_an_amount_or_a_base_and_percentage():
    with pytest.raises(ValueError, match="needs an amount, or a base amount and a percentage"):
        AllowanceCharge(charge=False, percent=D("3"))
