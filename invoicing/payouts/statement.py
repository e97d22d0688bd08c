"""A consortium member's payout statement as CSV and as PDF (core/pdf.py, like the agreements and contracts).

Both list each payment to the consortium with the invoice, the paid amount, the member's agreed share and its
share of the payment, then the member's total per currency; in the language active when they are made.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.formatting import format_money
from core.pdf import pdf_section, signed_document_start

from .selectors import Statement


def _header() -> list[str]:
    return [_("Paid on"), _("Invoice"), _("Payment"), _("Agreed share (%)"), _("Basis"), _("Your share"), _("Currency")]


def statement_filename(statement: Statement, extension: str) -> str:
    return f"payouts-{statement.consortium.pk}-{statement.member.pk}.{extension}"


def statement_csv(statement: Statement) -> bytes:
    """One row per payment (ISO dates, amounts with a point), then one total row per currency."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_("Consortium"), statement.consortium.legal_name])
    writer.writerow([_("Member"), statement.member.legal_name])
    writer.writerow(_header())
    for row in statement.rows:
        invoice = row.payment.invoice
        writer.writerow(
            [
                row.payment.paid_on.isoformat(),
                invoice.number,
                f"{row.payment.amount:.2f}",
                f"{row.share:.2f}",
                row.get_basis_display(),
                f"{row.amount:.2f}",
                invoice.currency,
            ]
        )
    for currency, total in statement.totals:
        writer.writerow([_("Total"), "", "", "", "", f"{total:.2f}", currency])
    return out.getvalue().encode("utf-8-sig")  # the BOM lets spreadsheet programs read the umlauts


def _cell(value: str) -> str:
    return " ".join(str(value).split()).replace("|", "/")


def statement_pdf(statement: Statement) -> bytes:
    """The statement as an A4 PDF: title, parties, the table of payments and the totals."""
    language = translation.get_language() or "en"
    created: datetime = max(row.created_at for row in statement.rows)
    pdf = signed_document_start(
        title=_("Payout statement"),
        subtitle=_("%(member)s in %(consortium)s")
        % {"member": statement.member.legal_name, "consortium": statement.consortium.legal_name},
        footer=_("Payout statement of %(member)s") % {"member": statement.member.legal_name},
        page_words=_("page {page} of {pages}"),
        created_at=created,
        language=language[:2],
    )
    rows = ["| " + " | ".join(_header()[:-1]) + " |"]
    for row in statement.rows:
        invoice = row.payment.invoice
        rows.append(
            "| "
            + " | ".join(
                _cell(value)
                for value in (
                    date_format(row.payment.paid_on, "SHORT_DATE_FORMAT"),
                    invoice.number,
                    format_money(row.payment.amount, invoice.currency),
                    f"{row.share:.2f}",
                    row.get_basis_display(),
                    format_money(row.amount, invoice.currency),
                )
            )
            + " |"
        )
    pdf_section(pdf, _("Payments to the consortium and your share"), "\n".join(rows))
    totals = "\n".join(f"- {format_money(total, currency)}" for currency, total in statement.totals)
    made = date_format(timezone.localtime(created), "SHORT_DATETIME_FORMAT")
    pdf_section(
        pdf,
        _("Your total"),
        totals
        + "\n\n"
        + _(
            "Each payment is split by the agreed cost and profit shares of the consortium agreement; the shares "
            "of a payment add up to it exactly. Last payment recorded: %(when)s."
        )
        % {"when": made},
    )
    return bytes(pdf.output())
