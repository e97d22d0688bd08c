"""Browser pages of the alliances app: members-only alliance pages, the shares form, the agreement PDF, partner
search and first contact."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from alliances import services
from alliances.agreements import agreement_generate, clause_library_load
from alliances.models import AllianceMember, ContactRequest
from compliance.models import Assessment, Badge, Framework
from organizations.models import CpvCode
from tests.alliances.factories import consortium, sme

pytestmark = pytest.mark.django_db

SETTINGS = {"notice_days": 60, "liability_cap": "250000", "arbitration_seat": "Vienna", "governing_law": "Austrian law"}


@pytest.fixture
def team():
    alliance, members = consortium()
    return alliance, members


def logged_in(client, user):
    client.force_login(user)
    return client


def test_outsider_gets_404_on_alliance_page_and_workspace(client, team):
    alliance, _members = team
    _org, outsider = sme()
    logged_in(client, outsider)
    for name in ("detail", "workspace", "agreement"):
        assert client.get(reverse(f"alliances:{name}", args=[alliance.pk])).status_code == 404
    assert (
        client.post(reverse("alliances:thread-start", args=[alliance.pk]), {"subject": "x", "text": "y"}).status_code
        == 404
    )


def test_member_sees_alliance_page_and_workspace(client, team):
    alliance, members = team
    logged_in(client, members[1][1])
    page = client.get(reverse("alliances:detail", args=[alliance.pk]))
    assert page.status_code == 200
    assert b'id="shares-form"' in page.content
    assert client.get(reverse("alliances:workspace", args=[alliance.pk])).status_code == 200


def test_invitee_sees_summary_but_not_workspace(client, team):
    alliance, members = team
    invitee, invitee_admin = sme("FR")
    services.alliance_invite(alliance=alliance, organization=invitee, by=members[0][1])
    logged_in(client, invitee_admin)
    page = client.get(reverse("alliances:detail", args=[alliance.pk]))
    assert page.status_code == 200
    assert b'id="accept-invitation"' in page.content
    assert b'id="shares-form"' not in page.content
    assert client.get(reverse("alliances:workspace", args=[alliance.pk])).status_code == 404
    assert client.get(reverse("alliances:agreement", args=[alliance.pk])).status_code == 404


def test_invitee_accepts_from_the_index(client, team):
    alliance, members = team
    invitee, invitee_admin = sme("FR")
    invitation = services.alliance_invite(alliance=alliance, organization=invitee, by=members[0][1])
    logged_in(client, invitee_admin)
    assert alliance.name.encode() in client.get(reverse("alliances:index")).content
    response = client.post(reverse("alliances:invitation-answer", args=[invitation.pk, "accept"]))
    assert response.status_code == 302
    assert AllianceMember.objects.filter(alliance=alliance, organization=invitee, left_at__isnull=True).exists()


def _shares_post(members, work, cost):
    data = {"lead": members[0][0].pk}
    for (organization, _admin), w, c in zip(members, work, cost, strict=True):
        data |= {
            f"work_share_{organization.pk}": w,
            f"cost_share_{organization.pk}": c,
            f"contribution_{organization.pk}": "Work package",
        }
    return data


def test_shares_not_adding_up_rerender_with_error_and_change_nothing(client, team):
    alliance, members = team
    logged_in(client, members[0][1])
    response = client.post(
        reverse("alliances:members-set", args=[alliance.pk]), _shares_post(members, (60, 30), (50, 50))
    )
    assert response.status_code == 400
    assert "add up to 100%" in response.content.decode()
    assert all(m.work_share == 0 for m in AllianceMember.objects.filter(alliance=alliance))


def test_shares_adding_up_are_saved(client, team):
    alliance, members = team
    logged_in(client, members[0][1])
    response = client.post(
        reverse("alliances:members-set", args=[alliance.pk]), _shares_post(members, (60, 40), (55, 45))
    )
    assert response.status_code == 302
    shares = dict(AllianceMember.objects.filter(alliance=alliance).values_list("organization_id", "work_share"))
    assert shares[members[0][0].pk] == 60


def test_pdf_download_for_members_only(client, team):
    clause_library_load()
    alliance, members = team
    agreement_generate(alliance=alliance, by=members[0][1], settings=SETTINGS)
    url = reverse("alliances:version-pdf", args=[alliance.pk, 1])
    response = logged_in(client, members[1][1]).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    _org, outsider = sme()
    assert logged_in(client, outsider).get(url).status_code == 404


def test_agreement_generated_changed_and_compared_through_the_pages(client, team):
    clause_library_load()
    alliance, members = team
    logged_in(client, members[0][1])
    response = client.post(reverse("alliances:agreement", args=[alliance.pk]), {"language": "en", **SETTINGS})
    assert response.status_code == 302
    response = client.post(
        reverse("alliances:clause-change", args=[alliance.pk]),
        {"clause_key": "confidentiality", "text": "Keep it secret for ten years.", "note": "longer"},
    )
    assert response.status_code == 302
    diff = client.get(reverse("alliances:diff", args=[alliance.pk]) + "?a=1&b=2")
    assert b'class="diff-added"' in diff.content
    assert b"secret" in diff.content
    assert b"Keep it secret" in client.get(reverse("alliances:version", args=[alliance.pk, 2])).content


def _capable(organization, code):
    organization.capability_codes.add(CpvCode.objects.get(code=code))


def _badge(organization):
    framework = Framework.objects.first()
    assessment = Assessment.objects.create(organization=organization, framework=framework, state="accepted")
    today = timezone.localdate()
    Badge.objects.create(
        organization=organization,
        kind="iso9001",
        level="checked",
        assessment=assessment,
        score=90,
        issued_on=today - timedelta(days=1),
        valid_until=today + timedelta(days=300),
    )


@pytest.mark.usefixtures("cpv", "compliance_data")
def test_partner_search_finds_by_cpv_subtree_and_shows_badges(client):
    _me, me_admin = sme()
    carrier, _admin = sme(legal_name="Nordlicht Spedition GmbH")
    _capable(carrier, "60100000")
    _badge(carrier)
    warehouse, _admin2 = sme(legal_name="Lagerhaus Süd GmbH")
    _capable(warehouse, "63120000")
    logged_in(client, me_admin)
    page = client.get(reverse("alliances:partners"), {"cpv": "60000000"}).content.decode()
    assert "Nordlicht Spedition GmbH" in page
    assert "Lagerhaus Süd GmbH" not in page
    assert 'data-kind="iso9001"' in page
    detail = client.get(reverse("alliances:partner", args=[carrier.pk])).content.decode()
    assert 'id="dd-partner"' in detail
    assert 'id="dd-you"' in detail


def test_contact_details_stay_hidden_until_revealed(client):
    _sender, sender_admin = sme()
    recipient, recipient_admin = sme(legal_name="Alpenfunk Systeme GmbH")
    logged_in(client, sender_admin)
    response = client.post(
        reverse("alliances:partner-contact", args=[recipient.pk]),
        {"subject": "Radar bid", "message": "Shall we bid together?"},
    )
    assert response.status_code == 302
    assert recipient_admin.email not in client.get(reverse("alliances:contacts")).content.decode()
    contact = ContactRequest.objects.get()
    client.force_login(recipient_admin)
    assert client.post(reverse("alliances:contact-reveal", args=[contact.pk])).status_code == 302
    client.force_login(sender_admin)
    assert recipient_admin.email in client.get(reverse("alliances:contacts")).content.decode()


def test_found_an_alliance_and_see_the_kinds(client):
    founder, admin = sme()
    logged_in(client, admin)
    assert client.get(reverse("alliances:kinds")).status_code == 200
    response = client.post(
        reverse("alliances:create"), {"kind": "consortium", "name": "Harbour Lift", "purpose": "Port logistics"}
    )
    assert response.status_code == 302
    assert AllianceMember.objects.get(organization=founder).role == "lead"


def test_workspace_thread_document_and_task(client, team):
    from django.core.files.uploadedfile import SimpleUploadedFile

    alliance, members = team
    logged_in(client, members[1][1])
    base = [alliance.pk]
    assert (
        client.post(
            reverse("alliances:thread-start", args=base), {"subject": "Kick-off", "text": "Monday?"}
        ).status_code
        == 302
    )
    thread = alliance.threads.get()
    assert (
        client.post(reverse("alliances:message-post", args=[alliance.pk, thread.pk]), {"text": "Yes."}).status_code
        == 302
    )
    upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan", content_type="application/pdf")
    response = client.post(reverse("alliances:document-upload", args=base), {"title": "Plan", "file": upload})
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert client.post(reverse("alliances:task-add", args=base), {"title": "Price lot 2"}).status_code == 302
    task = alliance.tasks.get()
    client.post(reverse("alliances:task-toggle", args=[alliance.pk, task.pk]))
    task.refresh_from_db()
    assert task.state == "done"
    page = client.get(reverse("alliances:workspace", args=base) + "?tab=threads").content.decode()
    assert "Kick-off" in page
    assert "Yes." in page


def test_leaving_without_exit_steps_is_refused(client, team):
    alliance, members = team
    logged_in(client, members[1][1])
    response = client.post(reverse("alliances:leave", args=[alliance.pk]), {"leave-reason": "Other priorities"})
    assert response.status_code == 400
    assert AllianceMember.objects.filter(organization=members[1][0], left_at__isnull=True).exists()


def test_announcements_list_and_create(client):
    _org, admin = sme()
    logged_in(client, admin)
    assert b"Nobody is looking" in client.get(reverse("alliances:announcements")).content
    response = client.post(reverse("alliances:announcements"), {"topic": "Radar lot", "text": "Need a partner."})
    assert response.status_code == 302
    assert b"Radar lot" in client.get(reverse("alliances:announcements")).content
