"""Browser pages of contracting, by concept: contracts, orders, deliveries. Every object comes from a selector
(someone else's → 404); every write calls a service."""

from .contracts import (
    contract_amend,
    contract_detail,
    contract_pdf,
    contract_sign,
    contract_terminate,
    index,
    tender_contracts,
)
from .deliveries import (
    accept_queue,
    delivery_accept,
    delivery_booking,
    delivery_create,
    delivery_detail,
    delivery_event,
    delivery_proof,
    delivery_proof_file,
    jcc_bookings,
)
from .orders import order_cancel, order_confirm, order_create, order_detail, orders_board

__all__ = [
    "accept_queue",
    "contract_amend",
    "contract_detail",
    "contract_pdf",
    "contract_sign",
    "contract_terminate",
    "delivery_accept",
    "delivery_booking",
    "delivery_create",
    "delivery_detail",
    "delivery_event",
    "delivery_proof",
    "delivery_proof_file",
    "index",
    "jcc_bookings",
    "order_cancel",
    "order_confirm",
    "order_create",
    "order_detail",
    "orders_board",
    "tender_contracts",
]
