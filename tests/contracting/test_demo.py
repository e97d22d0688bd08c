"""The demo loader adds a signed framework contract with an order and deliveries, once."""

import pytest
from django.core.management import call_command

from contracting.models import Contract, ContractState, DeliveryState

pytestmark = pytest.mark.django_db


def test_demo_contract_loads_once(cpv, compliance_data):
    call_command("seed_demo")
    call_command("seed_demo_marketplace")
    call_command("seed_demo_contracting")
    call_command("seed_demo_contracting")
    contract = Contract.objects.get()
    assert contract.state == ContractState.ACTIVE
    assert contract.is_framework
    states = sorted(d.state for d in contract.orders.get().deliveries.all())
    assert states == sorted([DeliveryState.IN_TRANSIT, DeliveryState.DELIVERED])
