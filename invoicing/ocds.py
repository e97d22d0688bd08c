"""Payments as OCDS implementation transactions of their contract: contributed to contracting's release builder
through its registry (contracting sits below invoicing and cannot import it); registered in apps.ready()."""

from __future__ import annotations

from typing import Any

from contracting.ocds import amount, organization_reference, register_transaction_source

from .models import Payment


@register_transaction_source
def contract_payments(contract) -> list[dict[str, Any]]:
    """Every payment recorded against an invoice of the contract, buyer to seller (a consortium is paid as one;
    its members' shares are the payout statement's business, not the contract's)."""
    payments = (
        Payment.objects.filter(invoice__contract_id=contract.pk)
        .select_related("invoice__buyer", "invoice__seller")
        .order_by("paid_on", "id")
    )
    return [
        {
            "id": f"payment-{payment.pk}",
            "date": f"{payment.paid_on.isoformat()}T00:00:00Z",
            "value": {"amount": amount(payment.amount), "currency": payment.invoice.currency},
            "payer": organization_reference(payment.invoice.buyer),
            "payee": organization_reference(payment.invoice.seller),
        }
        for payment in payments
    ]
