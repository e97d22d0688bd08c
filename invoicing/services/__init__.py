"""Writes of the invoicing app: store, draw up from accepted deliveries, import, credit, send, approve, pay."""

from .inbound import invoice_import
from .lifecycle import invoice_answer, invoice_approve, invoice_dispute, invoice_reject, payment_record
from .outbound import invoicable_quantities, invoice_credit_note, invoice_draft_from_order
from .store import invoice_send, invoice_store

__all__ = [
    "invoicable_quantities",
    "invoice_answer",
    "invoice_approve",
    "invoice_credit_note",
    "invoice_dispute",
    "invoice_draft_from_order",
    "invoice_import",
    "invoice_reject",
    "invoice_send",
    "invoice_store",
    "payment_record",
]
