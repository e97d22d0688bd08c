"""One entry point for documents in and out: read UBL or CII bytes into the model, write the model in a syntax."""

from __future__ import annotations

from .cii import to_cii
from .model import Invoice
from .parse_cii import from_cii
from .parse_ubl import from_ubl
from .ubl import to_ubl
from .validation import check_structure

SYNTAXES = ("UBL", "CII")
CONTENT_TYPE = "application/xml"


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
