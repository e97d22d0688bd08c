"""ViewSets of the loghubs API: hubs for planners, nAP, JCC and hub operator endpoints, the movement planner."""

from .hubs import HubViewSet
from .jcc import JccConflictViewSet, JccRequestViewSet, JccUtilisationViewSet
from .nap import NapBookingViewSet, NapHubViewSet, NapOfferViewSet, NapRequestViewSet
from .operator import OperatorBookingViewSet, OperatorRequestViewSet, OperatorServiceViewSet
from .planner import PlannerViewSet

__all__ = [
    "HubViewSet",
    "JccConflictViewSet",
    "JccRequestViewSet",
    "JccUtilisationViewSet",
    "NapBookingViewSet",
    "NapHubViewSet",
    "NapOfferViewSet",
    "NapRequestViewSet",
    "OperatorBookingViewSet",
    "OperatorRequestViewSet",
    "OperatorServiceViewSet",
    "PlannerViewSet",
]
