"""Contracts in the integrator change feed: a follower sees each public change of a contract once, named by the
contract, in commit order like the tender events, and never a draft. The tests commit (transaction=True): one
transaction is one event per contract."""

import pytest
from rest_framework.test import APIClient

from contracting import services
from tests.contracting.factories import deal
from tests.marketplace.test_feed import follow


@pytest.mark.django_db(transaction=True)
def test_a_follower_sees_signing_amendment_deliveries_and_completion_but_no_draft(cpv, compliance_data):
    d = deal()
    client = APIClient()
    client.force_authenticate(d.stranger)
    _, cursor = follow(client)  # the tender's own events so far
    contract = d.draft()
    revision = contract.revisions.get()
    services.contract_sign(revision=revision, by=d.officer)
    assert follow(client, cursor)[0] == []  # a draft, half signed, is not public
    services.contract_sign(revision=revision, by=d.supplier_admin)
    amendment = services.contract_amend(
        contract=contract,
        by=d.supplier_admin,
        reason="Longer period",
        period_end=contract.period_end.replace(year=contract.period_end.year + 1),
    )
    services.contract_sign(revision=amendment, by=d.officer)
    services.contract_sign(revision=amendment, by=d.supplier_admin)
    order = d.confirmed_order(contract)
    d.delivery(order)
    seen, cursor = follow(client, cursor)
    assert [(e["kind"], e["contract_id"], e["tender_id"]) for e in seen] == [
        ("contract_signed", contract.pk, d.tender.pk),
        ("contract_amended", contract.pk, d.tender.pk),
        ("contract_updated", contract.pk, d.tender.pk),
    ]
    assert seen[0]["tender"]["id"] == d.tender.pk
    services.contract_terminate(contract=contract, by=d.officer, reason="Mission ended")
    seen, cursor = follow(client, cursor)
    assert [(e["kind"], e["contract_id"]) for e in seen] == [("contract_terminated", contract.pk)]
    assert client.get(cursor).json()["results"] == []
