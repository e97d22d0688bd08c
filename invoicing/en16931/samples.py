"""Realistic XRechnung invoices of every kind the platform issues, for the tests, the benchmark and the demo.

Each builder returns a complete model that passes EN 16931 and XRechnung 3.0: a German SME selling to a
German federal buyer (with a Leitweg-ID), or to a French buyer under reverse charge.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from .codes import VatCategory
from .model import (
    Address,
    AllowanceCharge,
    Contact,
    CreditTransfer,
    Delivery,
    Identifier,
    Invoice,
    InvoiceLine,
    Note,
    Party,
    PaymentInstructions,
    PaymentTerms,
    PrecedingInvoice,
    Skonto,
    VatExemption,
)

D = Decimal
S, E, AE = VatCategory.STANDARD, VatCategory.EXEMPT, VatCategory.REVERSE_CHARGE

SELLER = Party(
    name="Lausitz Präzisionsteile GmbH",
    trading_name="Lausitz Präzision",
    address=Address(line1="Werkstraße 12", city="Cottbus", postcode="03046", country_code="DE"),
    identifiers=(Identifier("4000001000005", "0088"),),
    legal_registration_id=Identifier("HRB 12345 CB"),
    vat_id="DE123456789",
    tax_registration_id="056/123/45678",
    additional_legal_info="Geschäftsführerin: A. Schmidt, Amtsgericht Cottbus",
    electronic_address=Identifier("rechnung@lausitz-praezision.de", "EM"),
    contact=Contact(name="Anna Schmidt", telephone="+49 355 123456", email="a.schmidt@lausitz-praezision.de"),
)

BUYER = Party(
    name="Bundesamt für Ausrüstung, Informationstechnik und Nutzung der Bundeswehr",
    address=Address(line1="Ferdinand-Sauerbruch-Straße 1", city="Koblenz", postcode="56073", country_code="DE"),
    identifiers=(Identifier("BAAINBw-4711"),),
    vat_id="DE811135657",
    electronic_address=Identifier("991-01234-56", "0204"),
    contact=Contact(name="Beschaffung Referat K2", email="k2@example.bund.de"),
)

FOREIGN_BUYER = Party(
    name="Ateliers Mécaniques de Bourgogne SAS",
    address=Address(line1="12 rue des Forges", city="Dijon", postcode="21000", country_code="FR"),
    vat_id="FR32123456789",
    electronic_address=Identifier("achats@amb.example.fr", "EM"),
)

PAYMENT = PaymentInstructions(
    means_code="58", remittance_information="RE-2026-0001",
    transfers=(CreditTransfer(iban="DE02120300000000202051", account_name="Lausitz Präzisionsteile GmbH",
                              bic="BYLADEM1001"),),
)


def _line(n: int, qty: str, unit: str, price: str, name: str, category=S, rate: str | None = "19", **kw) -> InvoiceLine:
    return InvoiceLine(
        id=str(n), quantity=D(qty), unit_code=unit, net_price=D(price), item_name=name,
        vat_category=category, vat_rate=None if rate is None else D(rate), **kw,
    )


def standard_invoice(number: str = "RE-2026-0001", *, lines: int = 3, issue: date = date(2026, 11, 30)) -> Invoice:
    """A 19 % invoice from accepted deliveries of an order under a framework contract."""
    catalogue = [
        ("4", "H87", "1249.90", "Lagerbock LB-40, gefräst", "LB-40"),
        ("12.5", "HUR", "86.00", "Montage vor Ort", "MONT"),
        ("250", "KGM", "3.17", "Stahl S355, Zuschnitt", "S355"),
        ("2", "SET", "412.35", "Dichtungssatz DS-7", "DS-7"),
    ]
    built = []
    for i in range(lines):
        qty, unit, price, name, sku = catalogue[i % len(catalogue)]
        built.append(_line(i + 1, qty, unit, price, name, seller_item_id=sku, order_line_reference=str(i + 1),
                           description=f"Lieferung zu Bestellposition {i + 1}"))
    return Invoice(
        number=number, issue_date=issue, seller=SELLER, buyer=BUYER, lines=tuple(built),
        due_date=issue + timedelta(days=30), buyer_reference="991-01234-56",
        contract_reference="ALX-K-2026-0042", order_reference="ALX-B-2026-0042-07",
        notes=(Note("Lieferung gemäß Rahmenvertrag ALX-K-2026-0042.", "AAI"),),
        period_start=issue.replace(day=1), period_end=issue,
        delivery=Delivery(date=issue - timedelta(days=2), name="Materialdepot Koblenz",
                          address=Address(line1="Depotweg 3", city="Koblenz", postcode="56070", country_code="DE")),
        payment_terms=PaymentTerms(text="Zahlbar innerhalb von 30 Tagen ohne Abzug."),
        payment=replace(PAYMENT, remittance_information=number),
    )


def skonto_invoice(number: str = "RE-2026-0002") -> Invoice:
    """Payment terms with two Skonto steps (3 % within 10 days, 2 % within 14 days)."""
    return replace(standard_invoice(number), payment_terms=PaymentTerms(
        text="Zahlbar innerhalb von 30 Tagen netto.",
        skonto=(Skonto(10, D("3.00")), Skonto(14, D("2.00"))),
    ))


def multi_rate_invoice(number: str = "RE-2026-0003") -> Invoice:
    """19 % and 7 % lines, a document allowance and a freight charge on the 19 % row."""
    base = standard_invoice(number, lines=2)
    lines = base.lines + (_line(3, "40", "H87", "12.49", "Technische Dokumentation (gedruckt)", rate="7"),
                          _line(4, "3", "H87", "19.99", "Fachbuch Fertigungstechnik", rate="7"))
    return replace(base, lines=lines, allowances_charges=(
        AllowanceCharge(charge=False, base_amount=D("4999.60"), percent=D("2.5"), reason="Mengenrabatt",
                        reason_code="95", vat_category=S, vat_rate=D("19")),
        AllowanceCharge(charge=True, amount=D("85.00"), reason="Fracht", reason_code="FC",
                        vat_category=S, vat_rate=D("19")),
    ))


def reverse_charge_invoice(number: str = "RE-2026-0004") -> Invoice:
    """Services to a French company: VAT category AE, the buyer owes the VAT (Art. 196 VAT Directive)."""
    base = standard_invoice(number, lines=2)
    lines = tuple(replace(line, vat_category=AE, vat_rate=D("0")) for line in base.lines)
    return replace(base, buyer=FOREIGN_BUYER, lines=lines, buyer_reference="AMB-2026-118",
                   exemptions=(VatExemption(AE, "Steuerschuldnerschaft des Leistungsempfängers", "VATEX-EU-AE"),))


def exempt_invoice(number: str = "RE-2026-0005") -> Invoice:
    """A training course exempt from VAT under § 4 Nr. 21 UStG (category E) next to a taxed line."""
    base = standard_invoice(number, lines=1)
    lines = base.lines + (_line(2, "2", "DAY", "950.00", "Schulung Wartung LB-40", category=E, rate="0"),)
    return replace(base, lines=lines, exemptions=(
        VatExemption(E, "Steuerfrei nach § 4 Nr. 21 UStG"),))


def credit_note(number: str = "GS-2026-0001") -> Invoice:
    """A credit note (381) for one returned part of RE-2026-0001."""
    base = standard_invoice(number, lines=1)
    line = replace(base.lines[0], quantity=D("1"), net_amount=None)
    return replace(base, type_code="381", lines=(line,), due_date=None,
                   preceding_invoices=(PrecedingInvoice("RE-2026-0001", date(2026, 11, 30)),),
                   payment_terms=PaymentTerms(text="Der Betrag wird mit der nächsten Zahlung verrechnet."),
                   notes=(Note("Gutschrift für ein zurückgesandtes Teil (Reklamation 77).", "AAI"),))


def every_kind() -> dict[str, Invoice]:
    """One invoice per kind, by name (the tests run each through every syntax and both rule sets)."""
    return {
        "standard": standard_invoice(), "skonto": skonto_invoice(), "multi_rate": multi_rate_invoice(),
        "reverse_charge": reverse_charge_invoice(), "exempt": exempt_invoice(), "credit_note": credit_note(),
    }
