"""Sealed means sealed: every place a buyer or a platform admin can look tells nothing about the bids before
the opening (no count, no bidder, no price), and from the opening on they are there.

The walk: the tender API (detail, list, change feed, OCDS release and record), the bid API, the buyer's pages
(tender page, own tenders, dashboard), notifications (API and page), the audit log (API, /audit/ page, Django
admin) and the Django admin's bids. ALX has no CSV export of tenders or bids (the only CSV files are a
supplier's own assessment exports), so there is no CSV to walk.
"""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from tests.marketplace.factories import (
    buyer_with_officer,
    pass_deadline,
    published_tender,
    sme_with_member,
    submitted_bid,
)
from tests.organizations.factories import UserFactory

pytestmark = pytest.mark.django_db

BIDDER = "Sealed Secret Supplier GmbH"
PRICE = "4321.98"
PRICE_SHOWN = "€4,321.98"  # how an English page writes it (core/formatting.py)


@pytest.fixture
def sealed(compliance_data):
    buyer, officer = buyer_with_officer()
    tender = published_tender(buyer, officer, title="Cold storage for the exercise")
    sme, member = sme_with_member(legal_name=BIDDER)
    submitted_bid(tender, sme, member, prices=(Decimal(PRICE),))
    admin = UserFactory(is_staff=True, is_superuser=True)
    return {"tender": tender, "officer": officer, "admin": admin, "member": member}


def _api_paths(tender_id: int) -> list[str]:
    return [
        f"/api/v1/marketplace/tenders/{tender_id}/",
        "/api/v1/marketplace/tenders/?page_size=200",
        "/api/v1/marketplace/feed/",
        f"/api/v1/marketplace/tenders/{tender_id}/ocds/",
        f"/api/v1/marketplace/tenders/{tender_id}/ocds-record/",
        "/api/v1/marketplace/bids/",
        "/api/v1/marketplace/notifications/",
        "/api/v1/organizations/audit/?page_size=200",
    ]


PAGES = [
    "/marketplace/tenders/{tender}/",
    "/marketplace/tenders/mine/",
    "/dashboard/",
    "/marketplace/notifications/",
    "/audit/",
]
ADMIN_PAGES = ["/admin/organizations/auditentry/", "/admin/marketplace/bid/"]


def _everything_seen(client, user, tender) -> dict[str, str]:
    """What `user` gets from every place: {path: text}. Error answers count too (they must not leak either)."""
    api = APIClient()
    api.force_authenticate(user)
    seen = {path: api.get(path).content.decode() for path in _api_paths(tender.pk)}
    client.force_login(user)
    for path in PAGES + (ADMIN_PAGES if user.is_staff else []):
        response = client.get(path.format(tender=tender.pk), follow=True)
        seen[path] = response.content.decode()
    return seen


def _bid_counts(user, tender) -> list:
    api = APIClient()
    api.force_authenticate(user)
    detail = api.get(f"/api/v1/marketplace/tenders/{tender.pk}/").json()["bid_count"]
    listed = [t["bid_count"] for t in api.get("/api/v1/marketplace/tenders/").json()["results"] if t["id"] == tender.pk]
    # The change feed embeds each tender as the list shows it (tests/marketplace/test_api_list_pages.py proves the
    # feed items equal the list's), and it shows only committed transactions, which this test never makes.
    return [detail, *listed]


@pytest.mark.parametrize("viewer", ["officer", "admin"])
def test_nothing_about_the_bids_anywhere_before_the_opening_then_everything(client, sealed, viewer):
    user, tender = sealed[viewer], sealed["tender"]
    for path, text in _everything_seen(client, user, tender).items():
        assert BIDDER not in text, path
        assert PRICE not in text, path
        assert PRICE_SHOWN not in text, path
        assert sealed["member"].email not in text, path  # the bidder's people are in the audit entries
        assert "bids received" not in text, path
        assert "bid received" not in text, path
        assert '"numberOfTenderers"' not in text, path
        assert '"tenderers"' not in text, path
        assert "bid.submitted" not in text, path
        assert "bid.created" not in text, path
    assert _bid_counts(user, tender) == [None, None]

    tender = pass_deadline(tender)
    seen = _everything_seen(client, user, tender)
    ocds = seen[f"/api/v1/marketplace/tenders/{tender.pk}/ocds/"]
    assert BIDDER in ocds
    assert '"numberOfTenderers": 1' in ocds.replace('":1', '": 1')
    if viewer == "officer":
        page = seen["/marketplace/tenders/{tender}/"]
        assert "1 bid received." in page
        assert BIDDER in page
        assert PRICE_SHOWN in page
        assert PRICE in seen["/api/v1/marketplace/bids/"]
        assert _bid_counts(user, tender) == [1, 1]
    else:
        for path in ("/api/v1/organizations/audit/?page_size=200", "/audit/", "/admin/organizations/auditentry/"):
            assert "bid.submitted" in seen[path], path
            assert BIDDER in seen[path], path
        assert BIDDER in seen["/admin/marketplace/bid/"]


def test_the_bidders_own_admins_read_their_own_bids_history_before_the_opening(client, sealed):
    api = APIClient()
    api.force_authenticate(sealed["member"])
    actions = {entry["action"] for entry in api.get("/api/v1/organizations/audit/").json()["results"]}
    assert {"bid.created", "bid.updated", "bid.submitted"} <= actions
    client.force_login(sealed["member"])
    assert "bid.submitted" in client.get("/audit/").content.decode()
