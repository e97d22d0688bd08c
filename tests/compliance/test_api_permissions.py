"""Permission matrix of the compliance API: role (the owning SME's admin and plain member, a partner it shared
with, another SME, the compliance reviewer who took the review, a colleague reviewer, anonymous) × endpoint →
status. Another organization's assessment or evidence answers 404; a right the role lacks (reviewing, sharing,
suspending) 403."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from compliance import services
from compliance.models import Framework
from organizations.models import MembershipRole
from tests.compliance.factories import answered_assessment, badge, reviewer
from tests.organizations.factories import OrganizationFactory, member_of

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
    a share with `partner`; `other` with a valid badge."""
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
