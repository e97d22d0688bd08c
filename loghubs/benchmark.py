"""Benchmark data for `manage.py bench_booking`, and its client: concurrent acceptances against a live server.

Every row belongs to a nation whose registration id starts with `LHBENCH-` (or to a user at
`@bench-loghubs.invalid`), so it can be removed without touching anything else. Requests and offers are written
directly in the offered state (the benchmark measures acceptance, not filing); every acceptance goes through the
API, the service and the database exactly as in production.
"""

from __future__ import annotations

import http.client
import json
import math
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from datetime import time as day_time
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from organizations.models import Organization, OrganizationKind, PlatformRole, PlatformRoleKind, User

from .models import Booking, Hub, HubService, Offer, OfferSlot, RequestState, ServiceRequest, Slot

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


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q between 0 and 1); 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered), max(1, math.ceil(q * len(ordered)))) - 1]


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


@dataclass
class Outcome:
    status: int  # 0: no HTTP answer
    kind: str  # the error `type`, or "" on success
    seconds: float


@dataclass
class Tally:
    outcomes: list[Outcome] = field(default_factory=list)
    wall: float = 0.0

    @property
    def confirmed(self) -> int:
        return sum(1 for o in self.outcomes if o.status == 201)

    @property
    def refused(self) -> int:
        return sum(1 for o in self.outcomes if o.status == 409 and o.kind == "capacity_taken")

    @property
    def server_errors(self) -> int:
        return sum(1 for o in self.outcomes if o.status == 0 or o.status >= 500)

    @property
    def other(self) -> int:
        return len(self.outcomes) - self.confirmed - self.refused - self.server_errors

    def latency_ms(self, q: float) -> float:
        return percentile([o.seconds for o in self.outcomes], q) * 1000


def _accept(conn: http.client.HTTPConnection, path: str, headers: dict[str, str]) -> Outcome:
    began = time.perf_counter()
    try:
        conn.request("POST", path, body=b"", headers=headers)
        response = conn.getresponse()
        body = response.read()
        kind = ""
        if response.status >= 400:
            try:
                kind = json.loads(body).get("type", "")
            except ValueError:
                kind = "unparsable"
        return Outcome(response.status, kind, time.perf_counter() - began)
    except (OSError, http.client.HTTPException) as error:
        conn.close()
        return Outcome(0, type(error).__name__, time.perf_counter() - began)


def accept_concurrently(*, port: int, paths: list[str], token: str, timeout: float) -> Tally:
    """One thread and connection per path, released together by a barrier; bounded by `timeout` seconds."""
    headers = {"Authorization": f"Token {token}", "Accept": "application/json", "Content-Length": "0"}
    barrier = threading.Barrier(len(paths) + 1)
    tally, lock = Tally(), threading.Lock()

    def client(path: str) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        try:
            barrier.wait(timeout=timeout)
            outcome = _accept(conn, path, headers)
        except threading.BrokenBarrierError:
            outcome = Outcome(0, "not started", 0.0)
        finally:
            conn.close()
        with lock:
            tally.outcomes.append(outcome)

    threads = [threading.Thread(target=client, args=(path,), daemon=True) for path in paths]
    for thread in threads:
        thread.start()
    barrier.wait(timeout=timeout)
    began = time.perf_counter()
    deadline = began + timeout
    for thread in threads:
        thread.join(max(0.1, deadline - time.perf_counter()))
    tally.wall = time.perf_counter() - began
    missing = len(paths) - len(tally.outcomes)
    tally.outcomes += [Outcome(0, "timeout", timeout)] * missing
    return tally


def accept_in_turn(*, port: int, paths: list[str], token: str, clients: int) -> Tally:
    """`clients` keep-alive connections working through `paths` one request at a time each."""
    headers = {"Authorization": f"Token {token}", "Accept": "application/json", "Content-Length": "0"}
    queue, tally, lock = list(reversed(paths)), Tally(), threading.Lock()

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while True:
            with lock:
                if not queue:
                    break
                path = queue.pop()
            outcome = _accept(conn, path, headers)
            with lock:
                tally.outcomes.append(outcome)
        conn.close()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    tally.wall = time.perf_counter() - began
    return tally
