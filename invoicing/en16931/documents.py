"""One entry point for documents in and out: read UBL or CII bytes into the model, write the model in a syntax."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .cii import to_cii
from .model import Invoice
from .parse_cii import from_cii
from .parse_ubl import from_ubl
from .pdf import xml_from_facturx
from .ubl import to_ubl
from .validation import ValidationReport, check_structure, validate_parsed
from .xmlutil import InvoiceXMLError

SYNTAXES = ("UBL", "CII")
XML_CONTENT_TYPES = ("application/xml", "text/xml")
PDF_CONTENT_TYPE = "application/pdf"


@dataclass(frozen=True)
class Inspection:
    """A received document read and checked: the model, the syntax (UBL, CII, FACTURX), its XML, the rules' report,
    and the bytes as received (the PDF for Factur-X)."""

    invoice: Invoice
    syntax: str
    xml: bytes
    report: ValidationReport
    received: bytes


def read_invoice(data: bytes, *, expected: str | None = None) -> tuple[Invoice, str]:
    """Parse untrusted UBL or CII XML into the model; returns it with the syntax found.

    Raises InvoiceXMLError (a 400 with the element concerned) for malformed XML, a DOCTYPE (entity
    expansion, external entities), an unknown root or namespace, a syntax other than `expected`, and
    required elements that are missing or unreadable.
    """
    root, syntax = check_structure(data, expected=expected)
    return (from_ubl(root) if syntax == "UBL" else from_cii(root)), syntax


def write_invoice(invoice: Invoice, syntax: str) -> bytes:
    """The invoice as UBL or CII XML bytes."""
    if syntax not in SYNTAXES:
        raise ValueError(f"unknown syntax {syntax!r}")
    return to_ubl(invoice) if syntax == "UBL" else to_cii(invoice)


def inspect(data: bytes, *, content_type: str, expected: str | None = None) -> Inspection:
    """Read and validate an inbound document: UBL or CII XML, or a Factur-X / ZUGFeRD PDF (its CII is checked).

    Refusals (unreadable, hostile or mislabelled input) raise InvoiceXMLError; rule failures do not, they are
    in the report.
    """
    media = content_type.split(";", 1)[0].strip().lower()
    received = data
    if media == PDF_CONTENT_TYPE:
        data, expected, label = xml_from_facturx(data), "CII", "FACTURX"
    elif media in XML_CONTENT_TYPES:
        label = ""
    else:
        raise InvoiceXMLError(
            _("Send the invoice as application/xml (UBL or CII) or application/pdf (Factur-X)."), element="content_type"
        )
    root, syntax = check_structure(data, expected=expected)  # parsed once, for the model and for the rules
    invoice = from_ubl(root) if syntax == "UBL" else from_cii(root)
    return Inspection(invoice, label or syntax, data, validate_parsed(root, syntax, data), received)
