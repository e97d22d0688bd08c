"""An invoice's document in the syntax asked for: XRechnung UBL or CII (application/xml), Factur-X (application/pdf)."""

from __future__ import annotations

from .en16931.documents import write_invoice
from .en16931.pdf import to_facturx
from .models import Invoice, Syntax
from .services.outbound import stored_model

CONTENT_TYPES = {Syntax.UBL: "application/xml", Syntax.CII: "application/xml", Syntax.FACTURX: "application/pdf"}


def invoice_rendition(*, invoice: Invoice, syntax: str) -> tuple[bytes, str, str]:
    """(bytes, content type, file name). The stored document goes out unchanged when it is in that syntax."""
    syntax = Syntax(syntax)
    if invoice.syntax == syntax:
        data = bytes(invoice.document)
    elif syntax == Syntax.FACTURX:
        data = to_facturx(stored_model(invoice))
    else:
        data = write_invoice(stored_model(invoice), syntax)
    extension = "pdf" if syntax == Syntax.FACTURX else "xml"
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in invoice.number)
    return data, CONTENT_TYPES[syntax], f"{safe}-{syntax.lower()}.{extension}"
