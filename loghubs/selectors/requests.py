"""Reads of requests, offers and bookings, narrowed in SQL to what the user may see.

A nation's nAP sees what the nation filed and what the JCC routed to the nation's hubs; JCC coordinators see
every request that left its draft; hub operators see the bookings at the hubs they run.

The `*_visibility` conditions below are the one statement of who may see a request, an offer or a booking: the
lists filter by them, the pages look objects up through `visible_*`, and the permission rules
(loghubs/permissions.py) ask `may_view_*`, which evaluate the same condition against the object's row. A draft is
not yet filed, so only the nation's own nAP sees it — not the JCC, not a hub.
"""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from organizations.models import User

from .. import roles
from ..models import (
    Booking,
    CargoLine,
    ConflictDecision,
    Hub,
    HubService,
    Offer,
    OfferSlot,
    RequestState,
    ServiceRequest,
)

_NOTHING = Q(pk__in=[])


def request_visibility(user: User) -> Q:
    """Requests the user may see: their nations' own (drafts too); once filed, the JCC sees every request and the
    hub side (the nAP of the hub's nation, the hub's operators) those routed to its hubs."""
    if user is None or not user.is_authenticated:
        return _NOTHING
    if user.is_superuser:
        return Q()
    nations = roles.nap_nation_ids(user)
    filed = (
        Q()
        if roles.is_jcc(user)
        else (Q(routed_to__nation_id__in=nations) | Q(routed_to_id__in=roles.operated_hub_ids(user)))
    )
    return Q(nation_id__in=nations) | (~Q(state=RequestState.DRAFT) & filed)


def offer_visibility(user: User) -> Q:
    """Offers the user may see: both nations' nAPs (requesting and offering) and the JCC."""
    if user is None or not user.is_authenticated:
        return _NOTHING
    if user.is_superuser or roles.is_jcc(user):
        return Q()
    nations = roles.nap_nation_ids(user)
    return Q(request__nation_id__in=nations) | Q(hub__nation_id__in=nations)


def booking_visibility(user: User) -> Q:
    """Bookings the user may see: the requesting nation's nAP, the hub side (its nation's nAP, its operators), the
    JCC."""
    if user is None or not user.is_authenticated:
        return _NOTHING
    if user.is_superuser or roles.is_jcc(user):
        return Q()
    nations = roles.nap_nation_ids(user)
    return (
        Q(offer__request__nation_id__in=nations)
        | Q(offer__hub__nation_id__in=nations)
        | Q(offer__hub_id__in=roles.operated_hub_ids(user))
    )


def _matches(model, condition: Q, obj) -> bool:
    # A rule is asked about one object the caller already holds: one indexed lookup by primary key.
    return model.objects.filter(condition, pk=obj.pk).exists()


def may_view_request(*, user: User, service_request: ServiceRequest) -> bool:
    return _matches(ServiceRequest, request_visibility(user), service_request)


def may_view_offer(*, user: User, offer: Offer) -> bool:
    return _matches(Offer, offer_visibility(user), offer)


def may_view_booking(*, user: User, booking: Booking) -> bool:
    return _matches(Booking, booking_visibility(user), booking)


def visible_request(*, user: User, pk: int) -> ServiceRequest | None:
    """One request the user may see, with what its page shows; None for anyone else (→ 404)."""
    return (
        ServiceRequest.objects.select_related("nation", "target_hub__nation", "routed_to__nation")
        .filter(request_visibility(user), pk=pk)
        .first()
    )


def visible_offer(*, user: User, pk: int) -> Offer | None:
    return (
        Offer.objects.select_related("request__nation", "hub__nation", "service")
        .filter(offer_visibility(user), pk=pk)
        .first()
    )


def visible_booking(*, user: User, pk: int) -> Booking | None:
    return (
        Booking.objects.select_related("slot__service__hub", "offer__request__nation")
        .filter(booking_visibility(user), pk=pk)
        .first()
    )


def may_see_nation(*, user: User, nation_id: int) -> bool:
    """The nation-scoped endpoints answer the nation's nAP operators and the JCC; everyone else gets 404."""
    return roles.is_nap_of(user, nation_id) or roles.is_jcc(user)


def _with_details(queryset: QuerySet[ServiceRequest]) -> QuerySet[ServiceRequest]:
    return queryset.select_related("nation", "target_hub__nation", "routed_to__nation").prefetch_related(
        Prefetch("cargo_lines", CargoLine.objects.order_by("position"))
    )


def nation_direction(*, nation_id: int, direction: str = "") -> Q:
    """`outgoing`: the requests the nation filed; `incoming`: those routed to its hubs (never a draft); else
    both. The nAP list and its `direction` filter ask this one condition."""
    outgoing = Q(nation_id=nation_id)
    incoming = Q(routed_to__nation_id=nation_id) & ~Q(state=RequestState.DRAFT)
    return {"outgoing": outgoing, "incoming": incoming}.get(direction, outgoing | incoming)


def request_list_for_nation(*, user: User, nation_id: int, direction: str = "") -> QuerySet[ServiceRequest]:
    """`outgoing`: requests the nation filed; `incoming`: requests routed to the nation's hubs; else both."""
    if not may_see_nation(user=user, nation_id=nation_id):
        return ServiceRequest.objects.none()
    condition = nation_direction(nation_id=nation_id, direction=direction)
    queryset = ServiceRequest.objects.filter(condition).filter(request_visibility(user))
    return _with_details(queryset).order_by("-created_at", "-id")


def request_list_for_jcc(*, user: User) -> QuerySet[ServiceRequest]:
    """Every request that left its draft, for JCC coordinators."""
    if not roles.is_jcc(user):
        return ServiceRequest.objects.none()
    return _with_details(
        ServiceRequest.objects.filter(request_visibility(user)).exclude(state=RequestState.DRAFT)
    ).order_by("-created_at", "-id")


def conflict_decision_list(*, user: User) -> QuerySet[ConflictDecision]:
    """The JCC's recorded conflict decisions, newest first; JCC coordinators only."""
    if not roles.is_jcc(user):
        return ConflictDecision.objects.none()
    return ConflictDecision.objects.select_related("hub", "decided_by").order_by("-decided_at", "-id")


def cancellations_awaiting(*, user: User) -> QuerySet[ServiceRequest]:
    """Cancellations asked for after the cut-off that wait for the hub side's answer at the hubs the user acts for
    (the nAP of the hub's nation or its operators)."""
    hubs = Hub.objects.filter(Q(nation_id__in=roles.nap_nation_ids(user)) | Q(pk__in=roles.operated_hub_ids(user)))
    return (
        ServiceRequest.objects.filter(routed_to__in=hubs, cancellation_requested_at__isnull=False)
        .select_related("nation", "routed_to")
        .order_by("cancellation_requested_at", "id")
    )


def request_list_for_operator(*, user: User) -> QuerySet[ServiceRequest]:
    """Requests booked at the hubs the user runs (to schedule them and answer late cancellations)."""
    return _with_details(
        ServiceRequest.objects.filter(
            routed_to__in=roles.operated_hubs(user),
            state__in=[
                RequestState.ACCEPTED,
                RequestState.SCHEDULED,
                RequestState.IN_EXECUTION,
                RequestState.COMPLETED,
            ],
        )
    ).order_by("-created_at", "-id")


def _offers(queryset: QuerySet[Offer]) -> QuerySet[Offer]:
    return queryset.select_related("request__nation", "hub__nation", "service").prefetch_related(
        Prefetch("slot_rows", OfferSlot.objects.select_related("slot").order_by("slot__start"))
    )


def offer_list_for_nation(*, user: User, nation_id: int, details: bool = True) -> QuerySet[Offer]:
    """Offers the nation received for its requests and offers it made for its hubs (`details`: with everything an
    answer shows; without, just enough to decide permissions — what acceptance needs, fast)."""
    if not may_see_nation(user=user, nation_id=nation_id):
        return Offer.objects.none()
    queryset = Offer.objects.filter(Q(request__nation_id=nation_id) | Q(hub__nation_id=nation_id))
    queryset = _offers(queryset) if details else queryset.select_related("request", "hub")
    return queryset.order_by("-created_at", "-id")


def _bookings(queryset: QuerySet[Booking]) -> QuerySet[Booking]:
    return queryset.select_related("slot__service__hub", "offer__request__nation")


def booking_list_for_nation(*, user: User, nation_id: int) -> QuerySet[Booking]:
    """Bookings of the nation's requests and bookings at the nation's hubs."""
    if not may_see_nation(user=user, nation_id=nation_id):
        return Booking.objects.none()
    return _bookings(
        Booking.objects.filter(Q(offer__request__nation_id=nation_id) | Q(offer__hub__nation_id=nation_id))
    ).order_by("-created_at", "-id")


def booking_list_visible_to(*, user: User) -> QuerySet[Booking]:
    """Every booking the user may see (`booking_visibility`), with its request, hub and slot, soonest first."""
    return _bookings(Booking.objects.filter(booking_visibility(user))).order_by("slot__start", "id")


def booking_list_for_operator(*, user: User) -> QuerySet[Booking]:
    return _bookings(Booking.objects.filter(offer__hub__in=roles.operated_hubs(user))).order_by("slot__start", "id")


def hub_list(*, nation_id: int | None = None, active_only: bool = True) -> QuerySet[Hub]:
    """Hubs and their services are known to every signed-in planner."""
    queryset = Hub.objects.select_related("nation", "operator").prefetch_related(
        Prefetch("services", HubService.objects.order_by("kind", "pk"))
    )
    if active_only:
        queryset = queryset.filter(is_active=True)
    if nation_id is not None:
        queryset = queryset.filter(nation_id=nation_id)
    return queryset.order_by("name", "id")
