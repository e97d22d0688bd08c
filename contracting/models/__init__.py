"""Contracting's models: contracts and their revisions, call-off orders, deliveries and tracking."""

from .contracts import (
    AMENDABLE_STATES,
    CONTRACT_LANGUAGES,
    CONTRACT_TRANSITIONS,
    Contract,
    ContractLine,
    ContractLot,
    ContractRevision,
    ContractSignature,
    ContractState,
)
from .deliveries import (
    DECIDED_STATES,
    DELIVERY_TRANSITIONS,
    TRACKABLE_STATES,
    Acceptance,
    AcceptanceOutcome,
    Delivery,
    DeliveryLine,
    DeliveryState,
    EventKind,
    EventSource,
    ProofOfDelivery,
    TrackingEvent,
)
from .orders import ORDER_TRANSITIONS, Order, OrderLine, OrderState

__all__ = [
    "AMENDABLE_STATES", "CONTRACT_LANGUAGES", "CONTRACT_TRANSITIONS", "DECIDED_STATES", "DELIVERY_TRANSITIONS",
    "ORDER_TRANSITIONS",
    "TRACKABLE_STATES", "Acceptance", "AcceptanceOutcome", "Contract", "ContractLine", "ContractLot",
    "ContractRevision", "ContractSignature", "ContractState", "Delivery", "DeliveryLine", "DeliveryState",
    "EventKind", "EventSource", "Order", "OrderLine", "OrderState", "ProofOfDelivery", "TrackingEvent",
]
