"""Call-offs under contention with real parallel PostgreSQL connections: twenty officers' orders race for a
framework with room for exactly seven — seven are placed, thirteen get a clear `ceiling_exceeded` refusal, and
the running total equals the sum of the placed orders."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from contracting.models import Contract, Order
from core.api.errors import status_for
from core.errors import ApplicationError
from tests.contracting.factories import deal

THREADS = 20
ROOM = 7


@pytest.mark.django_db(transaction=True)
def test_parallel_call_offs_never_exceed_the_framework_ceiling(cpv, compliance_data):
    d = deal()
    contract = d.signed(framework=True, max_value=str(ROOM * 100), max_quantity=str(ROOM * 10))
    barrier = threading.Barrier(THREADS)
    results: list[str] = []
    lock = threading.Lock()

    def call_off():
        try:
            barrier.wait(timeout=30)
            d.order(contract, quantity="10", unit_price="10")
            outcome = "placed"
        except ApplicationError as error:
            outcome = f"{status_for(error.code)} {error.code}"
        except Exception as error:  # noqa: BLE001 - any other failure is what the test looks for
            outcome = f"error {error!r}"
        finally:
            connection.close()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=call_off) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(results) == THREADS
    assert results.count("placed") == ROOM, results
    assert sorted(r for r in results if r != "placed") == ["409 ceiling_exceeded"] * (THREADS - ROOM)
    contract = Contract.objects.get(pk=contract.pk)
    assert contract.ordered_value == Decimal(ROOM * 100)
    assert contract.ordered_quantity == Decimal(ROOM * 10)
    assert sorted(Order.objects.filter(contract=contract).values_list("number", flat=True)) == list(range(1, ROOM + 1))
