"""The compliance API: permission matrix per endpoint, private assessments and evidence, sharing, screening."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from compliance import services
from organizations.models import MembershipRole
from tests.compliance.factories import answered_assessment, badge, mini_framework, reviewer
from tests.organizations.factories import OrganizationFactory, UserFactory, member_of, with_platform_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings, tmp_path, compliance_data):
    """Two SMEs: `own` with a draft and a submitted assessment (with evidence), and `other`."""
    settings.MEDIA_ROOT = tmp_path
    own, other, partner = OrganizationFactory(), OrganizationFactory(), OrganizationFactory()
    admin = member_of(own, MembershipRole.ADMIN)
    submitted = answered_assessment(own, admin)
    evidence = services.evidence_upload(
        assessment=submitted,
        requirement="S1.1",
        upload=SimpleUploadedFile("policy.pdf", b"%PDF secret"),
        effective_date=date(2026, 1, 1),
        by=admin,
    )
    services.assessment_submit(assessment=submitted, by=admin)
    from compliance.models import Framework

    draft = services.assessment_start(organization=own, framework=Framework.objects.get(key="iso9001"), by=admin)
    return {
        "own": own,
        "other": other,
        "partner": partner,
        "admin": admin,
        "submitted": submitted,
        "draft": draft,
        "evidence": evidence,
    }


def client(user=None):
    api = APIClient()
    if user is not None:
        api.force_authenticate(user)
    return api


def _actor(world, role):
    return {
        "anonymous": None,
        "own_admin": world["admin"],
        "own_member": member_of(world["own"]),
        "outsider": member_of(world["other"], MembershipRole.ADMIN),
        "partner": member_of(world["partner"]),
        "reviewer": reviewer(),
        "platform_admin": with_platform_role(UserFactory(), "platform_admin"),
    }[role]


MATRIX = [
    # (role, method, path template, expected status)
    ("anonymous", "get", "/api/v1/compliance/assessments/{submitted}/", 401),
    ("own_member", "get", "/api/v1/compliance/assessments/{draft}/", 200),
    ("own_member", "get", "/api/v1/compliance/assessments/{submitted}/", 200),
    ("own_member", "post", "/api/v1/compliance/assessments/{draft}/answers/", 201),
    ("outsider", "get", "/api/v1/compliance/assessments/{draft}/", 404),
    ("outsider", "get", "/api/v1/compliance/assessments/{submitted}/", 404),
    ("outsider", "post", "/api/v1/compliance/assessments/{draft}/answers/", 404),
    ("outsider", "get", "/api/v1/compliance/evidence/{evidence}/download/", 404),
    ("outsider", "get", "/api/v1/compliance/assessments/{submitted}/export/", 404),
    ("partner", "get", "/api/v1/compliance/assessments/{submitted}/", 404),  # nothing shared yet
    ("reviewer", "get", "/api/v1/compliance/assessments/{submitted}/", 200),
    ("reviewer", "get", "/api/v1/compliance/assessments/{draft}/", 404),  # drafts stay private
    ("reviewer", "post", "/api/v1/compliance/assessments/{submitted}/answers/", 403),
    ("reviewer", "get", "/api/v1/compliance/evidence/{evidence}/download/", 200),
    ("own_member", "post", "/api/v1/compliance/assessments/{submitted}/decision/", 403),
    ("outsider", "post", "/api/v1/compliance/assessments/{submitted}/decision/", 404),
    ("platform_admin", "get", "/api/v1/compliance/assessments/{draft}/", 404),
]


@pytest.mark.parametrize(("role", "method", "path", "expected"), MATRIX)
def test_assessment_permission_matrix(world, role, method, path, expected):
    url = path.format(submitted=world["submitted"].pk, draft=world["draft"].pk, evidence=world["evidence"].pk)
    body = {"requirement": "4.1", "status": "compliant"} if path.endswith("answers/") else {"decision": "accepted"}
    response = getattr(client(_actor(world, role)), method)(url, body if method == "post" else None, format="json")
    if response.streaming:
        b"".join(response.streaming_content)  # read the download to the end, which closes the file
    assert response.status_code == expected


def test_lists_show_only_what_the_user_may_see(world):
    def ids(user):
        return {a["id"] for a in client(user).get("/api/v1/compliance/assessments/").json()["results"]}

    assert ids(world["admin"]) == {world["submitted"].pk, world["draft"].pk}
    assert ids(_actor(world, "outsider")) == set()
    assert ids(reviewer()) == {world["submitted"].pk}
    evidence = client(_actor(world, "outsider")).get("/api/v1/compliance/evidence/").json()
    assert evidence["count"] == 0


def test_sharing_opens_submitted_assessments_and_evidence_to_the_partner_until_revoked(world):
    partner_user = _actor(world, "partner")
    share = client(world["admin"]).post(
        "/api/v1/compliance/shares/", {"owner": world["own"].pk, "grantee": world["partner"].pk}, format="json"
    )
    assert share.status_code == 201
    partner = client(partner_user)
    assert partner.get(f"/api/v1/compliance/assessments/{world['submitted'].pk}/").status_code == 200
    assert partner.get(f"/api/v1/compliance/assessments/{world['draft'].pk}/").status_code == 404
    download = partner.get(f"/api/v1/compliance/evidence/{world['evidence'].pk}/download/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF secret"
    assert client(world["admin"]).delete(f"/api/v1/compliance/shares/{share.json()['id']}/").status_code == 204
    assert partner.get(f"/api/v1/compliance/assessments/{world['submitted'].pk}/").status_code == 404


def test_sharing_with_a_missing_organization_is_a_field_error(world):
    response = client(world["admin"]).post(
        "/api/v1/compliance/shares/", {"owner": world["own"].pk, "grantee": 999999}, format="json"
    )
    assert response.status_code == 400
    assert "no organization" in response.json()["errors"]["grantee"][0]


def test_members_cannot_share_only_admins(world):
    response = client(member_of(world["own"])).post(
        "/api/v1/compliance/shares/", {"owner": world["own"].pk, "grantee": world["partner"].pk}, format="json"
    )
    assert response.status_code == 400
    assert "owner" in response.json()["errors"]


def test_badges_are_public_but_scores_only_where_shared(world):
    held = badge(world["other"])
    listed = client(world["admin"]).get("/api/v1/compliance/badges/", {"organization": world["other"].pk}).json()
    assert [(b["id"], b["score"], b["status"]) for b in listed["results"]] == [(held.pk, None, "active")]
    own_view = client(member_of(world["other"])).get(f"/api/v1/compliance/badges/{held.pk}/").json()
    assert own_view["score"] == "80.0"


def test_suspended_badges_of_others_disappear_and_only_reviewers_suspend(world):
    held = badge(world["other"])
    outsider = client(world["admin"])
    assert (
        outsider.post(f"/api/v1/compliance/badges/{held.pk}/suspend/", {"reason": "x"}, format="json").status_code
        == 403
    )
    suspended = client(reviewer()).post(
        f"/api/v1/compliance/badges/{held.pk}/suspend/", {"reason": "Audit"}, format="json"
    )
    assert suspended.status_code == 200
    assert suspended.json()["status"] == "suspended"
    assert outsider.get(f"/api/v1/compliance/badges/{held.pk}/").status_code == 404


def test_review_through_the_api_issues_the_checked_badge(world):
    checker = client(reviewer())
    url = f"/api/v1/compliance/assessments/{world['submitted'].pk}/"
    assert checker.post(url + "comments/", {"requirement": "S2.2", "text": "Fine."}, format="json").status_code == 201
    decided = checker.post(url + "decision/", {"decision": "accepted"}, format="json")
    assert decided.status_code == 200
    assert decided.json()["state"] == "accepted"
    badges = client(world["admin"]).get("/api/v1/compliance/badges/", {"organization": world["own"].pk}).json()
    assert {(b["level"], b["status"]) for b in badges["results"]} >= {("checked", "active")}


def test_answer_of_a_foreign_requirement_and_second_open_assessment_are_clear_errors(world):
    api = client(world["admin"])
    wrong = api.post(
        f"/api/v1/compliance/assessments/{world['draft'].pk}/answers/",
        {"requirement": "S1.1", "status": "compliant"},
        format="json",
    )
    assert wrong.status_code == 400
    assert "does not belong" in wrong.json()["errors"]["requirement"][0]
    again = api.post(
        "/api/v1/compliance/assessments/",
        {"organization": world["own"].pk, "framework": world["draft"].framework_id},
        format="json",
    )
    assert again.status_code == 409
    assert again.json()["type"] == "assessment_open"


def test_upload_limits_answer_with_the_error_format(world):
    api = client(world["admin"])
    url = f"/api/v1/compliance/assessments/{world['draft'].pk}/evidence/"
    response = api.post(
        url,
        {"requirement": "4.1", "effective_date": "2026-01-01", "file": SimpleUploadedFile("run.exe", b"MZ")},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json()["type"] == "file_type"
    created = api.post(
        url,
        {"requirement": "4.1", "effective_date": "2026-01-01", "file": SimpleUploadedFile("scope.pdf", b"%PDF")},
        format="multipart",
    )
    assert created.status_code == 201
    assert len(created.json()["sha256"]) == 64


def test_csv_export_and_statement_of_applicability(world):
    from compliance.models import Framework

    api = client(world["admin"])
    csv_text = api.get(f"/api/v1/compliance/assessments/{world['submitted'].pk}/export/").content.decode()
    assert "S1.1,Documented processes,2,compliant" in csv_text
    assert "policy.pdf (v1" in csv_text
    iso = services.assessment_start(
        organization=world["own"], framework=Framework.objects.get(key="iso27001"), by=world["admin"]
    )
    services.assessment_answer(
        assessment=iso,
        requirement="A.7.1",
        status="not_applicable",
        by=world["admin"],
        not_applicable_reason="Fully remote company without premises",
    )
    soa = api.get(f"/api/v1/compliance/assessments/{iso.pk}/soa/").content.decode().splitlines()
    assert soa[0] == "control,title,theme,applicable,justification,implementation,evidence"
    assert len(soa) == 1 + 93
    assert any(line.startswith("A.7.1,") and ",no,Fully remote company without premises" in line for line in soa)
    not_iso = api.get(f"/api/v1/compliance/assessments/{world['submitted'].pk}/soa/")
    assert not_iso.status_code == 404


def test_screening_endpoint(world):
    api = client(world["admin"])
    result = api.post(
        "/api/v1/compliance/screening/", {"classification": "5a002", "destination": "us"}, format="json"
    ).json()
    assert result["outcome"] == "licence_required"
    assert result["classification"] == "5A002"
    bad = api.post("/api/v1/compliance/screening/", {"classification": "ML99", "destination": "ZZ"}, format="json")
    assert bad.status_code == 400
    assert set(bad.json()["errors"]) == {"destination"}
    bad_code = api.post("/api/v1/compliance/screening/", {"classification": "ML99", "destination": "FR"}, format="json")
    assert bad_code.status_code == 400
    assert "export_classification" in bad_code.json()["errors"]


def test_framework_library_ships_four_frameworks_with_93_annex_a_controls(compliance_data):
    api = client(UserFactory())
    keys = {f["key"] for f in api.get("/api/v1/compliance/frameworks/").json()["results"]}
    assert keys >= {"iso27001", "iso9001", "export_icp", "defence_ready"}
    iso = next(f for f in api.get("/api/v1/compliance/frameworks/").json()["results"] if f["key"] == "iso27001")
    requirements = api.get(f"/api/v1/compliance/frameworks/{iso['id']}/").json()["requirements"]
    annex = [r for r in requirements if r["code"].startswith("A.") and not r["is_section"]]
    assert len(annex) == 93
    assert {r["section"] for r in annex} == {"A.5", "A.6", "A.7", "A.8"}
    assert mini_framework().key == "mini"
