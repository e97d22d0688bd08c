"""Dual-use overflow: civilian capacity listings from the marketplace near a hub whose service is full."""

from __future__ import annotations

import math
from datetime import datetime
from decimal import Decimal

from django.db.models import Q

from compliance.selectors import badges_valid_on
from marketplace.models import ListingKind, ListingState
from marketplace.selectors import listing_search
from organizations.models import User

from ..models import Hub, ServiceKind

# Which marketplace listings can stand in for a hub service.
LISTING_KINDS = {
    ServiceKind.STORAGE: [ListingKind.STORAGE],
    ServiceKind.TRANSSHIPMENT: [ListingKind.TRANSSHIPMENT],
    ServiceKind.MAINTENANCE: [ListingKind.MAINTENANCE],
    ServiceKind.REFUELLING: [ListingKind.OTHER],
    ServiceKind.SUPPLY: [ListingKind.OTHER],
}
EARTH_RADIUS_KM = 6371.0


def distance_km(lat1, lon1, lat2, lon2) -> float:
    """Great-circle distance (haversine)."""
    phi1, phi2 = math.radians(float(lat1)), math.radians(float(lat2))
    d_phi, d_lambda = phi2 - phi1, math.radians(float(lon2) - float(lon1))
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def civilian_capacity_near(
    *, user: User, hub: Hub, service_kind: str, start: datetime, end: datetime, radius_km: int = 150, limit: int = 5
) -> list[dict]:
    """Published listings the user may see, of a kind that can replace the service, available in the period:
    those with coordinates within `radius_km` of the hub (nearest first), then those serving the hub's country
    without coordinates. Each names its provider's valid badges."""
    kinds = LISTING_KINDS.get(service_kind, [])
    if not kinds or user is None:
        return []
    base = listing_search(user=user, kinds=kinds, available_from=start.date(), available_until=end.date()).filter(
        state=ListingState.PUBLISHED
    )
    lat, lon = hub.latitude, hub.longitude
    d_lat = Decimal(str(round(radius_km / 111.0, 5)))
    d_lon = Decimal(str(round(radius_km / (111.0 * max(math.cos(math.radians(float(lat))), 0.01)), 5)))
    near = []
    for listing in base.filter(latitude__range=(lat - d_lat, lat + d_lat), longitude__range=(lon - d_lon, lon + d_lon))[
        :200
    ]:
        distance = distance_km(lat, lon, listing.latitude, listing.longitude)
        if distance <= radius_km:
            near.append((round(distance, 1), listing))
    near.sort(key=lambda pair: (pair[0], pair[1].pk))
    country = str(hub.nation.country)
    if len(near) < limit:
        area = base.filter(Q(latitude__isnull=True) | Q(longitude__isnull=True)).filter(
            Q(country=country) | Q(service_area__contains=[country])
        )
        near += [(None, listing) for listing in area[: limit - len(near)]]
    near = near[:limit]
    badges: dict[int, list[str]] = {}
    for organization_id, kind in (
        badges_valid_on()
        .filter(organization_id__in={listing.provider_id for _d, listing in near})
        .values_list("organization_id", "kind")
    ):
        badges.setdefault(organization_id, []).append(kind)
    return [
        {
            "listing": listing.pk,
            "title": listing.title,
            "kind": listing.kind,
            "provider": listing.provider_id,
            "provider_name": listing.provider.legal_name,
            "provider_badges": sorted(set(badges.get(listing.provider_id, []))),
            "distance_km": distance,
            "address": listing.address,
            "country": str(listing.country or ""),
            "available_from": listing.available_from,
            "available_until": listing.available_until,
            "quantity": listing.quantity,
            "unit": listing.unit,
            "price_indication": listing.price_indication,
        }
        for distance, listing in near
    ]
