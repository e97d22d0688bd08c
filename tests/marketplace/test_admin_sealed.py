"""The Django admin keeps bids sealed until the deadline, even for platform admins."""

from decimal import Decimal

import pytest

from tests.marketplace.factories import (
    buyer_with_officer,
    pass_deadline,
    published_tender,
    sme_with_member,
    submitted_bid,
)
from tests.organizations.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_admin_lists_bids_only_after_the_deadline(client, compliance_data):
    buyer, officer = buyer_with_officer()
    tender = published_tender(buyer, officer)
    sme, member = sme_with_member(legal_name="Sealed Supplier GmbH")
    bid = submitted_bid(tender, sme, member, prices=(Decimal("4321"),))
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    listing = client.get("/admin/marketplace/bid/").content.decode()
    assert "Sealed Supplier GmbH" not in listing
    assert client.get(f"/admin/marketplace/bid/{bid.pk}/change/").status_code == 302  # not found → redirect
    pass_deadline(tender)
    assert "Sealed Supplier GmbH" in client.get("/admin/marketplace/bid/").content.decode()
