"""The alliances API: permission matrix, a private workspace, invitations, partner search, first contact."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from tests.alliances.factories import consortium, sme
from tests.organizations.factories import UserFactory, member_of, with_platform_role

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def world(compliance_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    alliance, members = consortium()
    invitee, invitee_admin = sme("FR")
    api(members[0][1]).post(
        f"/api/v1/alliances/alliances/{alliance.pk}/invite/", {"organization": invitee.pk}, format="json"
    )
    _outsider_org, outsider = sme("IT")
    return {
        "alliance": alliance,
        "lead": members[0][1],
        "partner": members[1][1],
        "partner_member": member_of(members[1][0]),
        "invitee": invitee_admin,
        "outsider": outsider,
        "staff": with_platform_role(UserFactory(is_superuser=True), "platform_admin"),
        "members": members,
    }


@pytest.mark.parametrize(
    ("who", "method", "path", "expected"),
    [
        ("anonymous", "get", "", 401),
        ("lead", "get", "", 200),
        ("partner_member", "get", "", 200),
        ("invitee", "get", "", 200),  # sees the invitation's alliance
        ("outsider", "get", "", 404),
        ("staff", "get", "", 404),  # platform staff do not see private alliances
        ("invitee", "get", "threads/", 404),  # but not the workspace
        ("outsider", "get", "threads/", 404),
        ("partner_member", "get", "threads/", 200),
        ("partner_member", "post", "invite/", 403),  # members who are not admins cannot invite
        ("outsider", "post", "invite/", 404),
        ("outsider", "get", "documents/", 404),
    ],
)
def test_alliance_permission_matrix(world, who, method, path, expected):
    url = f"/api/v1/alliances/alliances/{world['alliance'].pk}/{path}"
    body = {"organization": sme("SE")[0].pk} if path == "invite/" else None
    response = getattr(api(world.get(who)), method)(url, body, format="json")
    assert response.status_code == expected, response.content


def test_workspace_threads_documents_and_tasks_stay_inside(world):
    base = f"/api/v1/alliances/alliances/{world['alliance'].pk}/"
    partner = api(world["partner"])
    thread = partner.post(base + "threads/", {"subject": "Lot split", "text": "We take lot 2."}, format="json")
    assert thread.status_code == 201
    assert (
        api(world["lead"])
        .post(f"/api/v1/alliances/threads/{thread.json()['id']}/messages/", {"text": "Agreed."}, format="json")
        .status_code
        == 201
    )
    assert api(world["outsider"]).get(f"/api/v1/alliances/threads/{thread.json()['id']}/").status_code == 404
    doc = partner.post(
        base + "documents/",
        {"title": "Work plan", "file": SimpleUploadedFile("plan.pdf", b"%PDF 1")},
        format="multipart",
    )
    assert doc.status_code == 201
    v2 = partner.post(
        base + "documents/",
        {"file": SimpleUploadedFile("plan.pdf", b"%PDF 2"), "replaces": doc.json()["id"]},
        format="multipart",
    )
    assert v2.json()["version"] == 2
    assert v2.json()["title"] == "Work plan"
    assert len(partner.get(base + "documents/").json()) == 2  # old versions kept
    assert api(world["outsider"]).get(doc.json()["download_url"]).status_code == 404
    task = partner.post(base + "tasks/", {"title": "Draft security concept"}, format="json")
    assert (
        api(world["lead"])
        .patch(f"/api/v1/alliances/tasks/{task.json()['id']}/", {"state": "done"}, format="json")
        .json()["state"]
        == "done"
    )


def test_invitation_is_answered_by_the_invited_organization(world):
    invitations = api(world["invitee"]).get("/api/v1/alliances/invitations/").json()["results"]
    assert len(invitations) == 1
    assert (
        api(world["outsider"]).post(f"/api/v1/alliances/invitations/{invitations[0]['id']}/accept/").status_code == 404
    )
    accepted = api(world["invitee"]).post(f"/api/v1/alliances/invitations/{invitations[0]['id']}/accept/")
    assert accepted.json()["state"] == "accepted"
    assert api(world["invitee"]).get(f"/api/v1/alliances/alliances/{world['alliance'].pk}/threads/").status_code == 200


def test_shares_not_adding_up_and_a_lead_outside_are_field_errors(world):
    members = world["members"]
    url = f"/api/v1/alliances/alliances/{world['alliance'].pk}/members/"
    rows = [
        {"organization": members[0][0].pk, "work_share": 60, "cost_share": 50},
        {"organization": members[1][0].pk, "work_share": 30, "cost_share": 50},
    ]
    response = api(world["lead"]).put(url, {"members": rows}, format="json")
    assert response.status_code == 400
    assert "work_share" in response.json()["errors"]
    rows[1]["work_share"] = 40
    outside = api(world["lead"]).put(url, {"members": rows, "lead": sme("SE")[0].pk}, format="json")
    assert outside.status_code == 400
    assert "lead" in outside.json()["errors"]


def test_leaving_without_exit_steps_is_refused(world):
    members = world["members"]
    response = api(world["partner"]).post(
        f"/api/v1/alliances/alliances/{world['alliance'].pk}/leave/",
        {"organization": members[1][0].pk, "exit_steps_done": False, "reason": "x"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["type"] == "exit_steps_missing"


def test_partner_search_due_diligence_and_contact(world, cpv):
    members = world["members"]
    members[1][0].capability_codes.set(["60100000"])
    found = api(world["outsider"]).get("/api/v1/alliances/partners/", {"cpv": "60000000"}).json()
    assert [p["id"] for p in found["results"]] == [members[1][0].pk]
    dd = api(world["outsider"]).get(f"/api/v1/alliances/partners/{members[1][0].pk}/due-diligence/").json()
    assert dd["partner"]["shared"] is False
    assert dd["partner"]["scores"] == []
    assert "you" in dd
    outsider_org = world["outsider"].memberships.get().organization
    sent = api(world["outsider"]).post(
        "/api/v1/alliances/contacts/",
        {"sender": outsider_org.pk, "recipient": members[1][0].pk, "subject": "Teaming", "message": "Hello"},
        format="json",
    )
    assert sent.status_code == 201
    assert sent.json()["contact"] is None
    revealed = api(world["partner"]).post(f"/api/v1/alliances/contacts/{sent.json()['id']}/reveal/").json()
    assert world["partner"].email in revealed["contact"]


def test_an_alliance_cannot_be_overwritten_wholesale(world):
    response = api(world["lead"]).put(
        f"/api/v1/alliances/alliances/{world['alliance'].pk}/", {"name": "X"}, format="json"
    )
    assert response.status_code == 405


def test_agreement_through_the_api_generate_propose_diff_pdf_and_sign(world):
    from django.core.management import call_command

    call_command("load_clauses", verbosity=0)
    members = world["members"]
    base = f"/api/v1/alliances/alliances/{world['alliance'].pk}/"
    lead, partner = api(world["lead"]), api(world["partner"])
    rows = [
        {"organization": members[0][0].pk, "work_share": 60, "cost_share": 60},
        {"organization": members[1][0].pk, "work_share": 40, "cost_share": 40},
    ]
    assert lead.put(base + "members/", {"members": rows}, format="json").status_code == 200
    generated = lead.post(
        base + "agreement/",
        {"liability_cap": 500000, "arbitration_seat": "Vienna", "governing_law": "Austrian law"},
        format="json",
    )
    assert generated.status_code == 201
    assert generated.json()[-1]["number"] >= 1
    clause = generated.json()[-1]["clauses"][-1]
    proposed = partner.post(
        base + "agreement/propose/",
        {"clause": "confidentiality", "text": "Confidential for seven years."},
        format="json",
    )
    assert proposed.status_code == 201, proposed.content
    latest = proposed.json()["number"]
    diff = lead.get(base + "agreement/diff/", {"a": latest - 1, "b": latest}).json()
    assert any(item.get("key") == "confidentiality" for item in diff)
    assert clause
    pdf = lead.get(base + "agreement/document/", {"version": latest})
    assert pdf.content.startswith(b"%PDF")
    assert api(world["outsider"]).get(base + "agreement/document/", {"version": latest}).status_code == 404
    stale = lead.post(
        base + f"agreement/versions/{latest - 1}/sign/", {"organization": members[0][0].pk}, format="json"
    )
    assert stale.status_code in (400, 409)
    for user, (organization, _admin) in ((world["lead"], members[0]), (world["partner"], members[1])):
        signed = api(user).post(
            base + f"agreement/versions/{latest}/sign/", {"organization": organization.pk}, format="json"
        )
        assert signed.status_code == 201, signed.content
    assert lead.get(base).json()["state"] == "active"
