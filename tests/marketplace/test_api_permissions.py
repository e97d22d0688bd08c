"""Permission matrix of the marketplace API: role (the buyer's procurement officer, a buyer's member without that
role, the bidder, a rival SME with a listing of its own, anonymous) × endpoint → status.

Someone else's draft, a sealed bid and what hangs off it answer 404 (a sealed bid stays sealed for the buyer
too: detail, documents, ranking); a right the role lacks answers 403, never an empty 200. Writes send
`If-Match: *` where the route requires one; what a stale tag does is tested in test_api_concurrency.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from marketplace import services
from marketplace.services import documents
from tests.marketplace.factories import (
    buyer_with_officer,
    pass_deadline,
    published_tender,
    sme_with_member,
    submitted_bid,
    tender_data,
)
from tests.organizations.factories import member_of

pytestmark = pytest.mark.django_db

ROLES = ["officer", "buyer_member", "bidder", "rival", "anonymous"]
DEFAULT = 200
EVERYONE = {"anonymous": 401}
# The buyer's own drafts: nobody else learns they exist.
BUYERS = {"bidder": 404, "rival": 404, "anonymous": 401}
# Acting for the buyer: its officers; a member without the officer role lacks the right (403), others too.
OFFICERS = {"buyer_member": 403, "bidder": 403, "rival": 403, "anonymous": 401}
# The same on a draft, which others do not see.
DRAFT_OFFICERS = {**OFFICERS, "bidder": 404, "rival": 404}
# A sealed bid (and its documents): the bidder's alone until the deadline, for the buyer too.
SEALED = {"officer": 404, "buyer_member": 404, "rival": 404, "anonymous": 401}
# Writes naming an organization (buyer, bidder, provider) the user is not a member of: a field error.
ONLY_FOR = {role: 400 for role in ROLES} | {"anonymous": 401}

# endpoint: (method, path template, body key, {role: expected status}); unlisted roles expect DEFAULT.
READS = {
    "tenders": ("/api/v1/marketplace/tenders/", EVERYONE),
    "open tender": ("/api/v1/marketplace/tenders/{tender}/", EVERYONE),
    "draft tender": ("/api/v1/marketplace/tenders/{draft}/", BUYERS),
    "tender questions": ("/api/v1/marketplace/tenders/{tender}/questions/", EVERYONE),
    "tender documents": ("/api/v1/marketplace/tenders/{tender}/documents/", EVERYONE),
    "tender committee": ("/api/v1/marketplace/tenders/{tender}/committee/", {**OFFICERS, "buyer_member": 200}),
    "tender ocds": ("/api/v1/marketplace/tenders/{tender}/ocds/", EVERYONE),
    "draft ocds": ("/api/v1/marketplace/tenders/{draft}/ocds/", {**BUYERS, "officer": 404, "buyer_member": 404}),
    "lots": ("/api/v1/marketplace/lots/", EVERYONE),
    "open lot": ("/api/v1/marketplace/lots/{lot}/", EVERYONE),
    "draft lot": ("/api/v1/marketplace/lots/{draft_lot}/", BUYERS),
    # Before the deadline the buyer gets no ranking (the bids are sealed); bidders have no right to one at all.
    "open lot ranking": ("/api/v1/marketplace/lots/{lot}/ranking/", {**SEALED, "bidder": 403, "rival": 403}),
    "closed lot ranking": ("/api/v1/marketplace/lots/{closed_lot}/ranking/", OFFICERS | {"buyer_member": 200}),
    "questions": ("/api/v1/marketplace/questions/", EVERYONE),
    # An unanswered question: the asker's and the buyer's; others see it once answered.
    "unanswered question": ("/api/v1/marketplace/questions/{question}/", {"rival": 404, "anonymous": 401}),
    "bids": ("/api/v1/marketplace/bids/", EVERYONE),
    "sealed bid": ("/api/v1/marketplace/bids/{bid}/", SEALED),
    "sealed bid documents": ("/api/v1/marketplace/bids/{bid}/documents/", SEALED),
    "sealed bid document": ("/api/v1/marketplace/bid-documents/{bid_document}/", SEALED),
    "sealed bid document download": ("/api/v1/marketplace/bid-documents/{bid_document}/download/", SEALED),
    "opened bid": ("/api/v1/marketplace/bids/{closed_bid}/", {"rival": 404, "anonymous": 401}),
    "awards": ("/api/v1/marketplace/awards/", EVERYONE),
    "award": ("/api/v1/marketplace/awards/{award}/", EVERYONE),
    "tender document": ("/api/v1/marketplace/tender-documents/{tender_document}/", EVERYONE),
    "tender document download": ("/api/v1/marketplace/tender-documents/{tender_document}/download/", EVERYONE),
    "draft tender document": ("/api/v1/marketplace/tender-documents/{draft_document}/download/", BUYERS),
    "listings": ("/api/v1/marketplace/listings/", EVERYONE),
    "published listing": ("/api/v1/marketplace/listings/{listing}/", EVERYONE),
    "draft listing": (
        "/api/v1/marketplace/listings/{draft_listing}/",
        {"officer": 404, "buyer_member": 404, "bidder": 404, "anonymous": 401},
    ),
    "feed": ("/api/v1/marketplace/feed/", EVERYONE),
    "ocds releases": ("/api/v1/marketplace/ocds-releases/", EVERYONE),
    "matches of a tender": ("/api/v1/marketplace/matches/?tender={tender}", EVERYONE),
    "matches of a draft": ("/api/v1/marketplace/matches/?tender={draft}", BUYERS),
    "matches of nothing": ("/api/v1/marketplace/matches/", ONLY_FOR),
    "saved searches": ("/api/v1/marketplace/saved-searches/", EVERYONE),
    "match runs": ("/api/v1/marketplace/match-runs/", {**OFFICERS, "officer": 403, "buyer_member": 403}),
}
WRITES = {
    "tender create": (
        "post",
        "/api/v1/marketplace/tenders/",
        "tender",
        ONLY_FOR | {"officer": 201, "buyer_member": 403},
    ),
    "draft tender edit": ("patch", "/api/v1/marketplace/tenders/{draft}/", "title", DRAFT_OFFICERS),
    "draft tender publish": ("post", "/api/v1/marketplace/tenders/{draft}/publish/", None, DRAFT_OFFICERS),
    "tender cancel": ("post", "/api/v1/marketplace/tenders/{tender}/cancel/", "reason", OFFICERS),
    "lot cancel": ("post", "/api/v1/marketplace/lots/{lot}/cancel/", "reason", OFFICERS),
    "question answer": (
        "post",
        "/api/v1/marketplace/questions/{question}/answer/",
        "answer",
        OFFICERS | {"rival": 404},
    ),
    "bid create for the rival": ("post", "/api/v1/marketplace/bids/", "bid", ONLY_FOR | {"rival": 201}),
    "sealed bid edit": ("put", "/api/v1/marketplace/bids/{bid}/", "offers", SEALED),
    "sealed bid withdraw": ("post", "/api/v1/marketplace/bids/{bid}/withdraw/", None, SEALED),
    # The winner declines, or the buyer's evaluators mark it ineligible; the only offer leaves no successor.
    "award decline": (
        "post",
        "/api/v1/marketplace/awards/{award}/decline/",
        "reason",
        {"officer": 204, "bidder": 204, "buyer_member": 403, "rival": 403, "anonymous": 401},
    ),
    "listing create for the rival": ("post", "/api/v1/marketplace/listings/", "listing", ONLY_FOR | {"rival": 201}),
    "published listing edit": (
        "patch",
        "/api/v1/marketplace/listings/{listing}/",
        "title",
        {"officer": 403, "buyer_member": 403, "bidder": 403, "anonymous": 401},
    ),
    "draft listing publish": (
        "post",
        "/api/v1/marketplace/listings/{draft_listing}/publish/",
        None,
        {"officer": 404, "buyer_member": 404, "bidder": 404, "anonymous": 401},
    ),
    "match run start": ("post", "/api/v1/marketplace/match-runs/", None, READS["match runs"][1]),
}


def _listing(provider, member, title):
    today = timezone.localdate()
    return services.listing_create(
        provider=provider,
        by=member,
        kind="storage",
        title=title,
        cpv_codes=["63121000"],
        country="DE",
        available_from=today,
        available_until=today + timedelta(days=30),
        quantity=Decimal("500"),
        unit="m2",
    )


@pytest.fixture
def world(settings, tmp_path, compliance_data, cpv):
    """An open tender with the bidder's sealed bid (with a document) and an unanswered question of the
    bidder's; the buyer's draft with a document; a closed tender with the bidder's opened bid and its award;
    the rival's published listing and a draft one."""
    settings.MEDIA_ROOT = tmp_path
    buyer, officer = buyer_with_officer()
    buyer_member = member_of(buyer)
    sme, bidder = sme_with_member()
    rival, rival_member = sme_with_member()

    tender = published_tender(buyer, officer)
    bid = services.bid_create(tender=tender, bidder=sme, by=bidder)
    lot = tender.lots.order_by("number").first()
    services.bid_update(bid=bid, by=bidder, offers=[{"lot": lot.pk, "price": Decimal("1000")}])
    bid_document = documents.bid_document_add(bid=bid, upload=SimpleUploadedFile("offer.pdf", b"%PDF offer"), by=bidder)
    services.bid_submit(bid=bid, by=bidder)
    question = services.question_ask(tender=tender, asker=sme, text="Is there a loading ramp?", by=bidder)
    tender_document = documents.tender_document_add(
        tender=tender, upload=SimpleUploadedFile("spec.pdf", b"%PDF spec"), reason="Spec", by=officer
    )

    draft = services.tender_create(buyer=buyer, by=officer, **tender_data(title="Draft tender"))
    draft_document = documents.tender_document_add(
        tender=draft, upload=SimpleUploadedFile("draft.pdf", b"%PDF draft"), by=officer
    )

    # Without an estimate no offer is flagged as abnormally low, which would hold the award back.
    closed = published_tender(buyer, officer, lots=1, title="Closed tender", estimated_value=None)
    closed_bid = submitted_bid(closed, sme, bidder)
    closed = pass_deadline(closed)
    closed_lot = closed.lots.get()
    award = services.award_propose(lot=closed_lot, by=officer)

    listing = services.listing_transition(
        listing=_listing(rival, rival_member, "Cold store Bremen"), action="publish", by=rival_member
    )
    draft_listing = _listing(rival, rival_member, "Draft store")

    users = {
        "officer": officer,
        "buyer_member": buyer_member,
        "bidder": bidder,
        "rival": rival_member,
        "anonymous": None,
    }
    ids = {
        "tender": tender.pk,
        "draft": draft.pk,
        "lot": lot.pk,
        "draft_lot": draft.lots.order_by("number").first().pk,
        "closed_lot": closed_lot.pk,
        "question": question.pk,
        "bid": bid.pk,
        "bid_document": bid_document.pk,
        "closed_bid": closed_bid.pk,
        "award": award.pk,
        "tender_document": tender_document.pk,
        "draft_document": draft_document.pk,
        "listing": listing.pk,
        "draft_listing": draft_listing.pk,
    }
    data = tender_data()
    bodies = {
        "tender": {
            **{k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items() if k != "lots"},
            "estimated_value": "900000",
            "buyer": buyer.pk,
            "lots": [{"title": "Storage", "cpv": "63120000-6", "quantity": "100", "unit": "pallets"}],
        },
        "title": {"title": "A better title"},
        "reason": {"reason": "Requirements changed"},
        "answer": {"answer": "Yes, two ramps."},
        "bid": {"tender": tender.pk, "bidder": rival.pk},
        "offers": {"offers": [{"lot": lot.pk, "price": "900"}]},
        "listing": {
            "provider": rival.pk,
            "kind": "storage",
            "title": "Dry store Kiel",
            "cpv_codes": ["63121000"],
            "country": "DE",
            "available_from": timezone.localdate().isoformat(),
            "available_until": (timezone.localdate() + timedelta(days=30)).isoformat(),
            "quantity": "40",
            "unit": "m2",
        },
    }
    return users, ids, bodies


def _client(user):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def _status(response) -> int:
    if response.streaming:
        b"".join(response.streaming_content)  # read a download to the end, which closes the file
    return response.status_code


@pytest.mark.parametrize("role", ROLES)
def test_marketplace_read_matrix(world, role):
    """Reads change nothing, so one world serves every read of a role; the mismatches show side by side."""
    users, ids, _bodies = world
    client = _client(users[role])
    answered = {endpoint: _status(client.get(path.format(**ids))) for endpoint, (path, _) in READS.items()}
    expected = {endpoint: wanted.get(role, DEFAULT) for endpoint, (_, wanted) in READS.items()}
    assert answered == expected


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", list(WRITES))
def test_marketplace_write_matrix(world, endpoint, role):
    users, ids, bodies = world
    method, template, body_key, expected = WRITES[endpoint]
    body = bodies[body_key] if body_key else None
    response = getattr(_client(users[role]), method)(template.format(**ids), body, format="json", HTTP_IF_MATCH="*")
    wanted = expected.get(role, DEFAULT)
    assert response.status_code == wanted, (endpoint, role, response.content[:300])


def test_a_sealed_bid_is_in_no_list_the_buyer_reads(world):
    users, ids, _bodies = world
    for role in ("officer", "buyer_member"):
        client = _client(users[role])
        bids = {item["id"] for item in client.get("/api/v1/marketplace/bids/?page_size=200").json()["results"]}
        assert ids["bid"] not in bids
        assert ids["closed_bid"] in bids
        by_tender = client.get(f"/api/v1/marketplace/bids/?tender={ids['tender']}").json()
        assert by_tender["count"] == 0
        tender = client.get(f"/api/v1/marketplace/tenders/{ids['tender']}/").json()
        assert tender.get("bid_count") is None  # not even how many
