"""The buyer's integrity settings page: the abnormally-low rule and threshold, and fixed-price lots declared
before the opening (a documented exclusion of the price-comparing flags). Officers of the buyer only."""

from decimal import Decimal

import pytest
from django.test import Client
from django.utils.translation import override

from core.errors import ApplicationError
from marketplace.integrity import services
from marketplace.integrity.compute import flags_recompute
from marketplace.integrity.models import BuyerIntegritySettings, FixedPriceLot, RedFlag
from organizations.models import AuditEntry
from tests.integrity.factories import opened_tender
from tests.marketplace.factories import (
    buyer_with_officer,
    pass_deadline,
    published_tender,
    sme_with_member,
    submitted_bid,
)

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_officer_sets_the_abnormally_low_rule_on_the_page(compliance_data):
    buyer, officer = buyer_with_officer()
    client = client_for(officer)
    page = client.get("/marketplace/integrity/settings/")
    assert page.status_code == 200
    assert "You use the defaults." in page.content.decode()
    answer = client.post(
        "/marketplace/integrity/settings/",
        {"rule": "estimate_only", "threshold_percent": "35", "min_bids": "4"},
        follow=True,
    )
    assert "applies to flags computed from now on" in answer.content.decode()
    row = BuyerIntegritySettings.objects.get(buyer=buyer)
    assert (row.alt_rule, row.alt_threshold_percent, row.alt_min_bids) == ("estimate_only", Decimal(35), 4)
    assert AuditEntry.objects.filter(action="integrity.settings_changed", organization=buyer).exists()
    refused = client.post(
        "/marketplace/integrity/settings/", {"rule": "estimate_only", "threshold_percent": "120", "min_bids": "1"}
    )
    assert refused.status_code == 400
    assert BuyerIntegritySettings.objects.get(buyer=buyer).alt_min_bids == 4


def test_page_in_german(compliance_data):
    _buyer, officer = buyer_with_officer()
    with override("de"):
        page = client_for(officer).get("/marketplace/integrity/settings/", HTTP_ACCEPT_LANGUAGE="de")
    assert "Integritätseinstellungen" in page.content.decode()


def test_only_the_buyers_officers_reach_the_page(compliance_data):
    _sme, member = sme_with_member()
    assert client_for(member).get("/marketplace/integrity/settings/").status_code == 404


def test_fixed_price_is_declared_before_the_opening_and_excludes_price_flags(compliance_data):
    buyer, officer = buyer_with_officer()
    tender = published_tender(buyer, officer, lots=1)
    lot = tender.lots.get()
    client = client_for(officer)
    assert lot.title in client.get("/marketplace/integrity/settings/").content.decode()
    answer = client.post(f"/marketplace/integrity/settings/lots/{lot.pk}/fixed-price/", {"fixed": "1"}, follow=True)
    assert "Say how the price was set" in answer.content.decode()
    assert not FixedPriceLot.objects.exists()
    client.post(
        f"/marketplace/integrity/settings/lots/{lot.pk}/fixed-price/", {"fixed": "1", "reason": "Regulated tariff"}
    )
    assert FixedPriceLot.objects.get(lot=lot).reason == "Regulated tariff"
    assert AuditEntry.objects.filter(action="integrity.lot_fixed_price", object_id=str(tender.pk)).exists()
    for n in (1, 2):
        sme, user = sme_with_member(legal_name=f"Same Price {n} GmbH")
        submitted_bid(tender, sme, user, prices=(Decimal("1000"),))
    tender = pass_deadline(tender)
    flags_recompute(tender_ids=[tender.pk])
    assert not RedFlag.objects.filter(tender=tender, code="R028").exists()  # identical prices, but fixed
    with pytest.raises(ApplicationError) as error:
        services.lot_fixed_price_set(lot=lot, fixed=False, by=officer)
    assert error.value.code == "invalid_state"  # withdrawing it now would raise flags after the fact
    assert FixedPriceLot.objects.filter(lot=lot).exists()


def test_fixed_price_of_an_opened_tender_is_refused_and_strangers_get_404(compliance_data):
    tender, officer, _bidders = opened_tender([1000, 1000])
    lot = tender.lots.get()
    answer = client_for(officer).post(
        f"/marketplace/integrity/settings/lots/{lot.pk}/fixed-price/", {"fixed": "1", "reason": "Tariff"}, follow=True
    )
    assert "cannot change afterwards" in answer.content.decode()
    assert not FixedPriceLot.objects.exists()
    _other, stranger = buyer_with_officer()
    assert (
        client_for(stranger)
        .post(f"/marketplace/integrity/settings/lots/{lot.pk}/fixed-price/", {"fixed": "1", "reason": "x"})
        .status_code
        == 404
    )
