"""Permission matrix of the contracting API: role (the buyer's procurement officer and plain member, the
supplier's administrator and plain member, a member of another organization, anonymous) × endpoint → status.

Someone else's contract, order or delivery answers 404 (it does not exist for them); a party without the right
role gets 403 from the service; a reference in a body to an object the user cannot see is a 400 field error.
Each endpoint's world is built once through the services; each role's request runs in a savepoint that is rolled
back, so every role meets the same state.
"""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from rest_framework.test import APIClient

from contracting import services
from contracting.models import Order
from tests.contracting.factories import deal, final_award, photo

pytestmark = pytest.mark.django_db

ROLES = ["officer", "buyer_member", "supplier_admin", "supplier_member", "stranger", "anonymous"]
PARTIES = {"stranger": 404, "anonymous": 401}
BUYER_OFFICER = {**PARTIES, "buyer_member": 403, "supplier_admin": 403, "supplier_member": 403}
BUYER = {**PARTIES, "supplier_admin": 403, "supplier_member": 403}
SUPPLIER = {**PARTIES, "officer": 403, "buyer_member": 403}
SIGNATORIES = {**PARTIES, "buyer_member": 403, "supplier_member": 403}
LIST = {"anonymous": 401}
C = "/api/v1/contracting/"
# endpoint: (method, path, body key, {role: status}); roles not listed expect the default.
ENDPOINTS = {
    "contracts list": ("get", C + "contracts/", None, LIST, 200),
    "contract detail": ("get", C + "contracts/{contract}/", None, PARTIES, 200),
    "contract pdf": ("get", C + "contracts/{contract}/pdf/", None, PARTIES, 200),
    "contract ocds": ("get", C + "contracts/{contract}/ocds/", None, PARTIES, 200),
    "contract draft": ("post", C + "contracts/", "draft", {**BUYER_OFFICER, "stranger": 403}, 201),
    "contract sign": ("post", C + "contracts/{draft}/sign/", "empty", SIGNATORIES, 200),
    "contract amend": ("post", C + "contracts/{contract}/amend/", "amend", SIGNATORIES, 201),
    "contract terminate": ("post", C + "contracts/{contract}/terminate/", "reason", BUYER_OFFICER, 200),
    "orders list": ("get", C + "orders/", None, LIST, 200),
    "order place": ("post", C + "orders/", "order", {**BUYER_OFFICER, "stranger": 400}, 201),
    "order detail": ("get", C + "orders/{order}/", None, PARTIES, 200),
    "order confirm": ("post", C + "orders/{placed}/confirm/", None, SUPPLIER, 200),
    "order cancel": ("post", C + "orders/{placed}/cancel/", "reason", BUYER_OFFICER, 200),
    "deliveries list": ("get", C + "deliveries/", None, LIST, 200),
    "delivery announce": ("post", C + "deliveries/", "delivery", {**SUPPLIER, "stranger": 400}, 201),
    "delivery detail": ("get", C + "deliveries/{delivery}/", None, PARTIES, 200),
    "delivery events": ("get", C + "deliveries/{delivery}/events/", None, PARTIES, 200),
    "delivery event report": ("post", C + "deliveries/{delivery}/events/", "event", SUPPLIER, 201),
    "delivery proof": ("post", C + "deliveries/{delivery}/proof/", "proof", SUPPLIER, 201),
    "delivery proof file": ("get", C + "deliveries/{arrived}/proof-file/", None, PARTIES, 200),
    "delivery accept": ("post", C + "deliveries/{arrived}/accept/", "empty", BUYER, 200),
    "delivery unlink booking": ("post", C + "deliveries/{delivery}/booking/", "unlink", BUYER, 200),
    "events list": ("get", C + "events/", None, LIST, 200),
    "events bulk": (
        "post",
        C + "events/bulk/",
        "bulk",
        {**SUPPLIER, "officer": 400, "buyer_member": 400, "stranger": 400},
        200,
    ),
    "units": ("get", C + "units/", None, LIST, 200),
    "booking links": ("get", C + "booking-links/", None, LIST, 200),
}


@pytest.fixture
def world(cpv, compliance_data):
    d = deal(lots=2)
    _lot1, _lot2 = d.tender.lots.order_by("number")
    contract = services.contract_draft(tender=d.tender, supplier=d.supplier, by=d.officer)
    services.contract_sign(revision=contract.revisions.get(), by=d.officer)
    services.contract_sign(revision=contract.revisions.get(), by=d.supplier_admin)
    # A second tender gives a second, unsigned contract.
    other_tender = final_award(d.buyer, d.officer, d.supplier, d.supplier_admin)
    draft = services.contract_draft(tender=other_tender, supplier=d.supplier, by=d.officer)
    placed = d.order(contract, quantity="5")
    order = d.confirmed_order(contract, quantity="10")
    delivery = d.delivery(order, quantity="4")
    arrived = d.delivery(order, quantity="6")
    services.proof_record(
        delivery=arrived,
        by=d.supplier_member,
        receiver_name="Sgt. Weber",
        received_at=timezone.now(),
        place="Munster",
        upload=photo(),
    )
    ids = {
        "contract": contract.pk,
        "draft": draft.pk,
        "order": order.pk,
        "placed": placed.pk,
        "delivery": delivery.pk,
        "arrived": arrived.pk,
    }
    line = order.lines.get()
    bodies = {
        "empty": {},
        "reason": {"reason": "Budget moved."},
        "unlink": {"booking": None},
        "draft": {"tender": d.tender.pk, "supplier": d.supplier.pk},
        "amend": {"reason": "Extended", "period_end": (contract.period_end + timedelta(days=30)).isoformat()},
        "order": {
            "contract": contract.pk,
            "lines": [
                {
                    "description": "Storage",
                    "quantity": "1",
                    "unit": "XPX",
                    "unit_price": "10",
                    "delivery_date": contract.period_end.isoformat(),
                    "delivery_place": "Bremerhaven",
                }
            ],
        },
        "delivery": {"order": placed.pk, "lines": [{"order_line": placed.lines.get().pk, "quantity": "1"}]},
        "event": {"delivery": delivery.pk, "kind": "picked_up", "external_id": "page-1"},
        "bulk": {
            "events": [
                {
                    "delivery": delivery.pk,
                    "kind": "in_transit",
                    "external_id": "tm-1",
                    "occurred_at": timezone.now().isoformat(),
                }
            ]
        },
        "proof": "multipart",
    }
    # The draft endpoint needs a tender with a final award not under contract yet.
    d.tender = final_award(d.buyer, d.officer, d.supplier, d.supplier_admin)
    bodies["draft"]["tender"] = d.tender.pk
    return d, ids, bodies, line


def _user(d, role):
    return {
        "officer": d.officer,
        "buyer_member": d.buyer_member,
        "supplier_admin": d.supplier_admin,
        "supplier_member": d.supplier_member,
        "stranger": d.stranger,
        "anonymous": None,
    }[role]


@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
def test_contracting_permission_matrix(world, endpoint):
    d, ids, bodies, _line = world
    method, template, body_key, expected, default = ENDPOINTS[endpoint]
    if endpoint == "delivery announce":
        services.order_confirm(order=_placed(ids), by=d.supplier_admin)
    wrong = []
    for role in ROLES:
        client = APIClient()
        user = _user(d, role)
        if user is not None:
            client.force_authenticate(user)
        body = bodies.get(body_key) if body_key else None
        with transaction.atomic():
            if body == "multipart":
                response = client.post(
                    template.format(**ids),
                    {
                        "receiver_name": "Cpl. Lange",
                        "received_at": timezone.now().isoformat(),
                        "place": "Depot",
                        "file": photo(),
                    },
                    format="multipart",
                )
            else:
                response = getattr(client, method)(template.format(**ids), body, format="json")
            transaction.set_rollback(True)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
            for close in response._resource_closers:  # not response.close(): it fires request_finished
                close()
        wanted = expected.get(role, default)
        if response.status_code != wanted:
            wrong.append((role, wanted, response.status_code, response.content[:200]))
        if response.status_code >= 400 and response.status_code != 401:
            assert set(response.json()) == {"type", "detail", "errors"}, response.content
    assert not wrong, (endpoint, wrong)


def _placed(ids):
    return Order.objects.get(pk=ids["placed"])


def test_lists_show_only_the_parties_objects(world, client_for):
    d, ids, _bodies, _line = world
    assert client_for(d.stranger).get(C + "contracts/").json()["results"] == []
    assert client_for(d.stranger).get(C + "deliveries/").json()["results"] == []
    assert client_for(d.stranger).get(C + "events/").json()["results"] == []
    assert {c["id"] for c in client_for(d.supplier_member).get(C + "contracts/").json()["results"]} == {
        ids["contract"],
        ids["draft"],
    }
