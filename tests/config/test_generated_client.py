"""A Python client generated from /api/schema/ by openapi-python-client drives ALX over HTTP (pytest-django's
live server) with each role's API token: every app's lists, details and main writes. The generated models parse
every answer (a missing field, a value outside an enum or another shape crashes them) and every answer is also
validated against the schema; an undocumented status raises. The client is generated at test time, offline,
from the schema this code produces."""

from __future__ import annotations

import sys
from datetime import timedelta
from io import StringIO

import httpx
import pytest
from django.core.management import call_command
from django.utils import timezone

from marketplace.models import Tender
from organizations.models import Membership, User
from organizations.services import api_token_create
from tests.config import generated_client as gc

ROLES = {
    "sme": "sme@alx.example",
    "officer": "officer@alx.example",
    "nap": "nap.de@alx.example",
    "jcc": "jcc@alx.example",
    "hub": "hub@alx.example",
    "reviewer": "reviewer@alx.example",
}
# The reads each role sweeps (operation name prefixes): the integrators' roles all of them, the others their app.
SWEEPS = {
    "sme": ("",),
    "officer": ("",),
    "nap": ("loghubs_",),
    "jcc": ("loghubs_",),
    "hub": ("loghubs_",),
    "reviewer": ("compliance_",),
}
# Binary answers (PDF, XML) that openapi-python-client 0.29 cannot generate a parser for: it omits them, so
# the generated function would raise on the documented 200.
BINARY = {"contracting_contracts_pdf_retrieve", "invoicing_invoices_document_retrieve"}


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    generated = gc.generate(tmp_path_factory.mktemp("client"))
    yield generated
    for name in [name for name in sys.modules if name.split(".")[0] == gc.PACKAGE]:
        del sys.modules[name]


@pytest.fixture
def demo(compliance_data, cpv, settings):
    settings.AXES_ENABLED = False
    for command in (
        "seed_demo",
        "seed_demo_compliance",
        "seed_demo_marketplace",
        "seed_demo_loghubs",
        "seed_demo_contracting",
    ):
        call_command(command, stdout=StringIO())


@pytest.fixture
def clients(package, live_server, demo):
    problems: list[str] = []
    made = {}
    for role, email in ROLES.items():
        _token, key = api_token_create(user=User.objects.get(email=email), name="generated client")
        made[role] = package.AuthenticatedClient(
            base_url=live_server.url,
            token=key,
            prefix="Token",
            raise_on_unexpected_status=True,
            timeout=httpx.Timeout(30),
            httpx_args={"event_hooks": {"response": [gc.schema_checking_hook(problems)]}},
        )
    yield made
    for client in made.values():
        client.get_httpx_client().close()
    assert not problems, "\n".join(problems)


def _read_everything(package, clients, capsys):
    """Every list and detail (of the role's part of the API) read, each answer parsed into the models."""
    for role, client in clients.items():
        figures = gc.sweep_reads(package, client, skip=BINARY, prefixes=SWEEPS[role])
        with capsys.disabled():
            print(f"\ngenerated client reads[{role}]: {dict(sorted(figures.items()))}")


def _ok(response, status: int = 200):
    """The parsed model of a successful answer (an Error model or another status fails with the body)."""
    assert response.status_code == status, (int(response.status_code), response.content[:800])
    assert type(response.parsed).__name__ != "Error"
    return response.parsed


def _ids():
    def org_of(email, **filters):
        return Membership.objects.filter(user__email=email, **filters).values_list("organization_id", flat=True)[0]

    return {
        "buyer": Tender.objects.filter(created_by__email=ROLES["officer"]).values_list("buyer_id", flat=True)[0],
        "sme": org_of(ROLES["sme"], organization__kind="company"),
    }


@pytest.mark.django_db(transaction=True)
def test_generated_client_reads_everything_and_runs_the_main_flow_of_every_app(package, clients, capsys):
    _read_everything(package, clients, capsys)  # first, on the demo data as seeded
    op, models = gc.operations(package), package.models
    officer, sme, reviewer, nap = clients["officer"], clients["sme"], clients["reviewer"], clients["nap"]
    ids = _ids()
    now, day = timezone.now(), timedelta(days=1)

    # organizations: who am I, a token made and revoked, the directory and the CPV vocabulary
    assert _ok(op["organizations_me_list"].sync_detailed(client=sme)).email == ROLES["sme"]
    token = _ok(
        op["organizations_tokens_create"].sync_detailed(client=sme, body=models.ApiTokenRequest(name="integration")),
        201,
    )
    _ok(op["organizations_tokens_destroy"].sync_detailed(token.id, client=sme), 204)
    assert _ok(op["organizations_cpv_list"].sync_detailed(client=sme, q="storage")).results
    _ok(op["organizations_cpv_descendants_list"].sync_detailed("63100000", client=sme))

    # marketplace: the buyer drafts and publishes a tender, the SME asks, bids, submits and withdraws
    tender_body = models.TenderWriteRequest.from_dict(
        {
            "buyer": ids["buyer"],
            "title": "Storage for exercise material",
            "description": "Dry storage near a port.",
            "main_cpv": "63120000",
            "performance_country": "DE",
            "place_of_performance": "Bremerhaven",
            "estimated_value": "90000",
            "enquiry_deadline": (now + 7 * day).isoformat(),
            "submission_deadline": (now + 14 * day).isoformat(),
            "opening_at": (now + 15 * day).isoformat(),
            "award_method": "lowest_price",
            "lots": [{"title": "Lot 1", "cpv": "63120000", "quantity": 100, "unit": "pallet places"}],
        }
    )
    created = op["marketplace_tenders_create"].sync_detailed(client=officer, body=tender_body)
    tender = _ok(created, 201)
    tender = _ok(
        op["marketplace_tenders_publish_create"].sync_detailed(
            tender.id, client=officer, if_match=created.headers["ETag"]
        )
    )
    assert tender.state.value == "published"
    _ok(op["marketplace_tenders_retrieve"].sync_detailed(tender.id, client=sme))
    assert any(t.id == tender.id for t in _ok(op["marketplace_tenders_list"].sync_detailed(client=sme)).results)
    question = _ok(
        op["marketplace_tenders_questions_create"].sync_detailed(
            tender.id, client=sme, body=models.QuestionRequest(text="Is the storage heated?")
        ),
        201,
    )
    _ok(
        op["marketplace_questions_answer_create"].sync_detailed(
            question.id, client=officer, body=models.AnswerRequest(answer="Yes, to 15 °C.")
        )
    )
    bid_made = op["marketplace_bids_create"].sync_detailed(
        client=sme, body=models.BidRequest(tender=tender.id, bidder=ids["sme"])
    )
    bid = _ok(bid_made, 201)
    [lot] = tender.lots
    _ok(op["marketplace_lots_retrieve"].sync_detailed(lot.id, client=sme))
    updated = op["marketplace_bids_update"].sync_detailed(
        bid.id,
        client=sme,
        if_match=bid_made.headers["ETag"],
        body=models.BidWriteRequest.from_dict({"offers": [{"lot": lot.id, "price": "1000.00"}]}),
    )
    _ok(updated)
    assert _ok(op["marketplace_bids_submit_create"].sync_detailed(bid.id, client=sme)).state.value == "submitted"
    assert _ok(op["marketplace_bids_withdraw_create"].sync_detailed(bid.id, client=sme)).state.value == "withdrawn"
    _ok(op["marketplace_tenders_ocds_retrieve"].sync_detailed(tender.id, client=sme))
    _ok(op["marketplace_tenders_ocds_record_retrieve"].sync_detailed(tender.id, client=sme))
    _ok(op["marketplace_ocds_releases_list"].sync_detailed(client=sme))

    # a capacity listing published and paused, and the change feed followed to its end
    listing = _ok(
        op["marketplace_listings_create"].sync_detailed(
            client=sme,
            body=models.ListingRequest.from_dict(
                {
                    "provider": ids["sme"],
                    "kind": "storage",
                    "title": "Heated warehouse",
                    "cpv_codes": ["63122000"],
                    "available_from": now.date().isoformat(),
                    "available_until": (now + 90 * day).date().isoformat(),
                    "quantity": "2000",
                    "unit": "m2",
                    "country": "DE",
                }
            ),
        ),
        201,
    )
    _ok(op["marketplace_listings_publish_create"].sync_detailed(listing.id, client=sme))
    _ok(op["marketplace_listings_pause_create"].sync_detailed(listing.id, client=sme))
    page = _ok(op["marketplace_feed_list"].sync_detailed(client=sme, page_size=200))
    while page.results:
        page = _ok(op["marketplace_feed_list"].sync_detailed(client=sme, page_size=200, cursor=page.cursor))
    _ok(op["marketplace_notifications_list"].sync_detailed(client=sme))

    # compliance: the frameworks, an assessment opened (or the open one refused in the error shape)
    framework = _ok(op["compliance_frameworks_list"].sync_detailed(client=sme)).results[0]
    opened = op["compliance_assessments_create"].sync_detailed(
        client=sme, body=models.AssessmentRequest(organization=ids["sme"], framework=framework.id)
    )
    assert opened.status_code in (201, 409), opened.content
    assessments = _ok(op["compliance_assessments_list"].sync_detailed(client=sme)).results
    _ok(op["compliance_assessments_retrieve"].sync_detailed(assessments[0].id, client=sme))
    _ok(op["compliance_assessments_list"].sync_detailed(client=reviewer))
    _ok(op["compliance_badges_list"].sync_detailed(client=sme))

    # alliances: a consortium founded for the tender
    alliance = _ok(
        op["alliances_alliances_create"].sync_detailed(
            client=sme,
            body=models.AllianceRequest(
                founder=ids["sme"],
                kind=models.AllianceKindEnum.CONSORTIUM,
                name="North Sea storage group",
                purpose="Bid together for port storage.",
                target_tender=tender.id,
            ),
        ),
        201,
    )
    _ok(op["alliances_alliances_retrieve"].sync_detailed(alliance.id, client=sme))
    _ok(op["alliances_partners_list"].sync_detailed(client=sme))

    # loghubs, contracting, invoicing: what each role works with
    _ok(op["loghubs_hubs_list"].sync_detailed(client=nap))
    _ok(op["loghubs_jcc_requests_list"].sync_detailed(client=clients["jcc"]))
    _ok(op["loghubs_operator_requests_list"].sync_detailed(client=clients["hub"]))
    contracts = _ok(op["contracting_contracts_list"].sync_detailed(client=officer)).results
    _ok(op["contracting_contracts_retrieve"].sync_detailed(contracts[0].id, client=officer))
    _ok(op["contracting_contracts_ocds_retrieve"].sync_detailed(contracts[0].id, client=officer))
    _ok(op["invoicing_invoices_list"].sync_detailed(client=sme))
