"""Booking under contention with real parallel PostgreSQL connections: twelve nations' acceptances race for a slot
of capacity 3 — exactly three are booked, the others get a clear `capacity_taken` refusal."""

import threading

import pytest
from django.db import connection

from core.api.errors import status_for
from core.errors import ApplicationError
from loghubs import services
from loghubs.models import Booking, OfferState, Slot
from tests.loghubs.factories import hub, jcc_user, nap_of, nation, service, submitted

REQUESTERS = ["DE", "PL", "NL", "BE", "FR", "IT", "ES", "AT", "CZ", "SK", "HU", "RO"]
THREADS = len(REQUESTERS)
CAPACITY = 3


@pytest.mark.django_db(transaction=True)
def test_parallel_acceptances_never_overbook_a_slot(compliance_data):
    host = nation("LT")
    host_nap, jcc = nap_of(host), jcc_user()
    target = hub(host)
    storage = service(target, capacity=CAPACITY, days=1)
    slot = Slot.objects.get(service=storage)
    offers, requesters = [], []
    for index, code in enumerate(REQUESTERS):
        requester = nation(code)  # twelve nations, one request each
        nap = nap_of(requester)
        request = submitted(
            requester,
            nap,
            target,
            quantity=1,
            requesting_unit=f"Unit {index}",
            period_start=slot.start,
            period_end=slot.end,
        )
        services.request_route(request=request, by=jcc, reason="Released.")
        offers.append(services.offer_create(request=request, by=host_nap, slots=[{"slot": slot.pk, "quantity": 1}]))
        requesters.append(nap)

    barrier = threading.Barrier(THREADS)
    results: list[tuple[str, str]] = []
    lock = threading.Lock()

    def accept(offer, nap):
        try:
            barrier.wait(timeout=30)
            services.offer_accept(offer=offer, by=nap)
            outcome = ("booked", "")
        except ApplicationError as error:
            outcome = ("refused", f"{status_for(error.code)} {error.code}")
        except Exception as error:  # noqa: BLE001 - any other failure is what the test looks for
            outcome = ("error", repr(error))
        finally:
            connection.close()
        with lock:
            results.append(outcome)

    threads = [
        threading.Thread(target=accept, args=(offer, nap)) for offer, nap in zip(offers, requesters, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(results) == THREADS
    assert [kind for kind, _detail in results].count("booked") == CAPACITY, results
    assert sorted(detail for kind, detail in results if kind == "refused") == ["409 capacity_taken"] * (
        THREADS - CAPACITY
    )
    slot.refresh_from_db()
    assert slot.booked == CAPACITY
    assert Booking.objects.filter(slot=slot).count() == CAPACITY
    assert sum(1 for offer in offers if type(offer).objects.get(pk=offer.pk).state == OfferState.ACCEPTED) == CAPACITY
