"""Contracting's writes: keyword-only functions, one transaction each, audited (see each module)."""

from .amendments import contract_amend, contract_complete, contract_terminate
from .contracts import (
    contract_draft,
    contract_language_for,
    contract_link,
    contract_terms,
    contracts_draft_for_final_awards,
)
from .deliveries import (
    deliveries_flag_overdue,
    delivery_create,
    delivery_link,
    delivery_link_booking,
    may_link_booking,
    proof_record,
)
from .ocds import contract_publish
from .orders import order_cancel, order_confirm, order_link, order_place
from .receipts import delivery_accept
from .signing import contract_sign, contracts_activate
from .tracking import MAX_BATCH, tracking_ingest, tracking_record

__all__ = [
    "MAX_BATCH",
    "contract_amend",
    "contract_complete",
    "contract_draft",
    "contract_language_for",
    "contract_link",
    "contract_publish",
    "contract_sign",
    "contract_terminate",
    "contract_terms",
    "contracts_activate",
    "contracts_draft_for_final_awards",
    "deliveries_flag_overdue",
    "delivery_accept",
    "delivery_create",
    "delivery_link",
    "delivery_link_booking",
    "may_link_booking",
    "order_cancel",
    "order_confirm",
    "order_link",
    "order_place",
    "proof_record",
    "tracking_ingest",
    "tracking_record",
]
