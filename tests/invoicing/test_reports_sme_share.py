"""The platform's SME share: known final awards and payments give known sums and shares by class and country;
proposed awards and credit notes do not count; a consortium is an SME only when every member is one; the page is
public, in English and German, and the JSON API answers the same figures."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from alliances.models import Alliance, AllianceMember
from invoicing.models import Invoice, InvoiceState, Payment
from invoicing.reports.common import Period
from invoicing.reports.sme_share import sme_share
from marketplace.models import Award
from organizations.models import MembershipRole
from tests.contracting.factories import final_award
from tests.marketplace.factories import buyer_with_officer
from tests.organizations.factories import OrganizationFactory, member_of

pytestmark = pytest.mark.django_db
LARGE = {"headcount": 500, "annual_turnover_eur": Decimal("90000000"), "balance_sheet_total_eur": Decimal("80000000")}
MICRO = {"headcount": 5, "annual_turnover_eur": Decimal("900000"), "balance_sheet_total_eur": Decimal("500000")}


def consortium(name, country, members):
    organization = OrganizationFactory(kind="consortium", legal_name=name, country=country, headcount=None)
    alliance = Alliance.objects.create(
        kind="consortium", name=name, purpose="Storage", organization=organization, state="active"
    )
    for member in members:
        AllianceMember.objects.create(alliance=alliance, organization=member, role="partner")
    return organization


def paid(seller, buyer, *, net, vat, amount, number, type_code="380"):
    """A sent, approved invoice of `net` + `vat` with one payment of `amount` (rows only: these tests add up)."""
    invoice = Invoice.objects.create(
        seller=seller,
        buyer=buyer,
        direction="outbound",
        state=InvoiceState.PART_PAID,
        number=number,
        type_code=type_code,
        issue_date=timezone.localdate(),
        currency="EUR",
        tax_exclusive_amount=net,
        vat_amount=vat,
        tax_inclusive_amount=net + vat,
        payable_amount=net + vat,
        syntax="UBL",
        document=b"<x/>",
        is_valid=True,
        paid_amount=amount,
    )
    return Payment.objects.create(invoice=invoice, paid_on=timezone.localdate(), amount=amount)


@pytest.fixture
def market(cpv, compliance_data, settings):
    """Final awards: a small German SME 50,000, a large French company 150,000, a Polish consortium of SMEs 30,000,
    a Dutch consortium with a large member 20,000; a proposed award of 99,999 that does not count; payments."""
    settings.SME_SHARE_MIN_SUPPLIERS = 1
    buyer, officer = buyer_with_officer()
    small = OrganizationFactory(legal_name="Nordlicht Logistik GmbH", country="DE")
    large = OrganizationFactory(legal_name="Grand Groupe SA", country="FR", **LARGE)
    micro = OrganizationFactory(legal_name="Mała Firma sp. z o.o.", country="PL", **MICRO)
    smes = consortium("Baltic SME ARGE", "PL", [small, micro])
    mixed = consortium("Delta Mixed Consortium", "NL", [micro, large])
    for supplier, price in ((small, "50000"), (large, "150000"), (smes, "30000"), (mixed, "20000")):
        final_award(buyer, officer, supplier, member_of(supplier, MembershipRole.ADMIN), price=Decimal(price))
    proposed = final_award(buyer, officer, small, member_of(small, MembershipRole.ADMIN), price=Decimal("99999"))
    Award.objects.filter(lot__tender=proposed).update(state="proposed")
    paid(small, buyer, net=Decimal("1000.00"), vat=Decimal("190.00"), amount=Decimal("1190.00"), number="S-1")
    paid(large, buyer, net=Decimal("2000.00"), vat=Decimal("0.00"), amount=Decimal("1000.00"), number="L-1")
    paid(
        large,
        buyer,
        net=Decimal("500.00"),
        vat=Decimal("0.00"),
        amount=Decimal("500.00"),
        number="L-2",
        type_code="381",
    )  # a refund on a credit note is not spend
    return {"small": small, "large": large, "micro": micro, "smes": smes, "mixed": mixed}


def test_known_awards_and_payments_give_known_shares_by_class_and_country(market):
    [eur] = sme_share()
    assert (eur.currency, eur.awarded, eur.sme_awarded, eur.sme_awarded_share) == (
        "EUR",
        Decimal("250000.00"),
        Decimal("80000.00"),
        Decimal("32.0"),
    )
    assert (eur.paid, eur.sme_paid, eur.sme_paid_share) == (Decimal("2000.00"), Decimal("1000.00"), Decimal("50.0"))
    by_class = {row.key: (row.awarded, row.paid, row.is_sme, row.awarded_share) for row in eur.by_class}
    assert by_class == {
        "small": (Decimal("50000.00"), Decimal("1000.00"), True, Decimal("20.0")),
        "consortium_sme": (Decimal("30000.00"), Decimal("0"), True, Decimal("12.0")),
        "large": (Decimal("150000.00"), Decimal("1000.00"), False, Decimal("60.0")),
        "consortium_other": (Decimal("20000.00"), Decimal("0"), False, Decimal("8.0")),
    }
    assert [row.key for row in eur.by_class] == ["small", "consortium_sme", "large", "consortium_other"]
    by_country = {row.key: (row.awarded, row.paid, row.awarded_suppliers) for row in eur.by_country}
    assert by_country == {
        "FR": (Decimal("150000.00"), Decimal("1000.00"), 1),
        "DE": (Decimal("50000.00"), Decimal("1000.00"), 1),
        "PL": (Decimal("30000.00"), Decimal("0"), 1),
        "NL": (Decimal("20000.00"), Decimal("0"), 1),
    }


def test_a_consortium_becomes_an_sme_when_its_large_member_leaves(market):
    AllianceMember.objects.filter(organization=market["large"], alliance__organization=market["mixed"]).update(
        left_at=timezone.now()
    )
    [eur] = sme_share()
    assert (eur.sme_awarded, eur.sme_awarded_share) == (Decimal("100000.00"), Decimal("40.0"))


def test_countries_with_too_few_suppliers_are_pooled_and_the_period_counts(market, settings):
    settings.SME_SHARE_MIN_SUPPLIERS = 3
    [eur] = sme_share()
    assert [(row.key, row.awarded, row.awarded_suppliers) for row in eur.by_country] == [
        ("other", Decimal("250000.00"), 4)
    ]
    assert eur.sme_awarded_share == Decimal("32.0")
    assert sme_share(period=Period(until=timezone.localdate() - timedelta(days=1))) == []


def test_the_page_is_public_in_english_and_german_with_constant_queries(market, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        page = client.get(reverse("invoicing:sme-share")).content.decode()
    assert "32.0 %" in page
    assert "50.0 %" in page
    assert "Consortium of SMEs" in page
    assert "France" in page
    assert "€80,000.00" in page
    german = client.get(reverse("invoicing:sme-share"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "32,0 %" in german
    assert "Konsortium aus KMU" in german
    assert "Frankreich" in german


def test_the_page_shows_an_empty_state_and_field_errors(client, db):
    page = client.get(reverse("invoicing:sme-share")).content.decode()
    assert 'id="empty"' in page
    page = client.get(reverse("invoicing:sme-share"), {"since": "2026-02-30"}).content.decode()
    assert "Enter a valid date" in page


def test_the_api_answers_the_same_figures_without_a_token(market, client):
    body = client.get("/api/v1/invoicing/sme-share/").json()
    [eur] = body["currencies"]
    assert (eur["awarded"], eur["sme_awarded"], eur["sme_awarded_share"], eur["sme_paid_share"]) == (
        "250000.00",
        "80000.00",
        "32.0",
        "50.0",
    )
    assert {row["key"]: row["awarded"] for row in eur["by_class"]}["consortium_sme"] == "30000.00"
    assert body["min_suppliers"] == 1
    refused = client.get("/api/v1/invoicing/sme-share/", {"since": "soon"})
    assert refused.status_code == 400
    assert "since" in refused.json()["errors"]
    later = client.get("/api/v1/invoicing/sme-share/", {"since": "2026-05-01", "until": "2026-04-01"})
    assert later.status_code == 400
    assert "until" in later.json()["errors"]
