"""Serializers of the loghubs API, one module per concept."""

from .hubs import (
    AvailabilitySerializer,
    CalendarSlotSerializer,
    HubSerializer,
    HubServiceSerializer,
    SlotSerializer,
    SlotsOpenedSerializer,
    SlotsOpenSerializer,
)
from .jcc import ConflictDecisionSerializer, ConflictResolveSerializer, ConflictSerializer, UtilisationSerializer
from .planner import CivilianCapacitySerializer, RouteInputSerializer, RoutePlanSerializer
from .requests import (
    BookingSerializer,
    CancellationDecisionSerializer,
    CargoLineSerializer,
    DecisionReasonSerializer,
    HubOfferSerializer,
    HubOfferWriteSerializer,
    OfferAcceptanceSerializer,
    RoutingSerializer,
    ScheduleNoteSerializer,
    ServiceRequestSerializer,
    ServiceRequestWriteSerializer,
)

__all__ = [
    "AvailabilitySerializer",
    "BookingSerializer",
    "CalendarSlotSerializer",
    "CancellationDecisionSerializer",
    "CargoLineSerializer",
    "CivilianCapacitySerializer",
    "ConflictDecisionSerializer",
    "ConflictResolveSerializer",
    "ConflictSerializer",
    "DecisionReasonSerializer",
    "HubOfferSerializer",
    "HubOfferWriteSerializer",
    "HubSerializer",
    "HubServiceSerializer",
    "OfferAcceptanceSerializer",
    "RouteInputSerializer",
    "RoutePlanSerializer",
    "RoutingSerializer",
    "ScheduleNoteSerializer",
    "ServiceRequestSerializer",
    "ServiceRequestWriteSerializer",
    "SlotSerializer",
    "SlotsOpenSerializer",
    "SlotsOpenedSerializer",
    "UtilisationSerializer",
]
