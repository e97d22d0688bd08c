"""Consortium payouts end to end through the services: every payment to a consortium is split among its
members by the agreed cost and profit shares (partial payments too), stored and audited; the statement lists
each payment with the member's share, as JSON, CSV and PDF; only the consortium's members see any of it."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from invoicing import services
from invoicing.models import Payout
from organizations.models import AuditEntry
from tests.invoicing.consortium import consortium_ready
from tests.invoicing.flow import ready_to_invoice

pytestmark = pytest.mark.django_db
API = "/api/v1/invoicing/payouts/"


def approved_invoice(c, order):
    invoice = services.invoice_draft_from_order(order=order, by=c.deal.supplier_admin)
    services.invoice_send(invoice=invoice, by=c.deal.supplier_admin)
    return services.invoice_approve(invoice=invoice, by=c.deal.officer)


def shares(payment):
    return {p.member.legal_name: p.amount for p in payment.payouts.select_related("member")}


@pytest.fixture
def paid(rules, cpv, compliance_data):
    """A consortium of three (50/30/20) whose invoice of 1,190.00 was paid in two parts: 333.33 and the rest."""
    c, _contract, order = consortium_ready(cost_shares=("50", "30", "20"))
    invoice = approved_invoice(c, order)
    first = services.payment_record(invoice=invoice, by=c.deal.officer, amount="333.33")
    second = services.payment_record(
        invoice=invoice, by=c.deal.officer, amount=invoice.payable_amount - Decimal("333.33")
    )
    return c, invoice, first, second


def test_each_partial_payment_is_split_by_the_agreed_shares_and_adds_up_exactly(paid):
    c, invoice, first, second = paid
    assert invoice.payable_amount == Decimal("1190.00")
    # 333.33 × 50/30/20 = 166.665, 99.999, 66.666: floors 166.66, 99.99, 66.66 and two spare cents, to the
    # largest remainders (0.9 and 0.6 of a cent).
    assert shares(first) == {
        "Nordlicht Logistik GmbH": Decimal("166.66"),
        "Baltic Storage Sp. z o.o.": Decimal("100.00"),
        "Rijn Transport B.V.": Decimal("66.67"),
    }
    assert sum(shares(second).values()) == second.amount == Decimal("856.67")
    totals = {name: shares(first)[name] + shares(second)[name] for name in shares(first)}
    # Over both payments each member has exactly its share of the 1,190.00 paid.
    assert totals == {
        "Nordlicht Logistik GmbH": Decimal("595.00"),
        "Baltic Storage Sp. z o.o.": Decimal("357.00"),
        "Rijn Transport B.V.": Decimal("238.00"),
    }
    payout = first.payouts.order_by("position").first()
    assert (payout.share, payout.basis, payout.consortium_id) == (Decimal("50.00"), "cost_share", c.organization.pk)


def test_the_split_is_audited_with_each_members_amount(paid):
    c, _invoice, first, _second = paid
    entry = AuditEntry.objects.get(action="payout", object_id=str(first.pk))
    assert entry.organization_id == c.organization.pk
    assert entry.actor == c.deal.officer
    assert entry.changes["Baltic Storage Sp. z o.o."] == [None, "100.00"]


@pytest.mark.parametrize(
    ("cost", "work", "expected", "basis"),
    [
        (("0", "0", "0"), ("60", "40", "0"), ["714.00", "476.00", "0.00"], "work_share"),
        (("0", "0", "0"), ("0", "0", "0"), ["396.67", "396.67", "396.66"], "equal"),
        (("40", "40", "10"), ("0", "0", "0"), ["528.89", "528.89", "132.22"], "cost_share"),  # shares sum to 90 %
    ],
)
def test_without_cost_shares_work_shares_then_equal_shares_split_the_payment(
    rules, cpv, compliance_data, cost, work, expected, basis
):
    c, _contract, order = consortium_ready(cost_shares=cost, work_shares=work)
    invoice = approved_invoice(c, order)
    payment = services.payment_record(invoice=invoice, by=c.deal.officer, amount=invoice.payable_amount)
    rows = list(payment.payouts.order_by("position"))
    assert [f"{row.amount:.2f}" for row in rows] == expected
    assert {row.basis for row in rows} == {basis}
    assert sum(row.amount for row in rows) == Decimal("1190.00")


def test_a_company_supplier_has_no_payouts(rules, cpv, compliance_data):
    d, _contract, order = ready_to_invoice()
    invoice = services.invoice_draft_from_order(order=order, by=d.supplier_admin)
    services.invoice_send(invoice=invoice, by=d.supplier_admin)
    services.invoice_approve(invoice=invoice, by=d.officer)
    services.payment_record(invoice=invoice, by=d.officer, amount="100")
    assert not Payout.objects.exists()


def test_every_member_reads_every_members_statement(paid, client_for):
    c, invoice, first, second = paid
    lead, partner, _third = c.members
    for admin in c.admins:
        body = client_for(admin).get(f"{API}statement/", {"consortium": c.organization.pk, "member": partner.pk}).json()
        assert body["member_name"] == "Baltic Storage Sp. z o.o."
        assert [
            (row["paid_on"], row["invoice_number"], row["payment_amount"], row["amount"]) for row in body["payouts"]
        ] == [
            (first.paid_on.isoformat(), invoice.number, "333.33", "100.00"),
            (second.paid_on.isoformat(), invoice.number, "856.67", "257.00"),
        ]
        assert body["totals"] == [{"currency": "EUR", "amount": "357.00"}]
    listed = client_for(c.admins[2]).get(API, {"member": lead.pk}).json()
    assert [row["amount"] for row in listed["results"]] == ["166.66", "428.34"]


def test_the_statement_files_list_each_payment_and_the_share(paid, client_for):
    c, invoice, first, _second = paid
    client = client_for(c.admins[1])
    query = {"consortium": c.organization.pk, "member": c.members[2].pk}
    response = client.get(f"{API}statement/", {**query, "output": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1] == ["Member", "Rijn Transport B.V."]
    assert rows[3] == [
        first.paid_on.isoformat(),
        invoice.number,
        "333.33",
        "20.00",
        "Agreed cost and profit shares",
        "66.67",
        "EUR",
    ]
    assert rows[-1] == ["Total", "", "", "", "", "238.00", "EUR"]
    pdf = client.get(f"{API}statement/", {**query, "output": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert "Payout statement" in text
    assert "Rijn Transport B.V." in text
    assert invoice.number in text
    assert "€238.00" in text
    assert "€66.67" in text


@pytest.mark.parametrize("who", ["officer", "buyer_member", "stranger"])
def test_the_buyer_and_outsiders_see_no_payouts(paid, client_for, who):
    c, _invoice, first, _second = paid
    client = client_for(getattr(c.deal, who))
    assert client.get(API).json()["results"] == []
    assert client.get(f"{API}{first.payouts.first().pk}/").status_code == 404
    statement = client.get(f"{API}statement/", {"consortium": c.organization.pk, "member": c.members[0].pk})
    assert statement.status_code == 404
    client.force_login(getattr(c.deal, who))  # the pages use the session
    page = client.get(f"/invoicing/payouts/{c.organization.pk}/")
    assert page.status_code == 404
    assert (
        client.get(f"/invoicing/payouts/{c.organization.pk}/members/{c.members[0].pk}/statement.pdf").status_code == 404
    )


def test_a_member_that_left_sees_no_payouts(paid, client_for):
    c, _invoice, _first, _second = paid
    c.alliance.members.filter(organization=c.members[2]).update(left_at=timezone.now())
    client = client_for(c.admins[2])
    assert (
        client.get(f"{API}statement/", {"consortium": c.organization.pk, "member": c.members[2].pk}).status_code == 404
    )


def test_the_statement_parameters_are_checked(paid, client_for):
    c, *_rest = paid
    response = client_for(c.admins[0]).get(f"{API}statement/", {"consortium": "x", "output": "doc"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"consortium", "member", "output"}


def test_the_payout_list_runs_the_same_queries_for_more_rows(paid, client_for):
    c, *_rest = paid
    client = client_for(c.admins[0])

    def queries(query) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            body = client.get(API, query).json()
        return len(captured), body["count"]

    client.get(API)  # the first request fills per-process caches (content types, the schema check)
    few, rows = queries({"member": c.members[0].pk})
    many, more_rows = queries({"consortium": c.organization.pk})  # each filter looks its organization up once
    assert (rows, more_rows) == (2, 6)
    assert few == many
