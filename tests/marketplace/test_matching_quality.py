"""Matching a buyer trusts: required and preferred attributes, capabilities coded elsewhere, quantity shortfalls,
and words across English and German."""

from decimal import Decimal

import pytest
from django.utils import translation

from core.errors import ApplicationError
from marketplace import services
from marketplace.forms import ListingForm, LotForm
from marketplace.matching.engine import explain
from marketplace.matching.services import matches_refresh_for_tender
from marketplace.models import Match
from tests.marketplace.factories import buyer_with_officer, sme_with_member, tender_data
from tests.marketplace.test_services_listings import listing

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cpv, compliance_data):
    buyer, officer = buyer_with_officer()
    return buyer, officer


def _offer(**overrides):
    org, member = sme_with_member()
    return listing(org, member, **overrides)


def _ranked(tender) -> list[Match]:
    return list(Match.objects.filter(tender=tender, listing__isnull=False).order_by("-score", "listing_id"))


def _tender(buyer, officer, **lot):
    """A tender of one lot whose words are the lot's only (the tender's title is a number)."""
    data = {**tender_data(lots=1), "title": "2026-0042", "description": "2026-0042"}
    data["lots"] = [{"title": "Lot 1", "cpv": "63120000", "quantity": 2000, "unit": "m2", **lot}]
    tender = services.tender_create(buyer=buyer, by=officer, **data)
    return services.tender_publish(tender=tender, by=officer)


def test_a_required_attribute_the_listing_lacks_is_a_hard_filter_and_a_preferred_one_scores(world):
    buyer, officer = world
    cold = _offer(title="Refrigerated warehouse", attributes={"temperature_c": [2, 8]})
    cold_certified = _offer(
        title="Refrigerated warehouse", attributes={"temperature_c": [-25, 8], "certifications": ["iso_9001"]}
    )
    freezer = _offer(title="Refrigerated warehouse", attributes={"temperature_c": [-25, -18]})
    dry = _offer(title="Refrigerated warehouse")
    tender = _tender(
        buyer,
        officer,
        required_attributes={"temperature_c": [2, 8]},
        preferred_attributes={"certifications": ["iso_9001"]},
    )
    matches_refresh_for_tender(tender_id=tender.pk)
    ranked = [m.listing_id for m in _ranked(tender)]
    assert ranked == [cold_certified.pk, cold.pk]
    assert freezer.pk not in ranked
    assert dry.pk not in ranked


def test_attributes_are_checked_against_their_schema(world):
    buyer, officer = world
    with pytest.raises(ApplicationError) as refused:
        _offer(attributes={"rail_gauges_mm": [1000]})
    assert "attributes.rail_gauges_mm" in refused.value.errors
    with pytest.raises(ApplicationError) as refused:
        _tender(buyer, officer, required_attributes={"clearance": ["secret"]})
    assert "lots.0.required_attributes.clearance" in refused.value.errors


def test_a_job_shop_coded_by_process_is_found_for_a_product_lot_and_the_relation_is_explained(world):
    buyer, officer = world
    shop = _offer(
        kind="manufacturing",
        title="CNC machining of aluminium housings",
        cpv_codes=["45262670"],
        unit="machine_hours",
        quantity=Decimal("500"),
    )
    tender = _tender(buyer, officer, cpv="35421000", title="Gearbox housings", quantity=300, unit="machine hours")
    matches_refresh_for_tender(tender_id=tender.pk)
    match = Match.objects.get(tender=tender, listing=shop)
    assert match.parts["cpv"] == 0.8
    assert any("CNC machining is how these parts are made" in line for line in explain(match.parts))
    with translation.override("de"):
        assert any("CNC-Fertigung" in line for line in explain(match.parts))


def test_a_small_share_of_the_quantity_ranks_below_those_that_cover_the_lot(world):
    buyer, officer = world
    small = _offer(title="Heated warehouse near Bremerhaven port", quantity=Decimal("300"))  # 15%
    covering = _offer(title="Warehouse", description="Storage", quantity=Decimal("2000"), country="PL")
    tender = _tender(buyer, officer)
    matches_refresh_for_tender(tender_id=tender.pk)
    ranked = _ranked(tender)
    assert [m.listing_id for m in ranked] == [covering.pk, small.pk]
    assert any("covers only 15%" in line for line in explain(ranked[1].parts))


def test_where_partial_offers_are_allowed_a_small_share_is_said_not_punished(world):
    buyer, officer = world
    small = _offer(quantity=Decimal("300"))
    tender = _tender(buyer, officer, partial_offers=True)
    matches_refresh_for_tender(tender_id=tender.pk)
    match = Match.objects.get(tender=tender, listing=small)
    assert match.parts["fill"] == 1.0
    lines = explain(match.parts)
    assert "covers 15%" in lines
    assert not any("only" in line for line in lines)


# Pairs of our own: the buyer writes in one language, the provider in the other.
PAIRS = [
    ("Container transport to the port", "Container-Transport zum Hafen"),
    ("Machining of aluminium housings", "Fräsen von Aluminium-Gehäusen"),
    ("Cold storage of medical material", "Kühllager für medizinisches Material"),
    ("Cyber-Monitoring und Incident Response", "Cyber monitoring and incident response around the clock"),
]


@pytest.mark.parametrize(("lot_title", "listing_title"), PAIRS)
def test_words_match_across_english_and_german(world, lot_title, listing_title):
    buyer, officer = world
    fitting = _offer(title=listing_title, description="")
    other = _offer(title="Reisebüro und Hotels", description="")
    tender = _tender(buyer, officer, title=lot_title)
    matches_refresh_for_tender(tender_id=tender.pk)
    ranked = _ranked(tender)
    assert ranked[0].listing_id == fitting.pk
    assert ranked[0].parts["text"] > 0
    assert ranked[1].listing_id == other.pk
    assert ranked[1].parts["text"] == 0


def test_the_forms_carry_attributes_to_the_services():
    form = ListingForm(
        data={
            "kind": "storage",
            "title": "Kühllager",
            "cpv_codes": "63121000",
            "available_from": "2026-12-03",
            "available_until": "2027-03-01",
            "quantity": "500",
            "unit": "m2",
            "visibility": "public",
            "attribute_temperature_c_low": "2",
            "attribute_temperature_c_high": "8",
            "attribute_certifications": ["iso_9001"],
        }
    )
    assert form.is_valid(), form.errors
    assert form.service_data()["attributes"] == {"temperature_c": [2.0, 8.0], "certifications": ["iso_9001"]}
    lot = LotForm(
        data={
            "title": "Lot 1",
            "cpv": "60200000",
            "partial_offers": "on",
            "required_rail_gauges_mm": ["1520"],
            "required_axle_load_t": "22.5",
        }
    )
    assert lot.is_valid(), lot.errors
    data = lot.service_data()
    assert data["partial_offers"] is True
    assert data["required_attributes"] == {"rail_gauges_mm": ["1520"], "axle_load_t": 22.5}


def test_the_quantity_share_reads_in_german():
    with translation.override("de"):
        lines = explain({"cpv": 1.0, "quantity": 0.15, "covers": 0.15, "fill": 0.65, "partial_ok": False})
    assert any("deckt nur 15% ab" in line for line in lines)
