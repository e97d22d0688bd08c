"""Permission matrix of the compliance API: role (the owning SME's admin and plain member, a partner it shared
with, another SME, the compliance reviewer who took the review, a colleague reviewer, anonymous) × endpoint →
status. Another organization's assessment or evidence answers 404; a right the role lacks (reviewing, sharing,
suspending) 403; and the reviewer's take / release of an assessment through the API."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from compliance import selectors, services
from compliance.models import Assessment, Framework
from organizations.models import AuditEntry, MembershipRole
from tests.compliance.factories import answered_assessment, badge, reviewer
from tests.organizations.factories import OrganizationFactory, UserFactory, member_of, with_platform_role

pytestmark = pytest.mark.django_db

ROLES = ["own_admin", "own_member", "grantee", "outsider", "reviewer", "colleague", "anonymous"]

# endpoint: (method, path template, body key, {role: expected status}); unlisted roles expect DEFAULT.
DEFAULT = 200
EVERYONE = {"anonymous": 401}
# What the owning SME, the partner it shared with and reviewers see, others answer 404.
SHARED = {"outsider": 404, "anonymous": 401}
# Its drafts stay with the SME: not shared, not reviewed.
OWN_ONLY = {"grantee": 404, "outsider": 404, "reviewer": 404, "colleague": 404, "anonymous": 401}
# Reviewing is the reviewer's who took it: the SME and its partner see the assessment but may not review it.
TAKEN_BY_REVIEWER = {"own_admin": 403, "own_member": 403, "grantee": 403, "colleague": 403, **SHARED}
# Writes naming the owner: only its admins may, everyone else's body names an organization not theirs.
OWN_ADMIN_CREATES = {
    "own_admin": 201,
    "own_member": 400,
    "grantee": 400,
    "outsider": 400,
    "reviewer": 400,
    "colleague": 400,
    "anonymous": 401,
}
THIRD_SMES = {"own_admin": 404, "own_member": 404, "grantee": 404, "outsider": 404, "anonymous": 401}
REVIEWERS_ONLY = {"own_admin": 403, "own_member": 403, "grantee": 403, "outsider": 403, "anonymous": 401}
ENDPOINTS = {
    "frameworks": ("get", "/api/v1/compliance/frameworks/", None, EVERYONE),
    "framework": ("get", "/api/v1/compliance/frameworks/{framework}/", None, EVERYONE),
    "assessments": ("get", "/api/v1/compliance/assessments/", None, EVERYONE),
    "assessment create": (
        "post",
        "/api/v1/compliance/assessments/",
        "start",
        {**OWN_ADMIN_CREATES, "own_member": 201},  # any member may start one
    ),
    "submitted assessment": ("get", "/api/v1/compliance/assessments/{submitted}/", None, SHARED),
    "draft assessment": ("get", "/api/v1/compliance/assessments/{draft}/", None, OWN_ONLY),
    "draft answer": (
        "post",
        "/api/v1/compliance/assessments/{draft}/answers/",
        "answer",
        {**OWN_ONLY, "own_admin": 201, "own_member": 201},
    ),
    "submitted answers": ("get", "/api/v1/compliance/assessments/{submitted}/answers/", None, SHARED),
    "export": ("get", "/api/v1/compliance/assessments/{submitted}/export/", None, SHARED),
    "comment": (
        "post",
        "/api/v1/compliance/assessments/{submitted}/comments/",
        "comment",
        {**TAKEN_BY_REVIEWER, "reviewer": 201},
    ),
    "decision": ("post", "/api/v1/compliance/assessments/{submitted}/decision/", "decision", TAKEN_BY_REVIEWER),
    # Taking a review one holds already changes nothing; a colleague's take is refused while it is held.
    "review take": ("post", "/api/v1/compliance/assessments/{submitted}/review-take/", None, TAKEN_BY_REVIEWER),
    "review release": (
        "post",
        "/api/v1/compliance/assessments/{submitted}/review-release/",
        None,
        TAKEN_BY_REVIEWER,
    ),
    # A third SME's submitted assessment nobody took yet: any reviewer may take it; releasing what nobody
    # holds is a conflict (409); the SMEs of the world do not see it at all.
    "queued review take": ("post", "/api/v1/compliance/assessments/{queued}/review-take/", None, THIRD_SMES),
    "queued review release": (
        "post",
        "/api/v1/compliance/assessments/{queued}/review-release/",
        None,
        {**THIRD_SMES, "reviewer": 409, "colleague": 409},
    ),
    "evidence list": ("get", "/api/v1/compliance/evidence/", None, EVERYONE),
    "evidence": ("get", "/api/v1/compliance/evidence/{evidence}/", None, SHARED),
    "evidence download": ("get", "/api/v1/compliance/evidence/{evidence}/download/", None, SHARED),
    "badges": ("get", "/api/v1/compliance/badges/", None, EVERYONE),
    "valid badge of another SME": ("get", "/api/v1/compliance/badges/{public_badge}/", None, EVERYONE),
    # An inactive badge: its holder and reviewers see it; for everyone else it no longer exists.
    "suspended own badge": (
        "get",
        "/api/v1/compliance/badges/{suspended_badge}/",
        None,
        {"grantee": 404, "outsider": 404, "anonymous": 401},
    ),
    "badge suspend": ("post", "/api/v1/compliance/badges/{public_badge}/suspend/", "reason", REVIEWERS_ONLY),
    "badge revoke": ("post", "/api/v1/compliance/badges/{public_badge}/revoke/", "reason", REVIEWERS_ONLY),
    "shares": ("get", "/api/v1/compliance/shares/", None, EVERYONE),
    "share create": ("post", "/api/v1/compliance/shares/", "share", OWN_ADMIN_CREATES),
    # The grantee learns of a share by what it may see, never as an object of its own.
    "share revoke": (
        "delete",
        "/api/v1/compliance/shares/{share}/",
        None,
        {"own_admin": 204, "own_member": 403, "grantee": 404, "outsider": 404, "reviewer": 404, "colleague": 404}
        | EVERYONE,
    ),
    "licences": ("get", "/api/v1/compliance/licences/", None, EVERYONE),
    "licence create": ("post", "/api/v1/compliance/licences/", "licence", OWN_ADMIN_CREATES),
    "screening for the own SME": (
        "post",
        "/api/v1/compliance/screening/",
        "screening",
        {"grantee": 400, "outsider": 400, "reviewer": 400, "colleague": 400, "anonymous": 401},
    ),
}


@pytest.fixture
def world(settings, tmp_path, compliance_data):
    """`own` with a submitted assessment (with evidence; taken by `reviewer`), a draft, a suspended badge and
    a share with `partner`; `other` with a valid badge; a third SME's submitted assessment nobody took yet."""
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
    third = OrganizationFactory()
    third_admin = member_of(third, MembershipRole.ADMIN)
    queued = services.assessment_submit(assessment=answered_assessment(third, third_admin), by=third_admin)
    taker = reviewer()
    services.review_take(assessment=submitted, reviewer=taker)
    draft = services.assessment_start(organization=own, framework=Framework.objects.get(key="iso9001"), by=admin)
    share = services.share_grant(owner=own, grantee_id=partner.pk, by=admin)
    users = {
        "own_admin": admin,
        "own_member": member_of(own),
        "grantee": member_of(partner),
        "outsider": member_of(other, MembershipRole.ADMIN),
        "reviewer": taker,
        "colleague": reviewer(),
        "anonymous": None,
    }
    ids = {
        "framework": draft.framework_id,
        "submitted": submitted.pk,
        "queued": queued.pk,
        "draft": draft.pk,
        "evidence": evidence.pk,
        "public_badge": badge(other).pk,
        "suspended_badge": badge(own, kind="iso9001", suspended_at=timezone.now()).pk,
        "share": share.pk,
    }
    bodies = {
        "start": {"organization": own.pk, "framework": Framework.objects.get(key="iso27001").pk},
        "answer": {"requirement": "4.1", "status": "compliant"},
        "comment": {"requirement": "S2.2", "text": "Show the restore test."},
        "decision": {"decision": "needs_more", "remarks": "One more document."},
        "reason": {"reason": "Audit finding"},
        "share": {"owner": own.pk, "grantee": other.pk},
        "licence": {
            "organization": own.pk,
            "issuer": "BAFA",
            "reference": "AG-2026-1",
            "classifications": ["ML4"],
            "destinations": ["FR"],
            "valid_from": "2026-01-01",
            "valid_until": "2030-12-31",
        },
        "screening": {"organization": own.pk, "classification": "not_listed", "destination": "FR"},
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


READS = {name: spec for name, spec in ENDPOINTS.items() if spec[0] == "get"}
WRITES = {name: spec for name, spec in ENDPOINTS.items() if spec[0] != "get"}


@pytest.mark.parametrize("role", ROLES)
def test_compliance_read_matrix(world, role):
    """Reads change nothing, so one world serves every read of a role; the mismatches show side by side."""
    users, ids, _bodies = world
    client = _client(users[role])
    answered = {name: _status(client.get(path.format(**ids))) for name, (_, path, _, _) in READS.items()}
    assert answered == {name: wanted.get(role, DEFAULT) for name, (_, _, _, wanted) in READS.items()}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", list(WRITES))
def test_compliance_write_matrix(world, endpoint, role):
    users, ids, bodies = world
    method, template, body_key, expected = WRITES[endpoint]
    body = bodies[body_key] if body_key else None
    response = getattr(_client(users[role]), method)(template.format(**ids), body, format="json")
    wanted = expected.get(role, DEFAULT)
    assert response.status_code == wanted, (endpoint, role, response.content[:300])


def test_a_reviewer_takes_and_releases_a_review_through_the_api(world):
    users, ids, _bodies = world
    url = f"/api/v1/compliance/assessments/{ids['queued']}/"
    first, second = users["colleague"], reviewer()

    taken = _client(first).post(url + "review-take/")
    assert taken.status_code == 200
    assert taken.json() == {"assessment": ids["queued"], "reviewer": first.email}
    crossed = _client(second).post(url + "review-take/")
    assert crossed.status_code == 403
    assert first.email in crossed.json()["detail"]
    assert _client(second).post(url + "review-release/").status_code == 403

    released = _client(first).post(url + "review-release/")
    assert released.status_code == 200
    assert released.json() == {"assessment": ids["queued"], "reviewer": None}
    again = _client(first).post(url + "review-release/")
    assert (again.status_code, again.json()["type"]) == (409, "invalid_state")
    assert _client(second).post(url + "review-take/").json()["reviewer"] == second.email
    actions = AuditEntry.objects.filter(object_id=str(ids["queued"]), action__startswith="review.").order_by("id")
    assert list(actions.values_list("action", "actor__email")) == [
        ("review.taken", first.email),
        ("review.released", first.email),
        ("review.taken", second.email),
    ]


def test_a_platform_administrator_releases_the_review_of_a_reviewer_who_is_away(world):
    _users, ids, _bodies = world
    admin = with_platform_role(UserFactory(), "platform_admin")
    released = _client(admin).post(f"/api/v1/compliance/assessments/{ids['submitted']}/review-release/")
    assert released.status_code == 200
    assert selectors.assessment_reviewer(assessment=Assessment.objects.get(pk=ids["submitted"])) is None


def test_the_own_organization_is_never_its_own_reviewer(world):
    users, ids, _bodies = world
    own_reviewer = with_platform_role(users["own_member"], "compliance_reviewer")
    response = _client(own_reviewer).post(f"/api/v1/compliance/assessments/{ids['submitted']}/review-take/")
    assert (response.status_code, response.json()["type"]) == (403, "conflict_of_interest")
