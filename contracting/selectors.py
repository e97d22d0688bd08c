"""Reads of contracts, orders, deliveries and their events, narrowed in SQL to what the user may see.

One rule, written once: a contract is visible to the members of its buyer and its supplier, and — when the
supplier is a consortium — to the members of the consortium's current member organizations
(`roles.party_organization_ids`, a subquery). Orders, deliveries, events and proofs follow their contract.
"""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from loghubs import roles as hub_roles
from loghubs.models import Booking
from organizations.models import User

from . import roles
from .models import (
    Contract,
    ContractLine,
    ContractRevision,
    ContractSignature,
    Delivery,
    DeliveryLine,
    DeliveryState,
    Order,
    OrderLine,
    OrderState,
    TrackingEvent,
)


def _visible(user: User | None, prefix: str = "") -> Q:
    parties = roles.party_organization_ids(user)
    return Q(**{f"{prefix}buyer_id__in": parties}) | Q(**{f"{prefix}supplier_id__in": parties})


def contract_list_visible_to(*, user: User | None) -> QuerySet[Contract]:
    return (
        Contract.objects.filter(_visible(user))
        .select_related("buyer", "supplier", "tender")
        .order_by("-created_at", "-id")
    )


def contract_detail(*, contract: Contract) -> Contract:
    """A visible contract with what its page shows: lines, revisions with signatures, lots, orders."""
    return (
        Contract.objects.select_related("buyer", "supplier", "tender")
        .prefetch_related(
            Prefetch("lines", ContractLine.objects.order_by("position")),
            Prefetch(
                "revisions",
                ContractRevision.objects.order_by("-number").prefetch_related(
                    Prefetch("signatures", ContractSignature.objects.select_related("organization", "signed_by"))
                ),
            ),
            "lots__lot",
            "tender__documents",
        )
        .get(pk=contract.pk)
    )


def order_list_visible_to(*, user: User | None) -> QuerySet[Order]:
    return (
        Order.objects.filter(_visible(user, "contract__"))
        .select_related("contract__buyer", "contract__supplier")
        .prefetch_related(Prefetch("lines", OrderLine.objects.order_by("position")))
        .order_by("-created_at", "-id")
    )


def orders_to_deliver(*, user: User) -> QuerySet[Order]:
    """The supplier's board: placed or confirmed orders of contracts the user's organizations supply."""
    return (
        order_list_visible_to(user=user)
        .filter(
            contract__supplier_id__in=roles.party_organization_ids(user),
            state__in=[OrderState.PLACED, OrderState.CONFIRMED, OrderState.SHIPPED],
        )
        .order_by("lines__delivery_date", "id")
        .distinct()
    )


def delivery_list_visible_to(*, user: User | None) -> QuerySet[Delivery]:
    return (
        Delivery.objects.filter(_visible(user, "order__contract__"))
        .select_related(
            "order__contract__buyer", "order__contract__supplier", "booking__slot__service__hub", "proof", "acceptance"
        )
        .prefetch_related(Prefetch("lines", DeliveryLine.objects.select_related("order_line")))
        .order_by("-created_at", "-id")
    )


def deliveries_to_accept(*, user: User) -> QuerySet[Delivery]:
    """The buyer's queue: delivered deliveries of contracts the user's organizations buy, oldest first."""
    parties = roles.party_organization_ids(user)
    return (
        delivery_list_visible_to(user=user)
        .filter(order__contract__buyer_id__in=parties, state=DeliveryState.DELIVERED)
        .order_by("delivered_at", "id")
    )


def event_list_visible_to(*, user: User | None) -> QuerySet[TrackingEvent]:
    return (
        TrackingEvent.objects.filter(_visible(user, "delivery__order__contract__"))
        .select_related("hub")
        .order_by("occurred_at", "id")
    )


def delivery_timeline(*, delivery: Delivery) -> list[dict]:
    """The delivery's events and its hub stop (from the linked LogHubs booking), sorted by when they happened.
    Two queries whatever the number of events."""
    entries = [
        {
            "at": e.occurred_at,
            "kind": e.kind,
            "label": e.get_kind_display(),
            "location": e.location,
            "hub": e.hub.name if e.hub else "",
            "reason": e.reason,
            "source": e.source,
            "event": e,
        }
        for e in delivery.events.select_related("hub").order_by("occurred_at", "id")
    ]
    booking = delivery.booking
    if booking is not None:
        hub = booking.slot.service.hub
        entries.append(
            {
                "at": booking.checked_in_at or booking.slot.start,
                "kind": "hub_stop",
                "label": booking.get_state_display(),
                "location": hub.name,
                "hub": hub.name,
                "reason": "",
                "source": "loghubs",
                "booking": booking,
            }
        )
    return sorted(entries, key=lambda entry: entry["at"])


def contracts_served_by_booking(*, user: User, booking: Booking) -> QuerySet[Contract]:
    """For the JCC (and the booking's nAP): the contracts whose deliveries travel on the booking."""
    if not (hub_roles.is_jcc(user) or hub_roles.is_nap_of(user, booking.offer.request.nation_id)):
        return Contract.objects.none()
    return (
        Contract.objects.filter(orders__deliveries__booking=booking)
        .select_related("buyer", "supplier")
        .distinct()
        .order_by("id")
    )


def booking_links_for_jcc(*, user: User) -> QuerySet[Delivery]:
    """Every delivery linked to a LogHubs booking, for JCC coordinators."""
    if not hub_roles.is_jcc(user):
        return Delivery.objects.none()
    return (
        Delivery.objects.filter(booking__isnull=False)
        .select_related(
            "booking__slot__service__hub",
            "booking__offer__request",
            "order__contract__buyer",
            "order__contract__supplier",
        )
        .order_by("booking_id", "id")
    )
