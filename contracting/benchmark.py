"""Data and HTTP clients of contracting's benchmark commands (bench_calloffs, bench_tracking).

The data is marked `CTBENCH-` (organizations' registration ids, users' e-mail domain) and removed before each run.
The contract is drawn up and signed through the services, from a final award written straight to the tables.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from marketplace.models import Award, AwardState, Bid, BidLot, BidState, Lot, LotState, Tender, TenderState
from organizations.models import CpvCode, Membership, MembershipRole, Organization, PlatformRole, User
from organizations.vocabulary import cpv_vocabulary_load

from . import services
from .models import Contract, Delivery, DeliveryLine, Order, OrderLine, TrackingEvent

PREFIX = "CTBENCH-"
EMAIL_DOMAIN = "@ctbench.alx.example"


@dataclass
class BenchWorld:
    officer: User
    supplier_user: User
    contract: Contract


def bench_data_delete() -> int:
    """Remove every bench row, children first."""
    organizations = Organization.objects.filter(registration_id__startswith=PREFIX)
    contracts = Contract.objects.filter(buyer__in=organizations)
    with transaction.atomic():
        deleted = TrackingEvent.objects.filter(delivery__order__contract__in=contracts).delete()[0]
        deleted += DeliveryLine.objects.filter(delivery__order__contract__in=contracts).delete()[0]
        deleted += Delivery.objects.filter(order__contract__in=contracts).delete()[0]
        deleted += OrderLine.objects.filter(order__contract__in=contracts).delete()[0]
        deleted += Order.objects.filter(contract__in=contracts).delete()[0]
        deleted += contracts.delete()[0]
        deleted += Award.objects.filter(lot__tender__buyer__in=organizations).delete()[0]
        deleted += Tender.objects.filter(buyer__in=organizations).delete()[0]
        deleted += Bid.objects.filter(bidder__in=organizations).delete()[0]
        deleted += User.objects.filter(email__endswith=EMAIL_DOMAIN).delete()[0]
        deleted += organizations.delete()[0]
    return deleted


def _organization(kind: str, name: str) -> Organization:
    return Organization.objects.create(kind=kind, legal_name=name, country="DE", registration_id=f"{PREFIX}{name}")


def _user(organization: Organization, name: str, role: str | None = None) -> User:
    user = User.objects.create_user(email=f"{name}{EMAIL_DOMAIN}", password=None, full_name=name)
    Membership.objects.create(user=user, organization=organization, role=MembershipRole.ADMIN)
    if role:
        PlatformRole.objects.create(user=user, role=role)
    return user


@transaction.atomic
def bench_world(*, max_value: Decimal, quantity: Decimal = Decimal("1000000")) -> BenchWorld:
    """A buyer with an officer, a supplier with an admin, and an active framework contract with the ceiling."""
    if not CpvCode.objects.filter(code="63120000").exists():
        cpv_vocabulary_load()
    buyer = _organization("authority", "Bench Procurement Office")
    supplier = _organization("company", "Bench Supplier GmbH")
    officer = _user(buyer, "officer", "procurement_officer")
    supplier_user = _user(supplier, "supplier")
    now = timezone.now()
    tender = Tender.objects.create(
        buyer=buyer,
        title="BENCH framework for storage",
        description="benchmark",
        main_cpv_id="63120000",
        performance_country="DE",
        place_of_performance="Bremerhaven",
        enquiry_deadline=now - timedelta(days=3),
        submission_deadline=now - timedelta(days=2),
        opening_at=now - timedelta(days=2),
        state=TenderState.AWARDED,
    )
    lot = Lot.objects.create(
        tender=tender,
        number=1,
        title="Storage",
        cpv_id="63120000",
        quantity=quantity,
        unit="pallets",
        state=LotState.AWARDED,
    )
    bid = Bid.objects.create(tender=tender, bidder=supplier, state=BidState.SUBMITTED, submitted_at=now)
    offer = BidLot.objects.create(bid=bid, lot=lot, price=max_value)
    Award.objects.create(
        lot=lot, offer=offer, state=AwardState.FINAL, score=Decimal("100"), standstill_until=now, finalised_at=now
    )
    contract = services.contract_draft(
        tender=tender, supplier=supplier, by=officer, framework=True, max_value=max_value
    )
    revision = contract.revisions.get()
    services.contract_sign(revision=revision, by=officer)
    services.contract_sign(revision=revision, by=supplier_user)
    contract.refresh_from_db()
    return BenchWorld(officer=officer, supplier_user=supplier_user, contract=contract)


def bench_deliveries(world: BenchWorld, *, count: int) -> list[int]:
    """`count` deliveries of one unit each from one confirmed order."""
    order = services.order_place(
        contract=world.contract,
        by=world.officer,
        lines=[
            {
                "description": "Pallet storage",
                "quantity": str(count),
                "unit": "XPX",
                "unit_price": "1",
                "delivery_date": world.contract.period_end,
                "delivery_place": "Bremerhaven",
            }
        ],
    )
    services.order_confirm(order=order, by=world.supplier_user)
    line = order.lines.get()
    return [
        services.delivery_create(
            order=order, by=world.supplier_user, lines=[{"order_line": line.pk, "quantity": "1"}]
        ).pk
        for _ in range(count)
    ]


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


@dataclass
class Tally:
    statuses: list[int] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    bodies: list[dict] = field(default_factory=list)
    wall: float = 0.0

    def count(self, status: int) -> int:
        return self.statuses.count(status)

    @property
    def server_errors(self) -> int:
        return sum(1 for status in self.statuses if status >= 500 or status == 0)


def _post(conn: http.client.HTTPConnection, path: str, body: dict, token: str) -> tuple[int, dict, float]:
    data = json.dumps(body).encode()
    began = time.perf_counter()
    try:
        conn.request(
            "POST",
            path,
            body=data,
            headers={
                "Authorization": f"Token {token}",
                "Content-Type": "application/json",
                "Accept": "application/json",
            },
        )
        response = conn.getresponse()
        raw = response.read()
        status = response.status
    except OSError:
        return 0, {}, time.perf_counter() - began
    try:
        parsed = json.loads(raw or b"{}")
    except ValueError:
        parsed = {}
    return status, parsed, time.perf_counter() - began


def post_concurrently(*, port: int, path: str, bodies: list[dict], token: str, timeout: float) -> Tally:
    """One thread and connection per body, released together by a barrier."""
    barrier = threading.Barrier(len(bodies) + 1)
    tally, lock = Tally(), threading.Lock()

    def client(body: dict) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        try:
            barrier.wait(timeout=timeout)
            status, parsed, seconds = _post(conn, path, body, token)
        except threading.BrokenBarrierError:
            status, parsed, seconds = 0, {}, 0.0
        finally:
            conn.close()
        with lock:
            tally.statuses.append(status)
            tally.latencies.append(seconds)
            tally.bodies.append(parsed)

    threads = [threading.Thread(target=client, args=(body,), daemon=True) for body in bodies]
    for thread in threads:
        thread.start()
    barrier.wait(timeout=timeout)
    began = time.perf_counter()
    for thread in threads:
        thread.join(max(0.1, began + timeout - time.perf_counter()))
    tally.wall = time.perf_counter() - began
    return tally


def post_in_turn(*, port: int, path: str, bodies: list[dict], token: str, clients: int) -> Tally:
    """`clients` keep-alive connections working through `bodies` one request at a time each."""
    queue, tally, lock = list(reversed(bodies)), Tally(), threading.Lock()

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while True:
            with lock:
                if not queue:
                    break
                body = queue.pop()
            status, parsed, seconds = _post(conn, path, body, token)
            with lock:
                tally.statuses.append(status)
                tally.latencies.append(seconds)
                tally.bodies.append(parsed)
        conn.close()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    tally.wall = time.perf_counter() - began
    return tally
