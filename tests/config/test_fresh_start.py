"""A fresh installation: the set-up steps `make run` takes (config.setup.database_prepare, the function the
launcher calls) on an empty database, then every feature used once as a newcomer would. A reference data set
a feature needs but the set-up forgets to load fails here."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from alliances.models import Alliance, AllianceState, MemberRole
from alliances.services import alliance_create, alliance_invite, invitation_answer, members_set
from compliance.models import Assessment, Framework
from config.setup import database_prepare
from loghubs import services as loghubs_services
from loghubs.models import Hub, ServiceRequest
from marketplace import services as marketplace_services
from organizations.models import Organization, User

pytestmark = pytest.mark.django_db(transaction=True)


def logged_in(email: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=email))
    return client


def test_make_run_set_up_on_an_empty_database_lets_a_newcomer_use_every_feature():
    call_command("flush", interactive=False, verbosity=0)
    database_prepare(lambda *args: call_command(*args, verbosity=0), demo=True)

    # Alliance: draw up the agreement, read its PDF, every member signs; the alliance becomes active.
    lead_admin, partner_admin = User.objects.get(email="sme@alx.example"), User.objects.get(email="sme.pl@alx.example")
    lead, partner = lead_admin.memberships.get().organization, partner_admin.memberships.get().organization
    alliance = alliance_create(
        founder=lead,
        by=lead_admin,
        kind="consortium",
        name="Fresh Start Consortium",
        purpose="A joint bid for field kitchens.",
    )
    invitation = alliance_invite(alliance=alliance, organization=partner, by=lead_admin, role=MemberRole.PARTNER)
    invitation_answer(invitation=invitation, accept=True, by=partner_admin)
    members_set(
        alliance=alliance,
        by=lead_admin,
        rows=[
            {"organization": lead.pk, "work_share": 60, "cost_share": 60, "contribution": "Kitchens"},
            {"organization": partner.pk, "work_share": 40, "cost_share": 40, "contribution": "Transport"},
        ],
    )
    lead_client, partner_client = logged_in("sme@alx.example"), logged_in("sme.pl@alx.example")
    page = reverse("alliances:agreement", args=[alliance.pk])
    response = lead_client.post(
        page,
        {
            "language": "de",
            "liability_cap": "500000",
            "arbitration_seat": "Wien",
            "governing_law": "österreichisches Recht",
            "notice_days": 90,
        },
        follow=True,
    )
    assert response.status_code == 200, response.content.decode()[:2000]
    assert "manage.py" not in response.content.decode()
    pdf = lead_client.get(reverse("alliances:version-pdf", args=[alliance.pk, 1]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content[:5] == b"%PDF-"
    for client, organization in ((partner_client, partner), (lead_client, lead)):
        client.post(reverse("alliances:sign", args=[alliance.pk]), {"version": 1, "organization": organization.pk})
    assert Alliance.objects.get(pk=alliance.pk).state == AllianceState.ACTIVE

    # Marketplace: a listing and a tender, both found on their pages.
    listing = marketplace_services.listing_create(
        provider=lead,
        by=lead_admin,
        title="Mobile field kitchens",
        kind="other",
        cpv_codes=["39221180"],
        country="DE",
        description="Four kitchens.",
        quantity=Decimal("4"),
        unit="units",
        available_from=timezone.localdate(),
        available_until=timezone.localdate() + timedelta(days=30),
    )
    assert lead_client.get(reverse("marketplace:listing-detail", args=[listing.pk])).status_code == 200
    officer = User.objects.get(email="officer@alx.example")
    now = timezone.now()
    tender = marketplace_services.tender_create(
        buyer=officer.memberships.get().organization,
        by=officer,
        title="Field kitchens for an exercise",
        description="Kitchens.",
        main_cpv="39221180",
        performance_country="DE",
        estimated_value=Decimal("90000"),
        enquiry_deadline=now + timedelta(days=5),
        submission_deadline=now + timedelta(days=10),
        opening_at=now + timedelta(days=10, hours=1),
        award_method="lowest_price",
        criteria=[{"name": "Price", "kind": "price", "weight": 100}],
        lots=[{"title": "Kitchens", "cpv": "39221180", "quantity": 4, "unit": "pieces"}],
    )
    marketplace_services.tender_publish(tender=tender, by=officer)
    assert lead_client.get(reverse("marketplace:tender-detail", args=[tender.pk])).status_code == 200

    # Defence Ready: start an assessment of every framework the set-up loaded.
    assert Framework.objects.count() >= 4
    for framework in Framework.objects.all():
        lead_client.post(reverse("compliance:assessment-start"), {"framework": framework.pk})
    assessment = Assessment.objects.filter(organization=lead).first()
    assert assessment is not None
    assert lead_client.get(reverse("compliance:assessment", args=[assessment.pk])).status_code == 200

    # LogHubs: the German nAP files a request, which the JCC sees.
    nap = User.objects.get(email="nap.de@alx.example")
    hub = Hub.objects.filter(services__kind="storage").first()
    start = now + timedelta(days=14)
    request = loghubs_services.request_create(
        nation=Organization.objects.get(registration_id="NATION-DE"),
        by=nap,
        requesting_unit="Fresh start unit",
        service_kind="storage",
        target_hub=hub,
        period_start=start,
        period_end=start + timedelta(days=2),
        quantity=1,
        priority=3,
        mode_in="road",
        mode_out="road",
        cargo=[],
    )
    loghubs_services.request_submit(request=request, by=nap)
    assert ServiceRequest.objects.get(pk=request.pk).state == "submitted"
    jcc_page = logged_in("jcc@alx.example").get(reverse("loghubs:request-detail", args=[request.pk]))
    assert jcc_page.status_code == 200
    assert "Fresh start unit" in jcc_page.content.decode()
