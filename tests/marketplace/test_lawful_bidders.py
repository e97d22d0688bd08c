"""Lawful bidders only: providers established in a country under an EU public-contract ban (Russia, Art. 5k of
Council Regulation (EU) No 833/2014) are never matched, invited, or accepted as bidder, consortium member or
named subcontractor, whatever the lot's export classification; lots reserved for SMEs take SMEs only (a
consortium when every member is one), in bidding and in matching. The barred list is data an admin keeps."""

from decimal import Decimal

import pytest
from django.utils import translation
from rest_framework.test import APIClient

from alliances import services as alliance_services
from alliances.models import AllianceKind
from compliance.models import BarredCountry
from core.errors import ApplicationError
from marketplace import services
from marketplace.matching import engine
from marketplace.matching.contexts import lot_contexts
from marketplace.matching.selectors import matches_for_tender
from marketplace.matching.services import matches_refresh_for_tender
from marketplace.models import BidState, Match
from organizations.models import SME_CLASSES
from tests.alliances.factories import consortium
from tests.marketplace.factories import (
    buyer_with_officer,
    pass_deadline,
    published_tender,
    sme_with_member,
    submitted_bid,
    tender_data,
)
from tests.marketplace.test_services_listings import listing
from tests.organizations.factories import OrganizationFactory, UserFactory, member_of

pytestmark = pytest.mark.django_db
ART_5K = "Art. 5k of Council Regulation (EU) No 833/2014"


@pytest.fixture
def world(cpv, compliance_data):
    # The data migration seeds Russia; a transactional test elsewhere may have flushed it.
    BarredCountry.objects.get_or_create(country="RU", defaults={"legal_basis": ART_5K})
    buyer, officer = buyer_with_officer()
    russian, russian_admin = sme_with_member(country="RU", legal_name="Volga Logistika OOO")
    german, german_admin = sme_with_member(legal_name="Weser Lager GmbH")
    return {
        "buyer": buyer,
        "officer": officer,
        "russian": russian,
        "russian_admin": russian_admin,
        "german": german,
        "german_admin": german_admin,
    }


def _fresh(user):
    """The user read again: membership roles are cached per user object, and activation added one."""
    return type(user).objects.get(pk=user.pk)


def _refusal(call) -> ApplicationError:
    with pytest.raises(ApplicationError) as refused:
        call()
    return refused.value


def test_the_ban_is_data_seeded_with_russia_and_kept_in_the_admin(client, world):
    russia = BarredCountry.objects.get(country="RU")
    assert russia.legal_basis == ART_5K
    assert not BarredCountry.objects.filter(country="BY").exists()  # no public-contract ban in Reg. 765/2006
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get("/admin/compliance/barredcountry/").content.decode()
    assert ART_5K in page


def test_a_russian_provider_is_never_matched_even_for_an_unclassified_lot(world):
    russian_listing = listing(world["russian"], world["russian_admin"], country="DE")  # a depot inside the EU
    german_listing = listing(world["german"], world["german_admin"])
    for organization in (world["russian"], world["german"]):
        organization.capability_codes.add("63120000")
    tender = published_tender(world["buyer"], world["officer"])
    assert set(tender.lots.values_list("export_classification", flat=True)) == {"not_listed"}
    matches_refresh_for_tender(tender_id=tender.pk)
    stored = Match.objects.filter(tender=tender)
    assert stored.filter(listing=german_listing).exists()
    assert stored.filter(organization=world["german"]).exists()
    assert not stored.filter(listing=russian_listing).exists()
    assert not stored.filter(organization=world["russian"]).exists()
    # A match stored before the ban (or before an admin added a country) is not shown, and cannot be invited.
    Match.objects.create(tender=tender, lot=tender.lots.first(), organization=world["russian"], score=99, parts={})
    assert not matches_for_tender(user=world["officer"], tender=tender).filter(organization=world["russian"]).exists()
    client = APIClient()
    client.force_login(world["officer"])
    invite = client.post(f"/marketplace/tenders/{tender.pk}/invite/{world['russian'].pk}/")
    assert invite.status_code == 404


def test_a_russian_provider_cannot_bid_and_is_told_why_in_its_own_language(world):
    tender = published_tender(world["buyer"], world["officer"])
    refused = _refusal(lambda: services.bid_create(tender=tender, bidder=world["russian"], by=world["russian_admin"]))
    assert refused.code == "not_eligible"
    assert ART_5K in refused.message
    assert "Volga Logistika OOO" in refused.message
    api = APIClient()
    api.force_authenticate(world["russian_admin"])
    with translation.override("en"):  # the request switches the thread to German; back to English after it
        answer = api.post(
            "/api/v1/marketplace/bids/",
            {"tender": tender.pk, "bidder": world["russian"].pk},
            format="json",
            HTTP_ACCEPT_LANGUAGE="de",
        )
    assert answer.status_code == 400, answer.content
    assert "EU-Recht schließt es von öffentlichen Aufträgen aus" in answer.json()["detail"]
    assert ART_5K in answer.json()["errors"]["bidder"][0]


def test_a_consortium_with_a_barred_member_cannot_bid_and_one_cannot_be_invited(world):
    alliance, members = consortium(countries=("DE", "PL"))
    alliance = alliance_services.alliance_activate(alliance=alliance, by=None)
    tender = published_tender(world["buyer"], world["officer"])
    lead_admin = members[0][1]
    refused = _refusal(
        lambda: alliance_services.alliance_invite(alliance=alliance, organization=world["russian"], by=lead_admin)
    )
    assert ART_5K in refused.message
    # The list is data: the admin adds a country, and the consortium with a member there is barred at once.
    BarredCountry.objects.create(country="PL", legal_basis="A test ban")
    refused = _refusal(lambda: services.bid_create(tender=tender, bidder=alliance.organization, by=_fresh(lead_admin)))
    assert any("A test ban" in problem and members[1][0].legal_name in problem for problem in refused.errors["bidder"])
    assert alliance.kind == AllianceKind.CONSORTIUM


def test_a_russian_company_cannot_be_a_named_subcontractor(world):
    tender = published_tender(world["buyer"], world["officer"], lots=1)
    bid = services.bid_create(tender=tender, bidder=world["german"], by=world["german_admin"])
    offers = [{"lot": tender.lots.get().pk, "price": Decimal("1000")}]
    with translation.override("en"):
        refused = _refusal(
            lambda: services.bid_update(
                bid=bid,
                by=world["german_admin"],
                offers=offers,
                subcontractors=[{"organization": world["russian"].pk, "share_percent": Decimal("20")}],
            )
        )
    assert ART_5K in refused.errors["subcontractors.0.organization"][0]
    assert "subcontractor" in refused.message


def test_a_lot_reserved_for_smes_takes_smes_and_all_sme_consortia_only(world):
    large, large_admin = sme_with_member(
        legal_name="Grosskonzern AG",
        headcount=5000,
        annual_turnover_eur=Decimal("900000000"),
        balance_sheet_total_eur=Decimal("800000000"),
    )
    data = tender_data(lots=1)
    data["lots"][0]["sme_only"] = True
    tender = services.tender_publish(
        tender=services.tender_create(buyer=world["buyer"], by=world["officer"], **data), by=world["officer"]
    )
    lot = tender.lots.get()
    offers = [{"lot": lot.pk, "price": Decimal("1000")}]
    refused = _refusal(
        lambda: services.bid_update(
            bid=services.bid_create(tender=tender, bidder=large, by=large_admin), by=large_admin, offers=offers
        )
    )
    assert "reserved for SMEs" in refused.message
    smes, members = consortium(countries=("DE", "FR"))
    smes = alliance_services.alliance_activate(alliance=smes, by=None)
    lead = _fresh(members[0][1])
    bid = services.bid_create(tender=tender, bidder=smes.organization, by=lead)
    services.bid_update(bid=bid, by=lead, offers=offers)  # every member is an SME: accepted
    mixed, mixed_members = consortium(countries=("DE", "NL"))
    mixed.members.filter(organization=mixed_members[1][0]).update(organization=large)
    mixed = alliance_services.alliance_activate(alliance=mixed, by=None)
    lead = _fresh(mixed_members[0][1])
    refused = _refusal(
        lambda: services.bid_update(
            bid=services.bid_create(tender=tender, bidder=mixed.organization, by=lead), by=lead, offers=offers
        )
    )
    assert "reserved for SMEs" in refused.message


def test_matching_shows_only_smes_for_a_lot_reserved_for_them(world):
    large = OrganizationFactory(
        legal_name="Grosskonzern AG",
        headcount=5000,
        annual_turnover_eur=Decimal("900000000"),
        balance_sheet_total_eur=Decimal("800000000"),
    )
    large_listing = listing(large, member_of(large))
    sme_listing = listing(world["german"], world["german_admin"])
    data = tender_data(lots=1)
    data["lots"][0]["sme_only"] = True
    tender = services.tender_publish(
        tender=services.tender_create(buyer=world["buyer"], by=world["officer"], **data), by=world["officer"]
    )
    matches_refresh_for_tender(tender_id=tender.pk)
    matched = set(Match.objects.filter(tender=tender, listing__isnull=False).values_list("listing_id", flat=True))
    assert sme_listing.pk in matched
    assert large_listing.pk not in matched


def test_the_matching_statement_takes_the_barred_countries_and_sme_classes_as_parameters(world):
    tender = published_tender(world["buyer"], world["officer"])
    contexts = lot_contexts(tender.lots.select_related("tender"))
    for of in ("listings", "organizations"):
        sql, params = engine._statement(contexts, of=of, only_listing=None, limit=10)
        assert "'RU'" not in sql
        assert "'micro'" not in sql
        assert ["RU"] in params
        assert list(SME_CLASSES) in params


def test_a_bid_whose_bidder_became_barred_is_excluded_at_the_opening(world):
    tender = published_tender(world["buyer"], world["officer"], lots=1)
    bid = submitted_bid(tender, world["german"], world["german_admin"])
    BarredCountry.objects.create(country="DE", legal_basis="A ban adopted after the bid")
    pass_deadline(tender)
    bid.refresh_from_db()
    assert bid.state == BidState.EXCLUDED
    assert "A ban adopted after the bid" in bid.exclusion_reason
