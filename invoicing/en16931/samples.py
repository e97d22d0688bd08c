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
    Payee,
    PaymentInstructions,
    PaymentTerms,
    PrecedingInvoice,
    Skonto,
    SupportingDocument,
    TaxRepresentative,
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
    means_code="58",
    remittance_information="RE-2026-0001",
    transfers=(
        CreditTransfer(iban="DE02120300000000202051", account_name="Lausitz Präzisionsteile GmbH", bic="BYLADEM1001"),
    ),
)


def _line(n: int, qty: str, unit: str, price: str, name: str, category=S, rate: str | None = "19", **kw) -> InvoiceLine:
    return InvoiceLine(
        id=str(n),
        quantity=D(qty),
        unit_code=unit,
        net_price=D(price),
        item_name=name,
        vat_category=category,
        vat_rate=None if rate is None else D(rate),
        **kw,
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
        built.append(
            _line(
                i + 1,
                qty,
                unit,
                price,
                name,
                seller_item_id=sku,
                order_line_reference=str(i + 1),
                description=f"Lieferung zu Bestellposition {i + 1}",
            )
        )
    return Invoice(
        number=number,
        issue_date=issue,
        seller=SELLER,
        buyer=BUYER,
        lines=tuple(built),
        due_date=issue + timedelta(days=30),
        buyer_reference="991-01234-56",
        contract_reference="ALX-K-2026-0042",
        order_reference="ALX-B-2026-0042-07",
        notes=(Note("Lieferung gemäß Rahmenvertrag ALX-K-2026-0042.", "AAI"),),
        period_start=issue.replace(day=1),
        period_end=issue,
        delivery=Delivery(
            date=issue - timedelta(days=2),
            name="Materialdepot Koblenz",
            address=Address(line1="Depotweg 3", city="Koblenz", postcode="56070", country_code="DE"),
        ),
        payment_terms=PaymentTerms(text="Zahlbar innerhalb von 30 Tagen ohne Abzug."),
        payment=replace(PAYMENT, remittance_information=number),
    )


def skonto_invoice(number: str = "RE-2026-0002") -> Invoice:
    """Payment terms with two Skonto steps (3 % within 10 days, 2 % within 14 days)."""
    return replace(
        standard_invoice(number),
        payment_terms=PaymentTerms(
            text="Zahlbar innerhalb von 30 Tagen netto.",
            skonto=(Skonto(10, D("3.00")), Skonto(14, D("2.00"))),
        ),
    )


def multi_rate_invoice(number: str = "RE-2026-0003") -> Invoice:
    """19 % and 7 % lines, a document allowance and a freight charge on the 19 % row."""
    base = standard_invoice(number, lines=2)
    lines = (
        *base.lines,
        _line(3, "40", "H87", "12.49", "Technische Dokumentation (gedruckt)", rate="7"),
        _line(4, "3", "H87", "19.99", "Fachbuch Fertigungstechnik", rate="7"),
    )
    return replace(
        base,
        lines=lines,
        allowances_charges=(
            AllowanceCharge(
                charge=False,
                base_amount=D("4999.60"),
                percent=D("2.5"),
                reason="Mengenrabatt",
                reason_code="95",
                vat_category=S,
                vat_rate=D("19"),
            ),
            AllowanceCharge(
                charge=True, amount=D("85.00"), reason="Fracht", reason_code="FC", vat_category=S, vat_rate=D("19")
            ),
        ),
    )


def reverse_charge_invoice(number: str = "RE-2026-0004") -> Invoice:
    """Services to a French company: VAT category AE, the buyer owes the VAT (Art. 196 VAT Directive)."""
    base = standard_invoice(number, lines=2)
    lines = tuple(replace(line, vat_category=AE, vat_rate=D("0")) for line in base.lines)
    return replace(
        base,
        buyer=FOREIGN_BUYER,
        lines=lines,
        buyer_reference="AMB-2026-118",
        exemptions=(VatExemption(AE, "Steuerschuldnerschaft des Leistungsempfängers", "VATEX-EU-AE"),),
    )


def exempt_invoice(number: str = "RE-2026-0005") -> Invoice:
    """A training course exempt from VAT under § 4 Nr. 21 UStG (category E) next to a taxed line."""
    base = standard_invoice(number, lines=1)
    lines = (*base.lines, _line(2, "2", "DAY", "950.00", "Schulung Wartung LB-40", category=E, rate="0"))
    return replace(base, lines=lines, exemptions=(VatExemption(E, "Steuerfrei nach § 4 Nr. 21 UStG"),))


def credit_note(number: str = "GS-2026-0001") -> Invoice:
    """A credit note (381) for one returned part of RE-2026-0001."""
    base = standard_invoice(number, lines=1)
    line = replace(base.lines[0], quantity=D("1"), net_amount=None)
    return replace(
        base,
        type_code="381",
        lines=(line,),
        due_date=None,
        preceding_invoices=(PrecedingInvoice("RE-2026-0001", date(2026, 11, 30)),),
        payment_terms=PaymentTerms(text="Der Betrag wird mit der nächsten Zahlung verrechnet."),
        notes=(Note("Gutschrift für ein zurückgesandtes Teil (Reklamation 77).", "AAI"),),
    )


def every_kind() -> dict[str, Invoice]:
    """One invoice per kind, by name (the tests run each through every syntax and both rule sets)."""
    return {
        "standard": standard_invoice(),
        "skonto": skonto_invoice(),
        "multi_rate": multi_rate_invoice(),
        "reverse_charge": reverse_charge_invoice(),
        "exempt": exempt_invoice(),
        "credit_note": credit_note(),
        "direct_debit": direct_debit_invoice(),
        "complete": complete_invoice(),
    }


def direct_debit_invoice(number: str = "RE-2026-0007") -> Invoice:
    """Paid by SEPA direct debit (BG-19): mandate, creditor id, the buyer's debited account."""
    return replace(
        standard_invoice(number),
        payment=PaymentInstructions(
            means_code="59",
            means_text="SEPA-Lastschrift",
            remittance_information=number,
            mandate_reference="MANDAT-2026-17",
            creditor_id="DE98ZZZ09999999999",
            debited_account="DE75512108001245126199",
        ),
        payment_terms=PaymentTerms(text="Der Betrag wird am Fälligkeitstag per SEPA-Lastschrift eingezogen."),
    )


def complete_invoice(number: str = "RE-2026-0006") -> Invoice:
    """Every business term the model carries, filled: the round-trip tests prove none is lost on the way."""
    base = standard_invoice(number, lines=1)
    detailed = InvoiceLine(
        id="2",
        quantity=D("250"),
        unit_code="H87",
        net_price=D("11.40"),
        item_name="Sechskantschraube M12",
        vat_category=S,
        vat_rate=D("19"),
        base_quantity=D("100"),
        base_quantity_unit="H87",
        gross_price=D("12.00"),
        price_discount=D("0.60"),
        note="Charge 2026-47",
        object_id=Identifier("SN-0047-11", "AAA"),
        order_line_reference="7",
        buyer_accounting_reference="KST-4711",
        period_start=date(2026, 11, 1),
        period_end=date(2026, 11, 30),
        allowances_charges=(
            AllowanceCharge(charge=False, amount=D("1.50"), reason="Aktionsrabatt", reason_code="95"),
            AllowanceCharge(
                charge=True, base_amount=D("28.50"), percent=D("10"), reason="Verpackung", reason_code="ABL"
            ),
        ),
        description="DIN 933, 8.8, verzinkt",
        seller_item_id="M12-933",
        buyer_item_id="BW-5306-12",
        standard_item_id=Identifier("4012345000009", "0160"),
        classifications=(Identifier("44531000", "STI", ""),),
        origin_country="DE",
        attributes=(("Festigkeitsklasse", "8.8"), ("Oberfläche", "verzinkt")),
    )
    return replace(
        base,
        lines=(*base.lines, detailed),
        vat_point_date_code="35",
        project_reference="PRJ-LB40",
        sales_order_reference="AB-2026-311",
        receiving_advice_reference="WE-88812",
        despatch_advice_reference="LS-2026-0815",
        tender_reference="ALX-T-2026-0009-LOS2",
        invoiced_object=Identifier("ZV-77", "AAB"),
        buyer_accounting_reference="Kap. 1405 Titel 554 01",
        notes=(*base.notes, Note("Bitte Rechnungsnummer angeben.", "REG")),
        preceding_invoices=(PrecedingInvoice("RE-2026-0001", date(2026, 11, 30)),),
        payee=Payee(
            "Konsortium Lausitz-Sachsen (Federführung Lausitz Präzision)",
            Identifier("KLS-01"),
            Identifier("HRB 99887 CB"),
        ),
        tax_representative=TaxRepresentative(
            "Steuerberatung Cottbus GmbH",
            "DE987654321",
            Address(line1="Am Markt 1", city="Cottbus", postcode="03046", country_code="DE"),
        ),
        delivery=Delivery(
            name="Materialdepot Koblenz",
            location_id=Identifier("4000001000012", "0088"),
            date=date(2026, 11, 28),
            address=Address(
                line1="Depotweg 3",
                line2="Tor 2",
                line3="Halle 7",
                city="Koblenz",
                postcode="56070",
                subdivision="RP",
                country_code="DE",
            ),
        ),
        payment=replace(base.payment, means_text="SEPA-Überweisung"),
        supporting_documents=(
            SupportingDocument(
                "Aufmaß-2026-11",
                "Aufmaßblatt November",
                content=b"pos;menge\n1;4\n",
                mime_code="text/csv",
                filename="aufmass.csv",
            ),
            SupportingDocument("Zeichnung LB-40", uri="https://example.com/zeichnungen/lb-40.pdf"),
        ),
        allowances_charges=(
            AllowanceCharge(
                charge=True,
                amount=D("40.00"),
                reason="Expresszuschlag",
                reason_code="FC",
                vat_category=S,
                vat_rate=D("19"),
            ),
        ),
        prepaid_amount=D("1000.00"),
    )
