"""Benchmark data for `manage.py bench_booking`: offers to race for one slot, and offers on slots of their own.

Every row belongs to a nation whose registration id starts with `LHBENCH-` (or to a user at
`@bench-loghubs.invalid`), so it can be removed without touching anything else. Requests and offers are written
directly in the offered state (the benchmark measures acceptance, not filing); every acceptance goes through the
API, the service and the database exactly as in production.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from datetime import time as day_time
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from loghubs.models import Booking, Hub, HubService, Offer, OfferSlot, RequestState, ServiceRequest, Slot
from organizations.models import Organization, OrganizationKind, PlatformRole, PlatformRoleKind, User

PREFIX = "LHBENCH-"
EMAIL_DOMAIN = "@bench-loghubs.invalid"
REQUESTER_EMAIL = "nap" + EMAIL_DOMAIN


@dataclass
class BenchData:
    requester: Organization
    user: User
    contended_slot: Slot
    contended_offers: list[int]
    free_offers: list[int]


def bench_data_delete() -> int:
    """Remove every bench row, children first."""
    nations = Organization.objects.filter(registration_id__startswith=PREFIX)
    offers = Offer.objects.filter(hub__nation__in=nations)
    with transaction.atomic():
        deleted = Booking.objects.filter(offer__in=offers).delete()[0]
        deleted += ServiceRequest.objects.filter(nation__in=nations).delete()[0]  # offers and slot rows cascade
        deleted += Slot.objects.filter(service__hub__nation__in=nations).delete()[0]
        deleted += Hub.objects.filter(nation__in=nations).delete()[0]
        deleted += User.objects.filter(email__endswith=EMAIL_DOMAIN).delete()[0]
        deleted += nations.delete()[0]
    return deleted


def _offers(
    requester: Organization, host_hub: Hub, service: HubService, slots: list[Slot], label: str, valid_until: datetime
) -> list[int]:
    now = timezone.now()
    requests = ServiceRequest.objects.bulk_create(
        [
            ServiceRequest(
                nation=requester,
                requesting_unit=f"{label} {n}",
                service_kind=service.kind,
                target_hub=host_hub,
                routed_to=host_hub,
                period_start=slot.start,
                period_end=slot.end,
                quantity=1,
                mode_in="road",
                mode_out="road",
                state=RequestState.OFFERED,
                submitted_at=now,
                routed_at=now,
                jcc_reason="benchmark",
            )
            for n, slot in enumerate(slots)
        ]
    )
    offers = Offer.objects.bulk_create(
        [
            Offer(request=request, hub=host_hub, service=service, valid_until=valid_until, price=Decimal("100"))
            for request in requests
        ]
    )
    OfferSlot.objects.bulk_create(
        [OfferSlot(offer=offer, slot=slot, quantity=1) for offer, slot in zip(offers, slots, strict=True)]
    )
    return [offer.pk for offer in offers]


@transaction.atomic
def bench_data_generate(*, contenders: int = 500, capacity: int = 20, uncontended: int = 200) -> BenchData:
    """`contenders` offers for one slot of `capacity`, and `uncontended` offers each on a slot of its own."""
    host = Organization.objects.create(
        kind=OrganizationKind.NATION, legal_name="Bench host nation", country="LT", registration_id=PREFIX + "HOST"
    )
    requester = Organization.objects.create(
        kind=OrganizationKind.NATION,
        legal_name="Bench requesting nation",
        country="PL",
        registration_id=PREFIX + "REQUESTER",
    )
    user = User.objects.create_user(REQUESTER_EMAIL, None, full_name="Bench nAP operator")
    PlatformRole.objects.create(user=user, role=PlatformRoleKind.NAP_OPERATOR, nation=requester)
    host_hub = Hub.objects.create(
        nation=host,
        name="Bench hub",
        city="Kaunas",
        latitude=Decimal("54.9"),
        longitude=Decimal("24.0"),
        modes=["road"],
    )
    start = timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=3), day_time.min))
    contended = HubService.objects.create(
        hub=host_hub, kind="storage", name="Contended storage", unit="teu", capacity_per_slot=capacity, slot_hours=24
    )
    slot = Slot.objects.create(service=contended, start=start, end=start + timedelta(days=1), capacity=capacity)
    spread = HubService.objects.create(
        hub=host_hub,
        kind="transshipment",
        name="Uncontended transshipment",
        unit="teu",
        capacity_per_slot=5,
        slot_hours=1,
    )
    slots = Slot.objects.bulk_create(
        [
            Slot(service=spread, start=start + timedelta(hours=n), end=start + timedelta(hours=n + 1), capacity=5)
            for n in range(uncontended)
        ]
    )
    valid_until = timezone.now() + timedelta(days=1)
    return BenchData(
        requester=requester,
        user=user,
        contended_slot=slot,
        contended_offers=_offers(requester, host_hub, contended, [slot] * contenders, "Contender", valid_until),
        free_offers=_offers(requester, host_hub, spread, slots, "Uncontended", valid_until),
    )
