"""Permission matrix of the invoicing API: role (the buyer's officer and plain member, the supplier's admin and
plain member, a member of another organization, anonymous) × endpoint → status.

Someone else's invoice answers 404 (a draft is the seller's own); a party on the wrong side gets 403 from the
service; a reference to an order the user cannot see is a 400 field error. Each endpoint's world is built once;
each role's request runs in an atomic block that is rolled back, so every role meets the same state.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.db import transaction
from django.utils import timezone
from rest_framework.test import APIClient

from invoicing import services
from invoicing.en16931.documents import write_invoice
from invoicing.services.outbound import build_from_order
from tests.invoicing.consortium import consortium_ready
from tests.invoicing.flow import ready_to_invoice
from tests.organizations.factories import OrganizationFactory, member_of

pytestmark = pytest.mark.django_db

ROLES = ["officer", "buyer_member", "supplier_admin", "supplier_member", "stranger", "anonymous"]
PARTIES = {"stranger": 404, "anonymous": 401}
BUYER = {**PARTIES, "supplier_admin": 403, "supplier_member": 403}
SELLER = {**PARTIES, "officer": 403, "buyer_member": 403}
SELLER_ONLY = {**SELLER, "officer": 404, "buyer_member": 404}  # drafts are invisible to the buyer
LIST = {"anonymous": 401}
API = "/api/v1/invoicing/invoices/"
ENDPOINTS = {
    "list": ("get", API, None, LIST, 200),
    "detail": ("get", API + "{sent}/", None, PARTIES, 200),
    "draft detail": ("get", API + "{draft}/", None, {**PARTIES, "officer": 404, "buyer_member": 404}, 200),
    "document": ("get", API + "{sent}/document/?syntax=CII", None, PARTIES, 200),
    "draft from order": ("post", API, "order", {**SELLER, "stranger": 400}, 201),
    "import": ("post", API + "import/", "xml", {**LIST, "officer": 400, "buyer_member": 400, "stranger": 400}, 201),
    "send": ("post", API + "{draft}/send/", None, SELLER_ONLY, 200),
    "credit note": ("post", API + "{sent}/credit-note/", "reason", SELLER, 201),
    "approve": ("post", API + "{sent}/approve/", "empty", BUYER, 200),
    "dispute": ("post", API + "{sent}/dispute/", "reason", BUYER, 200),
    "reject": ("post", API + "{sent}/reject/", "reason", BUYER, 200),
    "answer": ("post", API + "{disputed}/answer/", "answer", SELLER, 200),
    "pay": ("post", API + "{approved}/pay/", "payment", BUYER, 201),
}


@pytest.fixture
def world(rules, cpv, compliance_data):
    d, _contract, order = ready_to_invoice(quantity="10")
    line = order.lines.get()
    two = {line.pk: 2}
    erp, _links = build_from_order(order=order, by=d.supplier_admin, number="ERP-1", issue=date.today(), quantities=two)

    def draft():
        return services.invoice_draft_from_order(order=order, by=d.supplier_admin, quantities=two)

    ids = {"draft": draft().pk}
    sent = services.invoice_send(invoice=draft(), by=d.supplier_admin)
    ids["sent"] = sent.pk
    disputed = services.invoice_send(invoice=draft(), by=d.supplier_admin)
    ids["disputed"] = services.invoice_dispute(invoice=disputed, by=d.officer, reason="Short").pk
    approved = services.invoice_send(invoice=draft(), by=d.supplier_admin)
    ids["approved"] = services.invoice_approve(invoice=approved, by=d.officer).pk
    users = {
        "officer": d.officer,
        "buyer_member": d.buyer_member,
        "supplier_admin": d.supplier_admin,
        "supplier_member": d.supplier_member,
        "stranger": d.stranger,
    }
    bodies = {
        "order": {"order": order.pk},
        "reason": {"reason": "Wrong"},
        "empty": {},
        "answer": {"answer": "See proof of delivery"},
        "payment": {"amount": "10.00"},
        "xml": write_invoice(erp, "UBL"),
    }
    return users, ids, bodies


@pytest.mark.parametrize("name", sorted(ENDPOINTS))
def test_permission_matrix(world, name):
    users, ids, bodies = world
    method, path, body_key, expected, default = ENDPOINTS[name]
    url = path.format(**ids)
    seen = {}
    for role in ROLES:
        client = APIClient()
        if role != "anonymous":
            client.force_authenticate(users[role])
        with transaction.atomic():
            if body_key == "xml":
                response = client.generic("POST", url, bodies["xml"], content_type="application/xml")
            elif method == "post":
                response = client.post(url, bodies.get(body_key, {}) if body_key else {}, format="json")
            else:
                response = client.get(url)
            seen[role] = response.status_code
            transaction.set_rollback(True)
    assert seen == {role: expected.get(role, default) for role in ROLES}


# --- consortium payouts -----------------------------------------------------------------------------------------
# Payouts are the consortium's internal split: its lead's administrator and every current member's people see
# them (each member every member's statement); the buyer paid the consortium and sees none of it, like a
# former member and a stranger: 404 (an empty list).
PAYOUT_ROLES = [
    "lead_admin",
    "partner_admin",
    "partner_member",
    "former_member",
    "officer",
    "buyer_member",
    "stranger",
    "anonymous",
]
HIDDEN = {"former_member": 404, "officer": 404, "buyer_member": 404, "stranger": 404, "anonymous": 401}
PAYOUTS = "/api/v1/invoicing/payouts/"
STATEMENT = PAYOUTS + "statement/?consortium={consortium}&member={member}"
PAYOUT_ENDPOINTS = {
    "payout list": (PAYOUTS, {"anonymous": 401}, 200),
    "payout detail": (PAYOUTS + "{payout}/", HIDDEN, 200),
    "statement": (STATEMENT, HIDDEN, 200),
    "statement csv": (STATEMENT + "&output=csv", HIDDEN, 200),
    "statement pdf": (STATEMENT + "&output=pdf", HIDDEN, 200),
    "another member's statement": (STATEMENT.replace("{member}", "{lead}"), HIDDEN, 200),
}


@pytest.fixture
def consortium_world(rules, cpv, compliance_data):
    c, _contract, order = consortium_ready(cost_shares=("60", "40"))
    former = OrganizationFactory(legal_name="Former BV")
    c.alliance.members.create(organization=former, role="partner", left_at=timezone.now())
    invoice = services.invoice_draft_from_order(order=order, by=c.deal.supplier_admin)
    services.invoice_send(invoice=invoice, by=c.deal.supplier_admin)
    services.invoice_approve(invoice=invoice, by=c.deal.officer)
    payment = services.payment_record(invoice=invoice, by=c.deal.officer, amount="500.00")
    users = {
        "lead_admin": c.admins[0],
        "partner_admin": c.admins[1],
        "partner_member": member_of(c.members[1]),
        "former_member": member_of(former),
        "officer": c.deal.officer,
        "buyer_member": c.deal.buyer_member,
        "stranger": c.deal.stranger,
    }
    ids = {
        "consortium": c.organization.pk,
        "member": c.members[1].pk,
        "lead": c.members[0].pk,
        "payout": payment.payouts.first().pk,
    }
    return users, ids


@pytest.mark.parametrize("name", sorted(PAYOUT_ENDPOINTS))
def test_payout_permission_matrix(consortium_world, name):
    users, ids = consortium_world
    path, expected, default = PAYOUT_ENDPOINTS[name]
    seen, listed = {}, {}
    for role in PAYOUT_ROLES:
        client = APIClient()
        if role != "anonymous":
            client.force_authenticate(users[role])
        response = client.get(path.format(**ids))
        seen[role] = response.status_code
        if name == "payout list" and response.status_code == 200:
            listed[role] = response.json()["count"]
    assert seen == {role: expected.get(role, default) for role in PAYOUT_ROLES}
    if name == "payout list":
        assert listed == {
            "lead_admin": 2,
            "partner_admin": 2,
            "partner_member": 2,
            "former_member": 0,
            "officer": 0,
            "buyer_member": 0,
            "stranger": 0,
        }
