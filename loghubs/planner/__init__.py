"""The movement planner over the hub corridor graph, and dual-use overflow suggestions from the marketplace."""

from .overflow import civilian_capacity_near, distance_km
from .route import FullService, Leg, NeededBooking, RoutePlan, route_plan

__all__ = ["FullService", "Leg", "NeededBooking", "RoutePlan", "civilian_capacity_near", "distance_km", "route_plan"]
