"""List endpoints of the contracting API run a number of queries that does not grow with the page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.contracting.factories import deal, final_award

pytestmark = pytest.mark.django_db


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_list_queries_do_not_grow_with_the_rows(cpv, compliance_data, client_for):
    d = deal()
    contract = d.signed()
    order = d.confirmed_order(contract, quantity="20")
    d.delivery(order, quantity="1")
    api = client_for(d.supplier_member)
    paths = ["/api/v1/contracting/contracts/", "/api/v1/contracting/orders/", "/api/v1/contracting/deliveries/"]
    few = [_queries(api, path) for path in paths]
    for _ in range(3):
        tender = final_award(d.buyer, d.officer, d.supplier, d.supplier_admin)
        d.tender = tender
        d.signed()
        d.confirmed_order(contract, quantity="1")
        d.delivery(order, quantity="1")
    api = client_for(d.supplier_member)
    assert [_queries(api, path) for path in paths] == few
