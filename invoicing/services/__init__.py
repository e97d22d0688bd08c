"""Writes of the invoicing app: store, draw up from accepted deliveries, credit, send."""

from .outbound import invoicable_quantities, invoice_credit_note, invoice_draft_from_order
from .store import invoice_send, invoice_store

__all__ = ["invoicable_quantities", "invoice_credit_note", "invoice_draft_from_order", "invoice_send",
           "invoice_store"]
