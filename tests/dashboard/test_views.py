"""The dashboard: a new organization's first steps tick themselves off; work waiting across the apps links to
where it is done; buyers see their tenders by state; the nAP, JCC and hub see their requests; queries bounded."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alliances import services as alliance_services
from compliance import services as compliance_services
from compliance.models import AssessmentState, Framework
from marketplace import services as marketplace_services
from marketplace.matching.saved_searches import saved_search_create
from marketplace.models import Bid, BidState
from organizations.models import CpvCode
from tests.alliances.factories import consortium
from tests.loghubs.factories import Network, routed, submitted
from tests.marketplace.factories import (
    buyer_with_officer,
    published_tender,
    sme_with_member,
    submitted_bid,
    tender_data,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("cpv", "compliance_data")]


def _page(client, user, **headers):
    client.force_login(user)
    return client.get(reverse("dashboard"), **headers).content.decode()


def _section(page, element_id):
    return page.split(f'id="{element_id}"')[1].split("</section>")[0]


def test_a_new_company_gets_a_checklist_that_ticks_itself_off(client):
    company, admin = sme_with_member(legal_name="Neu GmbH", city="", description="")
    steps = _section(_page(client, admin), "first-steps")
    assert steps.count('class="mb-1 first-step"') == 4
    assert reverse("organization-edit", args=[company.pk]) in steps
    assert reverse("marketplace:listing-create") in steps
    assert reverse("marketplace:saved-searches") in steps
    compliance_services.assessment_start(
        organization=company, by=admin, framework=Framework.objects.get(key="defence_ready", is_current=True)
    )
    saved_search_create(user=admin, organization=company, name="Storage", cpv_codes=["63120000"])
    steps = _section(_page(client, admin), "first-steps")
    assert steps.count("first-step done") == 2
    german = _section(_page(client, admin, HTTP_ACCEPT_LANGUAGE="de"), "first-steps")
    assert "Ihre ersten Schritte auf ALX" in german
    assert "Freie Kapazität anbieten" in german
    company.city, company.description, company.headcount = "Kiel", "Lagerlogistik", 12
    company.save()
    company.capability_codes.add(CpvCode.objects.get(code="63120000"))
    marketplace_services.listing_create(
        provider=company,
        by=admin,
        kind="storage",
        title="Pallet places in Kiel",
        description="Dry storage.",
        cpv_codes=["63120000"],
        country="DE",
        available_from=timezone.localdate(),
        available_until=timezone.localdate() + timedelta(days=90),
        quantity=100,
        unit="m2",
    )
    assert 'id="first-steps"' not in _page(client, admin)


def test_a_member_is_not_sent_to_a_profile_form_only_an_admin_may_use(client):
    from organizations.models import MembershipRole
    from tests.organizations.factories import member_of

    company, _admin = sme_with_member(legal_name="Neu GmbH", city="", description="")
    member = member_of(company, MembershipRole.MEMBER)
    steps = _section(_page(client, member), "first-steps")
    assert reverse("organization-edit", args=[company.pk]) not in steps
    assert reverse("organization-detail", args=[company.pk]) in steps
    assert "Ask an admin of your organization to complete its profile" in steps
    german = _section(_page(client, member, HTTP_ACCEPT_LANGUAGE="de"), "first-steps")
    assert "Bitten Sie einen Admin Ihrer Organisation, das Profil zu vervollständigen" in german


def _supplier_with_work(django_capture_on_commit_callbacks):
    buyer, officer = buyer_with_officer()
    supplier, admin = sme_with_member(legal_name="Nordlicht Logistik GmbH")
    supplier.capability_codes.add(CpvCode.objects.get(code="63120000"))
    with django_capture_on_commit_callbacks(execute=True):
        tender = published_tender(buyer, officer, title="Storage for exercise material")
    bid = submitted_bid(tender, supplier, admin)
    Bid.objects.filter(pk=bid.pk).update(state=BidState.TO_RECONFIRM)  # as an amendment leaves it
    marketplace_services.question_ask(tender=tender, asker=supplier, text="Is a forklift on site?", by=admin)
    return buyer, officer, supplier, admin, tender


def test_a_supplier_sees_what_waits_across_the_apps_with_links(client, django_capture_on_commit_callbacks):
    _buyer, _officer, supplier, admin, tender = _supplier_with_work(django_capture_on_commit_callbacks)
    alliance, members = consortium()
    alliance_services.alliance_invite(alliance=alliance, organization=supplier, by=members[0][1])
    assessment = compliance_services.assessment_start(
        organization=supplier, by=admin, framework=Framework.objects.get(key="iso9001", is_current=True)
    )
    assessment.state = AssessmentState.NEEDS_MORE
    assessment.save()
    page = _page(client, admin)
    work = _section(page, "work")
    assert "was amended: check your bid and reconfirm it" in work
    assert reverse("marketplace:bid-edit", args=[tender.pk]) in work
    assert "A reviewer returned your ISO 9001" in work
    assert "You are invited into “Baltic Lift Consortium”: accept or decline." in work
    assert reverse("compliance:assessment", args=[assessment.pk]) in work
    fits = _section(page, "fits")
    assert "Storage for exercise material" in fits
    assert "Why:" in fits
    assert reverse("marketplace:tender-detail", args=[tender.pk]) in fits
    readiness = _section(page, "readiness")
    assert reverse("compliance:assessment", args=[assessment.pk]) in readiness
    german = _section(_page(client, admin, HTTP_ACCEPT_LANGUAGE="de"), "work")
    assert "wurde geändert: Prüfen Sie Ihr Angebot und bestätigen Sie es erneut." in german


def test_the_officer_sees_questions_to_answer_and_tenders_by_state(client, django_capture_on_commit_callbacks):
    buyer, officer, _supplier, _admin, tender = _supplier_with_work(django_capture_on_commit_callbacks)
    marketplace_services.tender_create(buyer=buyer, by=officer, **tender_data(title="Second tender"))
    page = _page(client, officer)
    work = _section(page, "work")
    assert "1 question on “Storage for exercise material” waits for your answer." in work
    assert reverse("marketplace:tender-detail", args=[tender.pk]) + "#questions" in work
    assert "“Second tender” is a draft: check it and publish it." in work
    states = _section(page, "tenders-by-state")
    assert 'data-state="draft"' in states
    assert 'data-state="published"' in states


def test_nap_jcc_and_hub_operator_see_the_requests_waiting_on_them(client):
    net = Network()
    waiting = submitted(net.de, net.de_nap, net.hub)
    jcc_work = _section(_page(client, net.jcc), "work")
    assert f"LH-{waiting.pk} from" in jcc_work
    assert "waits for the JCC to route it" in jcc_work
    assert reverse("loghubs:request-detail", args=[waiting.pk]) in jcc_work
    request, _offer = net.offered()
    de_work = _section(_page(client, net.de_nap), "work")
    assert f"LH-{request.pk}: {net.hub.name} offers its service; accept or decline it." in de_work
    assert reverse("loghubs:offers") in de_work
    routed_here = routed(net.de, net.de_nap, net.hub, net.jcc)
    lt_work = _section(_page(client, net.lt_nap), "work")
    assert f"LH-{routed_here.pk} for Logistics Battalion 161 was routed to {net.hub.name}: make your offer." in lt_work


def test_the_dashboard_takes_a_fixed_number_of_queries_whatever_the_rows(client, django_capture_on_commit_callbacks):
    _buyer, _officer, supplier, admin, _tender = _supplier_with_work(django_capture_on_commit_callbacks)
    client.force_login(admin)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("dashboard")).status_code == 200
        return len(queries)

    few = count()
    buyer, officer = buyer_with_officer(country="PL")
    for n in range(4):
        with django_capture_on_commit_callbacks(execute=True):
            tender = published_tender(
                buyer,
                officer,
                title=f"More storage {n}",
                submission_deadline=timezone.now() + timedelta(days=3 + n),
                opening_at=timezone.now() + timedelta(days=3 + n, hours=1),
                enquiry_deadline=timezone.now() + timedelta(days=2),
            )
        bid = submitted_bid(tender, supplier, admin)
        Bid.objects.filter(pk=bid.pk).update(state=BidState.TO_RECONFIRM)
    many = count()
    assert many == few
    assert many <= 40
