"""Capacity listings: validation, publishing, expiry, visibility and search in English and German."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from core.errors import ApplicationError
from marketplace import selectors, services
from marketplace.models import CapacityListing
from tests.compliance.factories import badge
from tests.marketplace.factories import sme_with_member
from tests.organizations.factories import OrganizationFactory, UserFactory, member_of

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def listing(provider, user, publish=True, **overrides):
    data = {
        "kind": "storage",
        "title": "Heated warehouse near Bremerhaven port",
        "description": "2,000 m² of dry, heated storage with 24/7 security.",
        "cpv_codes": ["63122000"],
        "country": "DE",
        "available_from": TODAY,
        "available_until": TODAY + timedelta(days=90),
        "quantity": Decimal("2000"),
        "unit": "m2",
    }
    data.update(overrides)
    created = services.listing_create(provider=provider, by=user, **data)
    return services.listing_transition(listing=created, action="publish", by=user) if publish else created


@pytest.fixture
def provider(cpv, compliance_data):
    return sme_with_member()


def test_invalid_listing_input_is_refused_field_by_field(provider):
    org, user = provider
    cases = [
        ({"cpv_codes": ["99999999"]}, "cpv_codes"),
        ({"available_until": TODAY - timedelta(days=1)}, "available_until"),
        ({"quantity": Decimal("0")}, "quantity"),
        ({"export_classification": "ML99"}, "export_classification"),
        ({"service_area": ["XX"]}, "service_area"),
        ({"visibility": "partners"}, "visible_to_partners"),
    ]
    for overrides, field in cases:
        with pytest.raises(ApplicationError) as refused:
            listing(org, user, publish=False, **overrides)
        assert field in refused.value.errors, (overrides, refused.value.errors)
    assert not CapacityListing.objects.exists()


def test_full_text_search_stems_english_and_german(provider):
    org, user = provider
    listing(org, user)
    listing(
        org,
        user,
        title="Lagerhalle mit Kühlung in Hamburg",
        description="Kühllager für Paletten.",
        cpv_codes=["63121000"],
    )
    viewer = member_of(OrganizationFactory())
    english = [item.title for item in selectors.listing_search(user=viewer, query="warehouses")]
    german = [item.title for item in selectors.listing_search(user=viewer, query="Lagerhallen")]
    assert english == ["Heated warehouse near Bremerhaven port"]
    assert german == ["Lagerhalle mit Kühlung in Hamburg"]


def test_filters_cpv_subtree_period_quantity_country_and_sme(provider):
    org, user = provider
    storage = listing(org, user)
    transport = listing(
        org,
        user,
        kind="road_transport",
        title="12 trucks a day",
        cpv_codes=["60100000"],
        quantity=Decimal("12"),
        unit="trucks_per_day",
        country="",
        service_area=["PL", "DE"],
        available_from=TODAY + timedelta(days=100),
        available_until=TODAY + timedelta(days=200),
    )
    viewer = member_of(OrganizationFactory())

    def found(**filters):
        return set(selectors.listing_search(user=viewer, **filters))

    assert found(cpv="63000000") == {storage}  # 63122000 is in the 63 subtree
    assert found(cpv="60000000-8") == {transport}
    assert found(available_from=TODAY + timedelta(days=95), available_until=TODAY + timedelta(days=120)) == {transport}
    assert found(min_quantity=Decimal("100")) == {storage}
    assert found(country="PL") == {transport}
    assert found(sme_only=True) == {storage, transport}
    org.headcount = 5000
    org.save()
    assert found(sme_only=True) == set()


def test_visibility_public_badge_holders_partners_and_drafts(provider):
    org, user = provider
    partner_org = OrganizationFactory()
    holder_org = OrganizationFactory()
    badge(holder_org, "iso27001")
    public = listing(org, user)
    for_holders = listing(org, user, visibility="badge_holders", visible_to_badges=["iso27001"])
    for_partner = listing(org, user, visibility="partners", visible_to_partners=[partner_org.pk])
    draft = listing(org, user, publish=False)

    def visible(viewer_org):
        return set(selectors.listing_list_visible_to(user=member_of(viewer_org)))

    assert visible(OrganizationFactory()) == {public}
    assert visible(holder_org) == {public, for_holders}
    assert visible(partner_org) == {public, for_partner}
    assert visible(org) == {public, for_holders, for_partner, draft}


def test_a_user_in_no_organization_sees_what_everybody_sees(provider):
    org, user = provider
    public = listing(org, user)
    listing(org, user, visibility="badge_holders", visible_to_badges=["iso27001"])
    listing(org, user, visibility="partners", visible_to_partners=[OrganizationFactory().pk])
    listing(org, user, publish=False)
    assert set(selectors.listing_list_visible_to(user=UserFactory())) == {public}


def test_listings_expire_at_the_end_of_their_window(provider):
    org, user = provider
    item = listing(org, user)
    yesterday = timezone.localdate() - timedelta(days=1)
    CapacityListing.objects.filter(pk=item.pk).update(
        available_from=yesterday - timedelta(days=30), available_until=yesterday
    )
    assert services.listings_expire() == 1
    item.refresh_from_db()
    assert item.state == "expired"
    assert services.listings_expire() == 0
    assert list(selectors.listing_search(user=member_of(OrganizationFactory()))) == []
