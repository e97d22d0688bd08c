"""Factur-X / ZUGFeRD: a readable PDF of the invoice (fpdf2) with its CII XML embedded (the factur-x package).

The embedded XML is the invoice's CII with BT-24 as the model has it: XRechnung 3.0 by default (what
ZUGFeRD 2.3 calls its XRECHNUNG profile, and what German public buyers read out of the PDF), or the bare
EN 16931 id for the Factur-X EN 16931 profile. factur-x checks the XML against the Factur-X EN 16931 XSD
and writes the XMP metadata and the attachment (factur-x.xml, relationship "Data"). fpdf2 does not
produce PDF/A-3 itself (no ICC output intent), so strict PDF/A validators may still object; the XML
inside is what buyers' systems process.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO

import facturx
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from pypdf import PdfReader

from core.pdf import PDF_ENCODING, pdf_text

from .cii import to_cii
from .model import Invoice, Party
from .xmlutil import InvoiceXMLError, amount

MAX_PDF_BYTES = 20 * 1024 * 1024


def _day(value: date | None) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else ""


def _money(value: Decimal, currency: str) -> str:
    return f"{amount(value)} {currency}"


def _party_lines(party: Party) -> list[str]:
    a = party.address
    lines = [party.name, a.line1, a.line2, a.line3, f"{a.postcode} {a.city}".strip(), a.country_code]
    if party.vat_id:
        lines.append(_("VAT id: %(id)s") % {"id": party.vat_id})
    return [line for line in lines if line]


def render_pdf(invoice: Invoice) -> bytes:
    """The invoice as a person reads it: parties, references, lines, VAT breakdown, totals, payment."""
    pdf = FPDF(format="A4")
    pdf.core_fonts_encoding = PDF_ENCODING
    pdf.set_creator("ALX")
    pdf.set_producer("ALX")
    pdf.set_lang(get_language() or "en")
    pdf.set_margins(18, 16, 18)
    pdf.add_page()
    pdf.set_font("Helvetica", size=9)
    for line in _party_lines(invoice.seller):
        pdf.cell(0, 4.5, pdf_text(line), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(6)
    pdf.set_font("Helvetica", size=10)
    for line in _party_lines(invoice.buyer):
        pdf.cell(0, 5, pdf_text(line), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(6)
    title = _("Credit note %(number)s") if invoice.is_credit_note else _("Invoice %(number)s")
    pdf.set_font("Helvetica", style="B", size=15)
    pdf.cell(0, 8, pdf_text(title % {"number": invoice.number}), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", size=9)
    facts = [
        (_("Issue date"), _day(invoice.issue_date)),
        (_("Due date"), _day(invoice.due_date)),
        (_("Buyer reference (Leitweg-ID)"), invoice.buyer_reference),
        (_("Contract"), invoice.contract_reference),
        (_("Order"), invoice.order_reference),
        (_("Delivery date"), _day(invoice.delivery.date) if invoice.delivery else ""),
        (_("Preceding invoice"), ", ".join(p.number for p in invoice.preceding_invoices)),
    ]
    for label, value in facts:
        if value:
            pdf.cell(55, 4.5, pdf_text(label))
            pdf.cell(0, 4.5, pdf_text(value), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)
    with pdf.table(
        col_widths=(8, 60, 16, 12, 22, 12, 24),
        line_height=4.5,
        text_align=("LEFT", "LEFT", "RIGHT", "LEFT", "RIGHT", "RIGHT", "RIGHT"),
    ) as table:
        header = table.row()
        for text in (_("No."), _("Item"), _("Quantity"), _("Unit"), _("Net price"), _("VAT %"), _("Net amount")):
            header.cell(pdf_text(text))
        for line in invoice.lines:
            row = table.row()
            rate = "" if line.vat_rate is None else f"{line.vat_rate:f}"
            for text in (
                line.id,
                line.item_name,
                f"{line.quantity:f}",
                line.unit_code,
                f"{line.net_price:f}",
                f"{line.vat_category} {rate}",
                amount(line.net_amount),
            ):
                row.cell(pdf_text(text))
    _sums_and_payment(pdf, invoice)
    return bytes(pdf.output())


def _sums_and_payment(pdf: FPDF, invoice: Invoice) -> None:
    """Totals, VAT rows with exemption reasons, payment terms with Skonto, the account to pay to."""
    cur = invoice.currency
    pdf.ln(3)
    t = invoice.totals
    sums = [(_("Sum of line net amounts"), t.line_net)]
    if invoice.allowances_charges:
        sums += [(_("Allowances"), -t.allowances), (_("Charges"), t.charges)]
    sums += [(_("Total without VAT"), t.tax_exclusive)]
    for row in invoice.vat_breakdown:
        label = _("VAT %(category)s %(rate)s %% on %(base)s") % {
            "category": row.category,
            "rate": "" if row.rate is None else f"{row.rate:f}",
            "base": amount(row.taxable_amount),
        }
        sums.append((label, row.tax_amount))
    sums += [(_("Total with VAT"), t.tax_inclusive)]
    if t.prepaid:
        sums.append((_("Paid in advance"), -t.prepaid))
    sums.append((_("Amount due"), t.payable))
    for label, value in sums:
        pdf.cell(130, 5, pdf_text(label), align="R")
        pdf.cell(0, 5, pdf_text(_money(value, cur)), align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    for row in invoice.vat_breakdown:
        if row.exemption_reason or row.exemption_code:
            pdf.multi_cell(
                0,
                4.5,
                pdf_text(f"{row.category}: {row.exemption_reason} {row.exemption_code}".strip()),
                new_x=XPos.LMARGIN,
                new_y=YPos.NEXT,
            )
    pdf.ln(3)
    if invoice.payment_terms:
        terms = invoice.payment_terms
        text = [terms.text] + [
            _("%(percent)s %% discount (Skonto) when paid within %(days)s days")
            % {"percent": s.percent, "days": s.days}
            for s in terms.skonto
        ]
        pdf.multi_cell(0, 4.5, pdf_text("\n".join(x for x in text if x)), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if invoice.payment:
        for transfer in invoice.payment.transfers:
            pdf.multi_cell(
                0,
                4.5,
                pdf_text(
                    _("Please transfer to IBAN %(iban)s %(bic)s, reference %(ref)s")
                    % {"iban": transfer.iban, "bic": transfer.bic, "ref": invoice.payment.remittance_information}
                ),
                new_x=XPos.LMARGIN,
                new_y=YPos.NEXT,
            )


def to_facturx(invoice: Invoice) -> bytes:
    """The readable PDF with the invoice's CII embedded as factur-x.xml (Factur-X / ZUGFeRD, EN 16931 level)."""
    xml = to_cii(invoice)
    return facturx.generate_from_binary(
        render_pdf(invoice),
        xml,
        flavor="factur-x",
        level="en16931",
        check_xsd=True,
        pdf_metadata={
            "author": invoice.seller.name,
            "keywords": "Factur-X, ZUGFeRD, XRechnung",
            "title": f"{invoice.seller.name}: {invoice.number}",
            "subject": f"{invoice.seller.name} {invoice.number}",
        },
        lang=get_language() or "en",
    )


def xml_from_facturx(data: bytes) -> bytes:
    """The embedded XML of a Factur-X / ZUGFeRD / XRechnung PDF, unparsed (parse it with read_invoice)."""
    if not data.startswith(b"%PDF"):
        raise InvoiceXMLError(_("The file is not a PDF."), element="file")
    if len(data) > MAX_PDF_BYTES:
        raise InvoiceXMLError(_("The PDF is larger than 20 MB."), element="file")
    try:
        PdfReader(BytesIO(data))  # refuse a broken PDF with our message before factur-x logs its own
        _name, xml = facturx.get_xml_from_pdf(data, check_xsd=False)
    except Exception as exc:
        raise InvoiceXMLError(
            _("The PDF could not be read: %(reason)s") % {"reason": str(exc)[:200]}, element="file"
        ) from exc
    if not xml:
        raise InvoiceXMLError(_("The PDF carries no Factur-X, ZUGFeRD or XRechnung XML."), element="file")
    return xml
